"""Reads of the offer for pages: always limited to the instance's territory."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from sppe.territories import selectors as territory_selectors

from .models import Availability, Childminder, Establishment, Mam


def current_territory(request=None):
    """The instance's territory (read once per request when given one), or 404."""
    territory = territory_selectors.current_territory(request)
    if territory is None:
        raise Http404("Le territoire de cette instance n'est pas encore configuré.")
    return territory


def territory_communes(territory):
    return territory.communes.with_coordinates().order_by("name")


def stale_before(territory):
    return timezone.now() - timezone.timedelta(days=territory.availability_stale_after_days)


def public_childminder(pk, territory):
    return get_object_or_404(
        Childminder.objects.select_related("commune", "mam"),
        pk=pk,
        is_active=True,
        commune__in=territory.communes.all(),
    )


def public_establishment(pk, territory):
    return get_object_or_404(
        Establishment.objects.select_related("commune"),
        pk=pk,
        is_active=True,
        commune__in=territory.communes.all(),
    )


def public_mam(pk, territory):
    return get_object_or_404(
        Mam.objects.select_related("commune"), pk=pk, commune__in=territory.communes.all()
    )


def open_availabilities(**owner):
    return Availability.objects.filter(places__gt=0, **owner).order_by("available_from", "pk")


def childminder_url(am):
    from django.urls import reverse

    return reverse("offers:childminder", args=[am.pk])


def establishment_url(establishment):
    from django.urls import reverse

    return reverse("offers:establishment", args=[establishment.pk])


def relay_for(commune):
    """The Relais Petite Enfance a family contacts about an AM of `commune`.

    The one whose perimeter holds the commune, else the instance's first one: a family
    is never left without a number to call.
    """
    from sppe.territories.enums import OrganisationKind
    from sppe.territories.models import Organisation

    relays = Organisation.objects.filter(kind=OrganisationKind.RPE).order_by("name")
    return relays.filter(communes=commune).first() or relays.first()
