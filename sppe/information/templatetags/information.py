from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from sppe.offers import schedule
from sppe.offers.enums import Weekday

from .. import markup
from ..fees.explanation import euros as format_euros

register = template.Library()


@register.filter
def euros(value):
    """Decimal("1234.5") -> "1 234,50 €", as the simulator writes amounts."""
    if value in (None, ""):
        return "—"
    return format_euros(Decimal(value))


@register.filter
def isolated(value):
    """A number with its unit ("1 234,50 €", "0,0619 %") isolated from the text direction,
    so that it reads the same in Arabic (right to left)."""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def local_text(value):
    """The territory's own text, escaped, with its few marks (see markup.py)."""
    return markup.render(value)


@register.simple_tag
def opening_rows(contact):
    """Opening hours of a contact, with the day names in the page's language."""
    rows = []
    for day, hours in contact.opening_rows():
        # describe_schedule speaks French; Weekday holds the translatable names.
        if day in schedule.WEEKDAY_LABELS:
            day = Weekday(schedule.WEEKDAY_LABELS.index(day)).label
        rows.append((day, _("fermé") if hours == "fermé" else hours))
    return rows
