"""Filters of the API's offer list: query-string parsing and `filter_offers`.

`filter_offers(params)` is the one place the API asks which offers match; it answers
with one query set per kind, in the listing order. It works on the published offer
(territory, in activity) with simple query sets; the family search
(`sppe.offers.search.search_offers`) can take its place later behind the same call,
since `OfferFilters` uses the same words as its `SearchQuery`.
"""

import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from sppe.territories.insee import city_insee
from sppe.territories.models import Commune, Territory

from ..enums import OfferKind
from ..models import MAX_AGE_MONTHS, Availability, Childminder, HomeCareProvider
from ..opendata.records import KIND_ORDER, published_querysets

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
INSEE_RE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
TRUE_VALUES = frozenset({"true", "1", "oui"})
FALSE_VALUES = frozenset({"false", "0", "non"})

# Query-string parameters, with the French text the OpenAPI document and the page show.
PARAMETERS = {
    "page": "Numéro de page, à partir de 1.",
    "page_size": (
        f"Nombre d'offres par page, de 1 à {MAX_PAGE_SIZE} ({DEFAULT_PAGE_SIZE} par défaut)."
    ),
    "commune": "Code INSEE d'une commune du territoire (5 caractères, par exemple 85003).",
    "type": "Type d'offre : establishment (crèche ou autre accueil collectif), childminder "
    "(assistant maternel), mam (maison d'assistants maternels) ou home_care (garde à domicile).",
    "age_mois": f"Âge de l'enfant en mois (0 à {MAX_AGE_MONTHS}) : offres qui accueillent cet âge.",
    "disponible": "true : seulement les offres qui ont une place libre aujourd'hui.",
    "horaires_atypiques": "true : seulement les offres aux horaires atypiques (avant 7 h, après "
    "19 h, le week-end ou la nuit).",
    "accueil_inclusif": "true : seulement les offres qui accueillent des enfants en situation "
    "de handicap.",
}
BOOLEAN_PARAMETERS = ("disponible", "horaires_atypiques", "accueil_inclusif")


class FilterError(ValueError):
    """Invalid query-string parameters: `errors` maps each parameter to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class OfferFilters:
    commune_insee: str | None = None
    kinds: tuple[str, ...] = tuple(KIND_ORDER)
    child_age_months: int | None = None
    available_only: bool = False
    atypical_hours: bool = False
    inclusive_care: bool = False
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE


def _integer(value: str, *, name: str, minimum: int, maximum: int | None, errors: dict):
    value = value.strip()
    if not re.fullmatch(r"\d+", value):
        errors[name] = ["Indiquez un nombre entier positif."]
        return None
    number = int(value)
    if number < minimum or (maximum is not None and number > maximum):
        bound = f"entre {minimum} et {maximum}" if maximum is not None else f"au moins {minimum}"
        errors[name] = [f"Indiquez un nombre {bound}."]
        return None
    return number


def parse_filters(query, territory: Territory | None) -> OfferFilters:
    """OfferFilters from a QueryDict, or FilterError with a French message per parameter."""
    errors: dict[str, list[str]] = {}
    for name in query:
        if name not in PARAMETERS:
            errors[name] = [
                "Paramètre inconnu. Paramètres acceptés : " + ", ".join(PARAMETERS) + "."
            ]
        elif len(query.getlist(name)) > 1:
            errors[name] = ["Indiquez ce paramètre une seule fois."]
    values = {name: query.get(name, "").strip() for name in PARAMETERS if name in query}
    parsed: dict = {}

    if "page" in values:
        parsed["page"] = _integer(
            values["page"], name="page", minimum=1, maximum=None, errors=errors
        )
    if "page_size" in values:
        parsed["page_size"] = _integer(
            values["page_size"], name="page_size", minimum=1, maximum=MAX_PAGE_SIZE, errors=errors
        )
    if "age_mois" in values:
        parsed["child_age_months"] = _integer(
            values["age_mois"], name="age_mois", minimum=0, maximum=MAX_AGE_MONTHS, errors=errors
        )
    if "type" in values:
        if values["type"] in OfferKind.values:
            parsed["kinds"] = (values["type"],)
        else:
            errors["type"] = ["Type inconnu. Valeurs possibles : " + ", ".join(KIND_ORDER) + "."]
    if "commune" in values:
        code = values["commune"].upper()
        if not INSEE_RE.match(code):
            errors["commune"] = ["Indiquez un code INSEE de 5 caractères, par exemple 85003."]
        elif city_insee(code) != code:
            errors["commune"] = [
                f"{code} est le code d'un arrondissement municipal : indiquez celui de la "
                f"commune, {city_insee(code)}."
            ]
        elif territory is None or not territory.communes.filter(insee_code=code).exists():
            errors["commune"] = ["Cette commune ne fait pas partie du territoire."]
        else:
            parsed["commune_insee"] = code
    for name, field in zip(
        BOOLEAN_PARAMETERS, ("available_only", "atypical_hours", "inclusive_care"), strict=True
    ):
        if name not in values:
            continue
        value = values[name].lower()
        if value in TRUE_VALUES:
            parsed[field] = True
        elif value in FALSE_VALUES:
            parsed[field] = False
        else:
            errors[name] = ["Indiquez true ou false."]
    if errors:
        raise FilterError(errors)
    return OfferFilters(**parsed)


def _open_places(**owner) -> QuerySet:
    return Availability.objects.filter(
        places__gt=0, available_from__lte=timezone.localdate(), **owner
    )


def _filter_establishments(qs: QuerySet, params: OfferFilters) -> QuerySet:
    if params.commune_insee:
        qs = qs.filter(commune__insee_code=params.commune_insee)
    if params.child_age_months is not None:
        age = params.child_age_months
        qs = qs.filter(age_min_months__lte=age, age_max_months__gte=age)
    if params.available_only:
        qs = qs.filter(Exists(_open_places(section__establishment=OuterRef("pk"))))
    if params.atypical_hours:
        qs = qs.filter(atypical_hours=True)
    if params.inclusive_care:
        qs = qs.filter(inclusive_care=True)
    return qs


def _filter_childminders(qs: QuerySet, params: OfferFilters) -> QuerySet:
    if params.commune_insee:
        qs = qs.filter(commune__insee_code=params.commune_insee)
    if params.child_age_months is not None:
        age = params.child_age_months
        qs = qs.filter(age_min_months__lte=age, age_max_months__gte=age)
    if params.available_only:
        qs = qs.filter(Exists(_open_places(childminder=OuterRef("pk"))))
    if params.atypical_hours:
        qs = qs.filter(atypical_hours=True)
    if params.inclusive_care:
        qs = qs.filter(inclusive_care=True)
    return qs


def _filter_mams(qs: QuerySet, params: OfferFilters) -> QuerySet:
    """A MAM matches on ages, places and inclusive care through its assistants maternels."""
    if params.commune_insee:
        qs = qs.filter(commune__insee_code=params.commune_insee)
    if params.atypical_hours:
        qs = qs.filter(atypical_hours=True)
    members = Childminder.objects.filter(mam=OuterRef("pk"), is_active=True)
    if params.child_age_months is not None:
        age = params.child_age_months
        members = members.filter(age_min_months__lte=age, age_max_months__gte=age)
    if params.inclusive_care:
        members = members.filter(inclusive_care=True)
    if params.available_only:
        members = members.filter(Exists(_open_places(childminder=OuterRef("pk"))))
    if params.child_age_months is not None or params.inclusive_care or params.available_only:
        qs = qs.filter(Exists(members))
    return qs


def _filter_home_care(qs: QuerySet, params: OfferFilters) -> QuerySet:
    """Home care serves communes and takes every age; it publishes no places nor
    inclusive-care commitment, so those two filters leave it out."""
    if params.available_only or params.inclusive_care:
        return qs.none()
    if params.commune_insee:
        serves = HomeCareProvider.communes.through.objects.filter(
            homecareprovider=OuterRef("pk"),
            commune__in=Commune.objects.filter(insee_code=params.commune_insee),
        )
        qs = qs.filter(Exists(serves))
    if params.atypical_hours:
        qs = qs.filter(atypical_hours=True)
    return qs


FILTERS = {
    OfferKind.ESTABLISHMENT.value: _filter_establishments,
    OfferKind.CHILDMINDER.value: _filter_childminders,
    OfferKind.MAM.value: _filter_mams,
    OfferKind.HOME_CARE.value: _filter_home_care,
}


def filter_offers(params: OfferFilters) -> list[tuple[str, QuerySet]]:
    """The published offers matching `params`: one query set per kind, in listing order."""
    territory = Territory.objects.current()
    return [
        (kind, FILTERS[kind](queryset, params))
        for kind, queryset in published_querysets(territory, params.kinds)
    ]
