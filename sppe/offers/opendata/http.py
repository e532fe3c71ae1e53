"""HTTP rules shared by the open-data downloads and the API: read-only, open, cacheable."""

from functools import wraps

from django.http import JsonResponse

CACHE_SECONDS = 300
SAFE_METHODS = ("GET", "HEAD")


def public_headers(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


def json_error(message: str, *, status: int, errors: dict | None = None) -> JsonResponse:
    body = {"message": message}
    if errors:
        body["erreurs"] = errors
    return public_headers(
        JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    )


def public_endpoint(view):
    """GET and HEAD only (405 in JSON otherwise), open to any origin, cached 5 minutes."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            response = json_error(
                "Cette adresse ne sert que des lectures (méthode GET).", status=405
            )
            response["Allow"] = ", ".join(SAFE_METHODS)
            return response
        return public_headers(view(request, *args, **kwargs))

    return wrapped
