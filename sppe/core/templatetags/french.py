"""French typography in templates, and the marks that keep other scripts readable.

- `{% filter tidy_fr %}…{% endfilter %}`: in French, contracts and elides prepositions before
  names ("à Le Poiré-sur-Vie" -> "au Poiré-sur-Vie", "de Aizenay" -> "d'Aizenay") and writes
  the first of a month "1er" (see `sppe.core.french.tidy`). base.html applies it to every page.
- `a_commune`, `de_commune`, `euros_fr`, `size_fr` (`number_fr` is in humanize_fr): the same
  rules for a value.
- `{% lang_fr %}`: ` lang="fr"` on an element holding French text (a place's own description,
  a name of law) when the page is in another language (RGAA 8.7).
- `ltr` and `bdi`: a phone number, a postal code or a name isolated from the text direction,
  so that "02 51 31 93 18" and "Ana A." read the same in Arabic (right to left).
"""

from django import template
from django.template.defaultfilters import filesizeformat
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language, get_language_bidi

from .. import french

register = template.Library()


def in_french() -> bool:
    return (get_language() or "fr").split("-")[0] == "fr"


@register.filter(is_safe=True)
def tidy_fr(value):
    if not in_french() or not value:
        return value
    text = french.tidy_html(str(value))
    # tidy only rewrites words between tags: it adds no markup to what was safe.
    return mark_safe(text) if isinstance(value, SafeData) else text  # noqa: S308


@register.filter
def a_commune(value):
    """ "au Poiré-sur-Vie" in French; the name alone in another language."""
    return french.a_commune(str(value)) if in_french() else str(value)


@register.filter
def de_commune(value):
    return french.de_commune(str(value)) if in_french() else str(value)


@register.filter
def euros_fr(value, decimals=None):
    if value in (None, ""):
        return "—"
    return french.euros(value, None if decimals in (None, "") else int(decimals))


@register.filter
def size_fr(value):
    """A file size in "Ko"/"Mo" in French; Django's own wording in another language."""
    if not in_french():
        return filesizeformat(value)
    try:
        return french.size(int(value))
    except (TypeError, ValueError):
        return ""


@register.simple_tag
def lang_fr():
    return "" if in_french() else mark_safe(' lang="fr"')


@register.filter(is_safe=True)
def ltr(value):
    """A run that always reads left to right: phone numbers, postal codes, times."""
    if value in (None, ""):
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter(is_safe=True)
def bdi(value):
    """A name or an address isolated from the text around it (its own direction)."""
    if value in (None, ""):
        return ""
    return format_html("<bdi>{}</bdi>", conditional_escape(value))


@register.filter
def lower_first(value):
    """ "Public (commune, EPCI, CCAS)" -> "public (commune, EPCI, CCAS)": only the first
    letter, so that acronyms keep their capitals."""
    text = str(value)
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


@register.filter
def isolate(value):
    """A name isolated by Unicode marks (FSI … PDI), where no tag may go (a page title), in
    a right-to-left page; the name as it is in the others."""
    if value in (None, ""):
        return ""
    return f"\u2068{value}\u2069" if get_language_bidi() else str(value)
