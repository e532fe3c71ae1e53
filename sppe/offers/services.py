"""Writes of the offer: availability updates, magic links, reminders."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from sppe.notifications.services import email_queue

from .models import Availability, Childminder, Establishment
from .tokens import make_token

REMINDER_INTERVAL_DAYS = 7


class AvailabilityError(ValueError):
    """The availability rows do not fit the agrément or the sections' capacity."""


@dataclass(frozen=True)
class AvailabilityRow:
    places: int
    available_from: date
    days: int
    age_min_months: int
    age_max_months: int
    section_id: int | None = None


# A place free "since" a few days ago is plausible; a date older than this is a typing error
# (an availability "from 1 January 2020") that would show a stale offer as current.
MAX_PAST_DAYS = 31
PAST_DATE_MESSAGE = _l(
    "Cette date est passée depuis plus d'un mois : si la place est libre dès maintenant, "
    "indiquez la date d'aujourd'hui."
)


def _check_rows(rows, *, capacity_by_section=None, max_places=None):
    oldest = timezone.localdate() - timedelta(days=MAX_PAST_DAYS)
    for row in rows:
        if row.available_from < oldest:
            raise AvailabilityError(str(PAST_DATE_MESSAGE))
        if row.age_min_months > row.age_max_months:
            raise AvailabilityError(_("L'âge minimum doit être inférieur ou égal à l'âge maximum."))
        if not row.days:
            raise AvailabilityError(_("Cochez au moins un jour."))
    if max_places is not None and sum(r.places for r in rows) > max_places:
        raise AvailabilityError(
            _("Vous annoncez plus de places libres (%(n)s) que votre agrément (%(max)s).")
            % {"n": sum(r.places for r in rows), "max": max_places}
        )
    if capacity_by_section is not None:
        for section_id, capacity in capacity_by_section.items():
            total = sum(r.places for r in rows if r.section_id == section_id)
            if total > capacity:
                raise AvailabilityError(
                    _("Une section a plus de places libres (%(n)s) que de places (%(max)s).")
                    % {"n": total, "max": capacity}
                )
        if any(r.section_id not in capacity_by_section for r in rows):
            raise AvailabilityError(_("Choisissez une section de cet établissement."))


@transaction.atomic
def childminder_availability_replace(*, childminder, rows, by=None):
    """Replace all free places of an AM and mark them as confirmed now."""
    am = Childminder.objects.select_for_update().get(pk=childminder.pk)
    _check_rows(rows, max_places=am.places)
    am.availabilities.all().delete()
    now = timezone.now()
    Availability.objects.bulk_create(
        Availability(
            childminder=am,
            places=r.places,
            available_from=r.available_from,
            days=r.days,
            age_min_months=r.age_min_months,
            age_max_months=r.age_max_months,
            updated_at=now,
            updated_by=by,
        )
        for r in rows
    )
    am.availability_updated_at = now
    am.save(update_fields=["availability_updated_at", "updated_at"])
    return am


@transaction.atomic
def establishment_availability_replace(*, establishment, rows, by=None):
    e = Establishment.objects.select_for_update().get(pk=establishment.pk)
    capacities = dict(e.sections.values_list("pk", "capacity"))
    _check_rows(rows, capacity_by_section=capacities)
    Availability.objects.filter(section__establishment=e).delete()
    now = timezone.now()
    Availability.objects.bulk_create(
        Availability(
            section_id=r.section_id,
            places=r.places,
            available_from=r.available_from,
            days=r.days,
            age_min_months=r.age_min_months,
            age_max_months=r.age_max_months,
            updated_at=now,
            updated_by=by,
        )
        for r in rows
    )
    e.availability_updated_at = now
    e.save(update_fields=["availability_updated_at", "updated_at"])
    return e


def _absolute(request_or_base, path):
    if hasattr(request_or_base, "build_absolute_uri"):
        return request_or_base.build_absolute_uri(path)
    return f"{request_or_base.rstrip('/')}{path}"


def childminder_magic_link_send(*, identifier: str, base) -> bool:
    """E-mail a magic link to the AM with this e-mail or agrément number.

    Returns whether a link was sent; the page says the same thing in both cases so
    that nobody can find out who is in the list.
    """
    identifier = identifier.strip()
    if not identifier:
        return False
    am = (
        Childminder.objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(email__iexact=identifier) | Q(agrement_number__iexact=identifier))
        .first()
    )
    if am is None:
        return False
    link = _absolute(base, reverse("offers:availability_link", args=[make_token(am)]))
    email_queue(
        event="availability_link",
        to=am.email,
        subject=_("Vos disponibilités d'accueil : votre lien"),
        body=_(
            "Bonjour %(name)s,\n\n"
            "Voici votre lien pour mettre à jour vos places libres, sans mot de passe. "
            "Il est valable 14 jours :\n\n%(link)s\n\n"
            "Si vous n'avez rien demandé, ignorez ce message.\n\n"
            "Le relais petite enfance"
        )
        % {"name": am.first_name, "link": link},
    )
    return True


def stale_childminders(territory, *, now=None):
    now = now or timezone.now()
    limit = now - timezone.timedelta(days=territory.availability_stale_after_days)
    return Childminder.objects.filter(
        Q(availability_updated_at__lt=limit) | Q(availability_updated_at__isnull=True),
        is_active=True,
        commune__in=territory.communes.all(),
    )


def stale_establishments(territory, *, now=None):
    now = now or timezone.now()
    limit = now - timezone.timedelta(days=territory.availability_stale_after_days)
    return Establishment.objects.filter(
        Q(availability_updated_at__lt=limit) | Q(availability_updated_at__isnull=True),
        is_active=True,
        commune__in=territory.communes.all(),
    )


def _not_reminded_since(now):
    last = now - timezone.timedelta(days=REMINDER_INTERVAL_DAYS)
    return Q(availability_reminded_at__isnull=True) | Q(availability_reminded_at__lt=last)


def _remind_childminder(am, base):
    link = _absolute(base, reverse("offers:availability_link", args=[make_token(am)]))
    email_queue(
        event="availability_reminder",
        to=am.email,
        subject=_("Vos places libres sont-elles toujours à jour ?"),
        body=_(
            "Bonjour %(name)s,\n\n"
            "Les familles voient la date de votre dernière mise à jour. Confirmez ou "
            "corrigez vos places libres en une minute, sans mot de passe :\n\n%(link)s\n\n"
            "Le relais petite enfance"
        )
        % {"name": am.first_name, "link": link},
    )


def _remind_establishment(establishment, base):
    link = _absolute(base, reverse("offers:establishment_availability", args=[establishment.pk]))
    email_queue(
        event="establishment_reminder",
        to=establishment.email,
        subject=_("Les places libres de %(name)s sont-elles à jour ?")
        % {"name": establishment.name},
        body=_(
            "Bonjour,\n\nLes familles voient la date de votre dernière mise à jour. "
            "Connectez-vous pour confirmer ou corriger les places libres :\n\n%(link)s\n\n"
            "Le relais petite enfance"
        )
        % {"link": link},
    )


def availability_reminders_send(*, territory, base, now=None, only=None) -> int:
    """Remind owners of stale availability, at most once every 7 days each.

    `only` restricts to given objects (an agent's "Relancer" button).
    """
    now = now or timezone.now()
    sent = 0
    for queryset, remind in (
        (stale_childminders(territory, now=now), _remind_childminder),
        (stale_establishments(territory, now=now), _remind_establishment),
    ):
        due = queryset.exclude(email="").filter(_not_reminded_since(now))
        if only is not None:
            due = due.filter(pk__in=[o.pk for o in only if isinstance(o, queryset.model)])
        for owner in due.iterator():
            # Claim the reminder first: if two agents (or the nightly command) act at
            # once, only the one whose update matched sends the e-mail.
            claimed = (
                type(owner)
                .objects.filter(_not_reminded_since(now), pk=owner.pk)
                .update(availability_reminded_at=now)
            )
            if claimed:
                remind(owner, base)
                sent += 1
    return sent


@dataclass(frozen=True)
class LocateReport:
    located: int
    not_found: int
    back_to_commune: int
    unreachable: bool = False


def childminders_locate(*, geocoder, childminders=None) -> LocateReport:
    """Place each childminder who consents to publish her address at that address (geocoded
    with the Base Adresse Nationale), so that "nearest first" means something; put back at
    the centre of her commune anyone who withdrew consent. An address the geocoder does not
    find precisely in her own commune leaves her at the centre. Stops, keeping what is done,
    when the geocoder cannot be reached."""
    from .geocoding import GeocodingError

    queryset = Childminder.objects.filter(is_active=True).select_related("commune")
    if childminders is not None:
        queryset = queryset.filter(pk__in=[am.pk for am in childminders])
    back = 0
    for am in queryset.filter(address_is_public=False):
        centre = (am.commune.latitude, am.commune.longitude)
        if (am.latitude, am.longitude) != centre:
            Childminder.objects.filter(pk=am.pk).update(latitude=centre[0], longitude=centre[1])
            back += 1
    located = not_found = 0
    for am in queryset.filter(address_is_public=True).exclude(address=""):
        query = f"{am.address} {am.postal_code} {am.commune.name}"
        try:
            results = geocoder.geocode(query, limit=3)
        except GeocodingError:
            return LocateReport(located, not_found, back, unreachable=True)
        match = next(
            (r for r in results if r.precise and r.commune_insee == am.commune.insee_code), None
        )
        if match is None:
            not_found += 1
            continue
        Childminder.objects.filter(pk=am.pk).update(
            latitude=match.latitude, longitude=match.longitude
        )
        located += 1
    return LocateReport(located, not_found, back)
