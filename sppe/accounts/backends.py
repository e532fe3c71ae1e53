"""Sign-in throttling: django-axes, on every sign-in made through a web request."""

from axes.backends import AxesStandaloneBackend


class SignInThrottlingBackend(AxesStandaloneBackend):
    """Counts failed sign-ins per account and per address (settings: AXES_*).

    A sign-in without a request (a management command, the test client's `login`)
    has no address to count: it is left to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def sign_in_username(request, credentials=None) -> str:
    """The account counted by the throttling: the address as the form reads it (trimmed,
    lower case), so that "Agent@X" and "agent@x " count as one account."""
    source = credentials if credentials else getattr(request, "POST", {})
    # Django's sign-in form passes the address under the user model's USERNAME_FIELD.
    value = source.get("username") or source.get("email") or ""
    return str(value).strip().lower()
