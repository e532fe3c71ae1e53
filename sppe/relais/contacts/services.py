"""Writes of the contact log (`now` optional, for the demo and the tests)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sppe.accounts.perms import communes_in_perimeter
from sppe.territories.models import Territory

from ..enums import DURATIONS
from .models import Contact


class ContactError(Exception):
    pass


@transaction.atomic
def contact_log(
    *,
    by,
    person_kind,
    commune,
    channel,
    themes,
    duration_minutes,
    orientation,
    childminder=None,
    appointment=None,
    occurred_on=None,
    now=None,
):
    now = now or timezone.now()
    today = timezone.localdate(now)
    occurred_on = occurred_on or today
    perimeter = communes_in_perimeter(by, Territory.objects.current())
    if not perimeter.filter(pk=commune.pk).exists():
        raise ContactError(_("Cette commune n'est pas dans les communes de votre relais."))
    if occurred_on > today:
        raise ContactError(_("Un contact ne peut pas être noté à une date à venir."))
    themes = list(themes)
    if not themes:
        raise ContactError(_("Choisissez au moins un thème."))
    if duration_minutes not in DURATIONS:
        raise ContactError(_("Choisissez une durée de la liste."))
    if childminder is not None and not perimeter.filter(pk=childminder.commune_id).exists():
        raise ContactError(
            _("Cet assistant maternel n'exerce pas dans les communes de votre relais.")
        )
    if appointment is not None and Contact.objects.filter(appointment=appointment).exists():
        raise ContactError(_("Le contact de ce rendez-vous est déjà noté."))
    contact = Contact.objects.create(
        occurred_on=occurred_on,
        agent=by,
        person_kind=person_kind,
        commune=commune,
        channel=channel,
        duration_minutes=duration_minutes,
        orientation=orientation,
        childminder=childminder,
        appointment=appointment,
        created_at=now,
    )
    contact.themes.set(themes)
    return contact
