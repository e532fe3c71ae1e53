"""The published offer: which rows leave the platform, and their public records.

Only offers of the instance's territory that are in activity are published. The record
of each row comes from `sppe.offers.public`, the one place that knows what is public.
"""

from collections.abc import Iterator

from django.db.models import Exists, OuterRef, QuerySet

from sppe.territories.models import Territory

from .. import schedule
from ..enums import OfferKind
from ..models import Childminder, Establishment, HomeCareProvider, Mam
from ..public import childminder_public, establishment_public, home_care_public, mam_public

# Rows fetched per database round trip when streaming a whole territory.
CHUNK_SIZE = 1000


PUBLIC_RECORD = {
    OfferKind.ESTABLISHMENT.value: establishment_public,
    OfferKind.MAM.value: mam_public,
    OfferKind.CHILDMINDER.value: childminder_public,
    OfferKind.HOME_CARE.value: home_care_public,
}


def _territory_communes(territory: Territory):
    return territory.communes.all()


def published_establishments(territory: Territory | None) -> QuerySet:
    if territory is None:
        return Establishment.objects.none()
    return (
        Establishment.objects.filter(is_active=True, commune__in=_territory_communes(territory))
        .select_related("commune")
        .order_by("name", "pk")
    )


def published_childminders(territory: Territory | None) -> QuerySet:
    if territory is None:
        return Childminder.objects.none()
    return (
        Childminder.objects.filter(is_active=True, commune__in=_territory_communes(territory))
        .select_related("commune", "mam")
        .order_by("first_name", "pk")
    )


def published_mams(territory: Territory | None) -> QuerySet:
    """MAM of the territory where at least one assistant maternel is in activity."""
    if territory is None:
        return Mam.objects.none()
    active_member = Childminder.objects.filter(mam=OuterRef("pk"), is_active=True)
    return (
        Mam.objects.filter(Exists(active_member), commune__in=_territory_communes(territory))
        .select_related("commune")
        .order_by("name", "pk")
    )


def published_home_care(territory: Territory | None) -> QuerySet:
    """Home-care providers in activity serving at least one commune of the territory."""
    if territory is None:
        return HomeCareProvider.objects.none()
    serves_territory = HomeCareProvider.communes.through.objects.filter(
        homecareprovider=OuterRef("pk"), commune__in=_territory_communes(territory)
    )
    return (
        HomeCareProvider.objects.filter(Exists(serves_territory), is_active=True)
        .prefetch_related("communes")
        .order_by("name", "pk")
    )


PUBLISHED = {
    OfferKind.ESTABLISHMENT.value: published_establishments,
    OfferKind.MAM.value: published_mams,
    OfferKind.CHILDMINDER.value: published_childminders,
    OfferKind.HOME_CARE.value: published_home_care,
}
# The order in which kinds are listed by the API and the exports.
KIND_ORDER = [
    OfferKind.ESTABLISHMENT.value,
    OfferKind.MAM.value,
    OfferKind.CHILDMINDER.value,
    OfferKind.HOME_CARE.value,
]


def iter_records(querysets: list[tuple[str, QuerySet]]) -> Iterator[dict]:
    """Public records of every row, streamed by chunks (one query per chunk and kind)."""
    for kind, queryset in querysets:
        to_record = PUBLIC_RECORD[kind]
        for obj in queryset.iterator(chunk_size=CHUNK_SIZE):
            yield to_record(obj)


def published_querysets(territory: Territory | None, kinds=None) -> list[tuple[str, QuerySet]]:
    return [(kind, PUBLISHED[kind](territory)) for kind in (kinds or KIND_ORDER)]


def valid_opening_hours(value: str) -> str | None:
    """The stored OSM `opening_hours` string when it is valid, else None (never exported)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        schedule.validate(value)
    except schedule.OpeningHoursError:
        return None
    return value


def describe_age(months: int) -> str:
    """'2 mois', '1 an', '3 ans', '18 mois': ages as families say them."""
    if months >= 12 and months % 12 == 0:
        years = months // 12
        return "1 an" if years == 1 else f"{years} ans"
    return f"{months} mois"


def describe_age_range(age_min: int, age_max: int) -> str:
    if age_min == 0:
        return f"de la naissance à {describe_age(age_max)}"
    return f"de {describe_age(age_min)} à {describe_age(age_max)}"
