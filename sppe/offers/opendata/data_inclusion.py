"""The offer in the data·inclusion schema (v1): "structures" and "services".

Schema: PyPI `data-inclusion-schema` (module `data_inclusion.schema.v1`), the national
schema of the offer of social and professional inclusion services, whose thematique
`famille--garde-denfants` ("Garde d'enfants") covers childcare. Each published place
(crèche, MAM, assistant maternel, home-care provider) is one structure offering one
childcare service. The tests validate every row with the package's own pydantic models;
the values below are members of its enums (checked by the tests too), kept as plain
strings so that the application itself does not need the package.

Schema v1 has no "typologie" of structures any more (it was dropped after v0); the
nearest notion, `reseaux_porteurs`, is filled only where we know it: public crèches
(`communes`: commune, EPCI or CCAS).
"""

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils.text import slugify

from sppe.core.french import a_commune, plural

from ..enums import EstablishmentKind, Funding, ManagerType, OfferKind
from .records import describe_age_range, valid_opening_hours

SCHEMA_TITLE = "data·inclusion — schéma de l'offre d'insertion (v1)"
SCHEMA_URL = "https://gip-inclusion.github.io/data-inclusion-schema/latest/"
SCHEMA_PACKAGE = "data-inclusion-schema"

THEMATIQUE_GARDE_ENFANTS = "famille--garde-denfants"
FRAIS_PAYANT = "payant"
PUBLIC_FAMILLES = "familles"
MODE_ACCUEIL_PRESENTIEL = "en-presentiel"
MOBILISATION_TELEPHONER = "telephoner"
MOBILISATION_COURRIEL = "envoyer-un-courriel"
MOBILISABLE_PAR_USAGERS = "usagers"
RESEAU_COMMUNES = "communes"

# Column order of the package's models (`Structure.model_fields`, `Service.model_fields`).
STRUCTURE_FIELDS = [
    "source",
    "id",
    "nom",
    "date_maj",
    "description",
    "lien_source",
    "siret",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "longitude",
    "latitude",
    "telephone",
    "courriel",
    "site_web",
    "horaires_accueil",
    "accessibilite_lieu",
    "reseaux_porteurs",
]
SERVICE_FIELDS = [
    "source",
    "structure_id",
    "id",
    "nom",
    "description",
    "lien_source",
    "date_maj",
    "type",
    "thematiques",
    "frais",
    "frais_precisions",
    "publics",
    "publics_precisions",
    "conditions_acces",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "longitude",
    "latitude",
    "telephone",
    "courriel",
    "modes_accueil",
    "zone_eligibilite",
    "contact_nom_prenom",
    "lien_mobilisation",
    "modes_mobilisation",
    "mobilisable_par",
    "mobilisation_precisions",
    "volume_horaire_hebdomadaire",
    "nombre_semaines",
    "horaires_accueil",
]

NAME_MIN, NAME_MAX = 3, 150
DESCRIPTION_MIN, DESCRIPTION_MAX = 5, 10000

SERVICE_NAMES = {
    OfferKind.CHILDMINDER.value: "Accueil chez un assistant maternel",
    OfferKind.MAM.value: "Accueil en maison d'assistants maternels (MAM)",
    OfferKind.HOME_CARE.value: "Garde d'enfants à domicile",
}


def source_id(territory) -> str:
    """The producer's identifier: this platform on this territory."""
    return f"sppe-{slugify(territory.name)}" if territory else "sppe"


def _or_none(value):
    return value if value not in ("", None) else None


def _text(value: str, *, minimum: int, maximum: int) -> str | None:
    value = (value or "").strip()
    if len(value) < minimum:
        return None
    return value[:maximum]


def _date_maj(record: dict, today: dt.date) -> dt.date:
    """Last change of the record: its update stamp when public, else the export day."""
    for key in ("updated_at", "availability_updated_at"):
        stamp = record.get(key)
        if stamp:
            day = stamp.date() if isinstance(stamp, dt.datetime) else stamp
            return min(day, today)
    return today


def _structure_name(record: dict) -> str:
    name = record["name"].strip()
    if record["kind"] == OfferKind.CHILDMINDER.value:
        name = f"{name} (assistant maternel)"
    elif len(name) < NAME_MIN:
        name = f"{EstablishmentKind(record['establishment_kind']).label} {name}"
    return name[:NAME_MAX]


def _place_fields(record: dict) -> dict:
    """Address and contact fields shared by a structure and its service."""
    phone = _or_none(record.get("phone"))
    email = _or_none(record.get("email"))
    postal_code = record.get("postal_code") or ""
    return {
        "commune": _or_none(record.get("commune")),
        "code_postal": postal_code if len(postal_code) == 5 and postal_code.isdigit() else None,
        "code_insee": _or_none(record.get("insee_code")),
        "adresse": _or_none(record.get("address")),
        "complement_adresse": None,
        "longitude": record.get("longitude"),
        "latitude": record.get("latitude"),
        "telephone": phone,
        "courriel": email,
    }


# The public page of each kind of place; home-care services have none.
PLACE_PAGES = {
    OfferKind.CHILDMINDER.value: "offers:childminder",
    OfferKind.ESTABLISHMENT.value: "offers:establishment",
    OfferKind.MAM.value: "offers:mam",
}


def place_page_url(record: dict, site_url: str) -> str | None:
    """The absolute address of the record's page on this platform (`lien_source`)."""
    name = PLACE_PAGES.get(record["kind"])
    if not name or not site_url:
        return None
    return site_url.rstrip("/") + reverse(name, args=[record["id"]])


def structure(record: dict, *, source: str, today: dt.date, site_url: str = "") -> dict:
    """A data·inclusion structure from a public record (`sppe.offers.public`)."""
    row = dict.fromkeys(STRUCTURE_FIELDS)
    row.update(
        source=source,
        id=f"{source}--{record['kind']}-{record['id']}",
        lien_source=place_page_url(record, site_url),
        nom=_structure_name(record),
        date_maj=_date_maj(record, today),
        description=_text(
            record.get("description", ""), minimum=DESCRIPTION_MIN, maximum=DESCRIPTION_MAX
        ),
        site_web=_or_none(record.get("website")),
        horaires_accueil=valid_opening_hours(record.get("opening_hours", "")),
    )
    row.update(_place_fields(record))
    if record["kind"] == OfferKind.HOME_CARE.value:
        row.update(commune=None, code_insee=None)
    if record.get("manager_type") == ManagerType.PUBLIC.value:
        row["reseaux_porteurs"] = [RESEAU_COMMUNES]
    return row


def _service_name(record: dict) -> str:
    if record["kind"] == OfferKind.ESTABLISHMENT.value:
        label = EstablishmentKind(record["establishment_kind"]).label
        return f"Accueil en {label[0].lower()}{label[1:]}"
    return SERVICE_NAMES[record["kind"]]


def _summary(record: dict) -> str:
    """A plain description built from public fields, when the place wrote none."""
    kind = record["kind"]
    if kind == OfferKind.HOME_CARE.value:
        communes = ", ".join(record["communes"])
        return f"Garde d'enfants au domicile des parents. Communes desservies : {communes}."
    ages = describe_age_range(record.get("age_min_months", 0), record.get("age_max_months", 0))
    if kind == OfferKind.ESTABLISHMENT.value:
        label = EstablishmentKind(record["establishment_kind"]).label
        return (
            f"{label} de {record['capacity']} places {a_commune(record['commune'])}, "
            f"pour les enfants {ages}."
        )
    if kind == OfferKind.CHILDMINDER.value:
        return (
            f"Assistant maternel agréé {a_commune(record['commune'])} pour "
            f"{plural(record['places'], 'enfant')}, {ages}."
        )
    return f"Maison d'assistants maternels {a_commune(record['commune'])}."


def _fees(record: dict) -> str:
    kind = record["kind"]
    if kind == OfferKind.ESTABLISHMENT.value and record["funding"] == Funding.PSU.value:
        return "Tarif selon les revenus de la famille (barème national de la Caf, PSU)."
    if kind == OfferKind.ESTABLISHMENT.value:
        price = record.get("hourly_price")
        text = "Prix fixé par la structure"
        if isinstance(price, Decimal):
            text += f" : {price:.2f} € de l'heure".replace(".", ",")
        return text + ". La famille reçoit le complément de libre choix du mode de garde (CMG)."
    if kind == OfferKind.HOME_CARE.value:
        return (
            "Salaire ou facture à la charge de la famille, qui reçoit le complément de "
            "libre choix du mode de garde (CMG)."
        )
    return (
        "Salaire convenu avec l'assistant maternel ; la famille employeur reçoit le "
        "complément de libre choix du mode de garde (CMG)."
    )


def _audience(record: dict) -> str | None:
    parts = []
    if "age_min_months" in record:
        ages = describe_age_range(record["age_min_months"], record["age_max_months"])
        parts.append(f"Enfants {ages}.")
    if record.get("inclusive_care"):
        parts.append("Accueil d'enfants en situation de handicap.")
    return " ".join(parts) or None


def service(record: dict, *, source: str, today: dt.date, site_url: str = "") -> dict:
    """The childcare service offered by the structure of the same record."""
    row = dict.fromkeys(SERVICE_FIELDS)
    structure_id = f"{source}--{record['kind']}-{record['id']}"
    description = _text(
        record.get("description", ""), minimum=DESCRIPTION_MIN, maximum=DESCRIPTION_MAX
    )
    row.update(
        source=source,
        structure_id=structure_id,
        id=f"{structure_id}--accueil",
        nom=_service_name(record),
        lien_source=place_page_url(record, site_url),
        description=description or _summary(record),
        date_maj=_date_maj(record, today),
        thematiques=[THEMATIQUE_GARDE_ENFANTS],
        frais=FRAIS_PAYANT,
        frais_precisions=_fees(record),
        publics=[PUBLIC_FAMILLES],
        publics_precisions=_audience(record),
        mobilisable_par=[MOBILISABLE_PAR_USAGERS],
        horaires_accueil=valid_opening_hours(record.get("opening_hours", "")),
    )
    row.update(_place_fields(record))
    if record["kind"] == OfferKind.HOME_CARE.value:
        row.update(commune=None, code_insee=None, zone_eligibilite=record["insee_codes"] or None)
    else:
        row["modes_accueil"] = [MODE_ACCUEIL_PRESENTIEL]
    modes = []
    if row["telephone"]:
        modes.append(MOBILISATION_TELEPHONER)
    if row["courriel"]:
        modes.append(MOBILISATION_COURRIEL)
    row["modes_mobilisation"] = modes or None
    return row
