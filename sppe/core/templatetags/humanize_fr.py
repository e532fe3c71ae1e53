from django import template

from .. import french

register = template.Library()


@register.filter
def number_fr(value):
    """12345 -> '12 345' with a narrow no-break space, as French typography wants."""
    if value in (None, ""):
        return "—"
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    return french.number(number)
