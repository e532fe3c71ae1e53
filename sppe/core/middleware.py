import logging
import time

from django.conf import settings
from django.utils.cache import patch_cache_control

from .logging import mask_path, scrub

logger = logging.getLogger("sppe.request")

# URL parts that are keys: whoever reads them in a log could log in or answer in
# someone's name (log-in links, availability links, campaign confirmations).
SECRET_URL_KWARGS = ("token",)


def loggable_path(request) -> str:
    """The path without its secret parts, e-mail addresses or phone numbers."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is None:
        return mask_path(path)
    for name in SECRET_URL_KWARGS:
        value = match.kwargs.get(name)
        if value:
            path = path.replace(str(value), "[jeton masqué]")
    return scrub(path)


class RequestLogMiddleware:
    """One structured line per request: method, path (no query string), status, time.

    The query string is left out because searches carry addresses; tokens in the path
    are masked (see `loggable_path`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": loggable_path(request),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - start) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response


class PrivatePagesNotStoredMiddleware:
    """Pages shown to a signed-in user are not kept by the browser nor any cache.

    Dossiers, incomes and childminders' private details are read on shared computers
    (a town hall's counter, a relay's office): the back button after logging out must
    not show them again. Responses that set their own Cache-Control keep it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_store=True)
        return response


class ContentSecurityPolicyMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (settings).

    Pages carry no inline script or style: the territory's colour comes from a small
    stylesheet (core:theme_css), so the policy allows our own files only.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        permissions = getattr(settings, "PERMISSIONS_POLICY", "")
        if permissions and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = permissions
        return response
