from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from sppe.core.contrast import FALLBACK_PRIMARY, is_readable_on_white_text, worst_ratio

from .enums import TerritoryKind
from .models import Commune, Territory


@dataclass(frozen=True)
class ColourCheck:
    colour: str
    ratio: float
    readable: bool

    @property
    def warning(self) -> str | None:
        if self.readable:
            return None
        return _(
            "La couleur %(colour)s n'offre qu'un contraste de %(ratio)s:1 sur l'un des fonds "
            "où elle est employée : texte blanc, fond blanc, encadrés gris ou avertissements "
            "(il faut au moins 4,5:1). La couleur de repli %(fallback)s est affichée à la place."
        ) % {"colour": self.colour, "ratio": self.ratio_fr, "fallback": FALLBACK_PRIMARY}

    @property
    def ratio_fr(self) -> str:
        return f"{self.ratio:.1f}".replace(".", ",")


def check_colour(colour: str) -> ColourCheck:
    ratio = worst_ratio(colour)
    return ColourCheck(colour=colour, ratio=ratio, readable=is_readable_on_white_text(colour))


class PerimeterError(ValueError):
    pass


def _perimeter(*, kind, epci=None, department=None, communes=()):
    if kind == TerritoryKind.EPCI:
        if epci is None:
            raise PerimeterError(_("Choisissez l'EPCI du territoire."))
        return Commune.objects.filter(epci=epci)
    if kind == TerritoryKind.DEPARTMENT:
        if department is None:
            raise PerimeterError(_("Choisissez le département du territoire."))
        return Commune.objects.filter(department=department)
    if not communes:
        raise PerimeterError(_("Choisissez au moins une commune."))
    return Commune.objects.filter(pk__in=[c.pk for c in communes])


@transaction.atomic
def territory_configure(*, name, kind, epci=None, department=None, communes=(), colour=None):
    """Create or redefine the instance's territory and its perimeter of communes."""
    perimeter = list(_perimeter(kind=kind, epci=epci, department=department, communes=communes))
    territory = Territory.objects.select_for_update().order_by("pk").first() or Territory()
    territory.name = name
    territory.kind = kind
    territory.epci = epci if kind == TerritoryKind.EPCI else None
    territory.department = department if kind == TerritoryKind.DEPARTMENT else None
    if colour:
        territory.primary_colour = colour
    territory.full_clean(exclude=["communes"])
    territory.save()
    territory.communes.set(perimeter)
    return territory


@transaction.atomic
def territory_update_appearance(
    *, territory, name, primary_colour, logo=None, logo_alt="", siret=None
):
    """Save the display settings; returns the colour check so the caller can warn."""
    territory = Territory.objects.select_for_update().get(pk=territory.pk)
    territory.name = name
    if siret is not None:
        territory.siret = siret
    territory.primary_colour = primary_colour.lower()
    territory.logo_alt = logo_alt
    if logo is not None:
        territory.logo = logo
    territory.full_clean(exclude=["communes"])
    territory.save()
    return territory, check_colour(territory.primary_colour)
