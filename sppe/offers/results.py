"""The items of the search results list, as HTML built in Python.

A results page lists twenty places; through the template engine (one include per
place, a dozen conditions and translations each) they were the largest part of the
page's time. The markup is plain and stable: an <article> per place, headed by its
link, then its kind and distance, its free places and its freshness. Every value is
escaped by format_html; translations are trusted HTML, as in {% translate %}.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .enums import OfferKind


def _kind_label(kind: str) -> str:
    if kind == OfferKind.CHILDMINDER.value:
        return _("Assistant maternel")
    if kind == OfferKind.MAM.value:
        return _("MAM")
    return ""  # a crèche's detail line already says which kind it is


def _availability(hit, texts) -> SafeString:
    if not hit.free_places:
        return format_html(
            '<span class="badge">{}</span>', _("Pas de place libre annoncée pour vos critères")
        )
    return format_html(
        '<strong class="badge badge--free">{}</strong> {}',
        texts["places"],
        texts.get("free_from", ""),
    )


def _freshness(hit, texts) -> SafeString:
    if not hit.updated_at:
        return format_html("{}", _("Disponibilités jamais mises à jour"))
    if hit.is_stale:
        return format_html("{} {}", _("Information ancienne :"), texts["updated"])
    return format_html("{}", texts["updated"])


def _tags(hit) -> SafeString:
    tags = []
    if hit.atypical_hours:
        tags.append(_("Horaires atypiques"))
    if hit.inclusive_care:
        tags.append(_("Accueil inclusif"))
    if not tags:
        return mark_safe("")  # noqa: S308 (empty)
    return format_html(
        '<ul class="tags">{}</ul>', format_html_join("", "<li>{}</li>", ((t,) for t in tags))
    )


def result_item_html(hit, url: str, texts: dict) -> SafeString:
    """One place of the results list: <li class="result"><article>…</article></li>."""
    anchor = f"hit-{hit.kind}-{hit.id}"
    stale = " hit__freshness--stale" if hit.is_stale else ""
    return format_html(
        '<li class="result"><article class="hit" aria-labelledby="{anchor}">'
        '<h3 id="{anchor}" class="hit__title"><a href="{url}"><bdi>{name}</bdi></a></h3>'
        '<p class="hit__meta">{kind} {detail} · {commune} · {distance}</p>'
        '<p class="hit__availability">{availability}</p>'
        '<p class="hit__freshness{stale}">{freshness}</p>'
        "{tags}</article></li>",
        anchor=anchor,
        url=url,
        name=hit.name,
        kind=_kind_label(hit.kind),
        detail=hit.detail,
        commune=hit.commune,
        distance=texts["distance"],
        availability=_availability(hit, texts),
        stale=stale,
        freshness=_freshness(hit, texts),
        tags=_tags(hit),
    )


def result_items_html(rows) -> SafeString:
    """The <li> items of the results list, from views.hits_for_page()."""
    return mark_safe("\n".join(result_item_html(*row) for row in rows))  # noqa: S308
