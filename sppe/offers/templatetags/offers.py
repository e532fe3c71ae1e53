"""Template tags of the offer pages."""

from urllib.parse import urlsplit

from django import template
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

register = template.Library()


@register.simple_tag(takes_context=True)
def back_to_search_url(context) -> str:
    """The results list the family came from, or the empty search form.

    A place page is opened from a results page; its "back" link returns to those
    results (criteria and page kept) when the browser says so through Referer. Only
    the query string is taken from it, and only when it came from this site's search.
    """
    search = reverse("offers:search")
    request = context.get("request")
    referer = request.META.get("HTTP_REFERER", "") if request is not None else ""
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return search
    parts = urlsplit(referer)
    if parts.path != search or not parts.query:
        return search
    return f"{search}?{parts.query}#resultats"
