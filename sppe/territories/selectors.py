"""Reads of the instance's territory."""

from .models import Territory

_REQUEST_ATTRIBUTE = "_sppe_current_territory"


def current_territory(request=None):
    """The instance's territory (None before set-up), read once per request.

    With a request, the row is kept on it, so that the view and the context
    processor share one query. A view that changes the territory must read it
    without the request, so that the page it renders shows the change.
    """
    if request is None:
        return Territory.objects.current()
    try:
        return getattr(request, _REQUEST_ATTRIBUTE)
    except AttributeError:
        territory = Territory.objects.current()
        setattr(request, _REQUEST_ATTRIBUTE, territory)
        return territory
