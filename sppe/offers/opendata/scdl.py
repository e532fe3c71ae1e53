"""The places of care in the SCDL "Équipements" schema (scdl/equipements, v0.1.5).

Schema of the Socle commun des données locales (OpenDataFrance), published on
schema.data.gouv.fr as `scdl/equipements`: one CSV row per "équipement collectif
public", i.e. a building open to the public, public or private. Crèches and other
EAJE and MAM are such places; an assistant maternel works at home and a home-care
provider at the family's, so neither is an équipement.

Two required columns cannot be filled honestly and stay empty: `EQUIP_CODE` and
`EQUIP_UID` are built on the 8-digit codes of the CRIGE PACA nomenclature of public
facilities, which we do not have. `COLL_SIRET` is the territory's SIRET, entered in
its settings (empty until then). See docs/open-data.md.
"""

import re

from ..enums import EstablishmentKind, OfferKind
from .records import valid_opening_hours

SCHEMA_TITLE = "SCDL — Équipements collectifs publics (scdl/equipements, version 0.1.5)"
SCHEMA_URL = "https://schema.data.gouv.fr/scdl/equipements/"

COLUMNS = [
    "COLL_NOM",
    "COLL_SIRET",
    "EQUIP_UID",
    "EQUIP_THEME",
    "EQUIP_CODE",
    "EQUIP_TYPE",
    "EQUIP_NOM",
    "ADR_NUMERO",
    "ADR_NOMVOIE",
    "ADR_CODEPOSTAL",
    "ADR_COMMUNE",
    "ADR_CLE_INTEROP",
    "ERP_ID",
    "ERP_TYPE",
    "ERP_CATEGORIE",
    "EQUIP_LAT",
    "EQUIP_LONG",
    "EQUIP_OUVERTURE",
    "EQUIP_TEL",
    "EQUIP_EMAIL",
    "EQUIP_WEB",
]
# One of the ten themes the schema allows: childcare is a social facility.
THEME = "Equipement social et d'animation"
# The value the schema asks for when a place has no street number.
NO_NUMBER = "99999"
MAM_TYPE = "Maison d'assistants maternels"
COLL_NAME_MAX = 140
EQUIP_NAME_MAX = 256
# '+33 251123456'; an overseas number has a three-digit country code.
PHONE_MAX = 14

# "12", "12 bis", "12b", "36/38" at the start of an address, then the street.
ADDRESS_RE = re.compile(
    r"^\s*(?P<number>\d+(?:\s*/\s*\d+)?(?:\s*(?:bis|ter|quater|qua|qui|[a-z]))?)\b[\s,]+"
    r"(?P<street>.+?)\s*$",
    re.IGNORECASE,
)
STREET_FORBIDDEN_RE = re.compile(r"[^a-zA-Z0-9\-'\s\u00C0-\u00FF]")


def split_address(address: str) -> tuple[str, str]:
    """('12 bis', 'rue des Lilas') from '12 bis, rue des Lilas'; NO_NUMBER when none."""
    first_line = (address or "").strip().splitlines()[0] if (address or "").strip() else ""
    match = ADDRESS_RE.match(first_line)
    if match:
        number = re.sub(r"\s+", " ", match["number"].lower()).replace(" / ", "/")
        street = match["street"]
    else:
        number, street = NO_NUMBER, first_line
    # The schema's pattern for street names: letters, digits, hyphens, apostrophes.
    street = STREET_FORBIDDEN_RE.sub(" ", street.replace("’", "'"))
    return number, re.sub(r"\s+", " ", street).strip()


# Overseas departments share the French numbering plan but not its country code:
# 0590 12 34 56 in Guadeloupe is +590 590 12 34 56 from abroad, not +33.
OVERSEAS_COUNTRY_CODES = {
    "590": "590",  # Guadeloupe (and Saint-Barthélemy, Saint-Martin)
    "690": "590",
    "691": "590",
    "594": "594",  # Guyane
    "694": "594",
    "596": "596",  # Martinique
    "696": "596",
    "697": "596",
    "262": "262",  # La Réunion
    "263": "262",
    "692": "262",
    "693": "262",
    "269": "262",  # Mayotte
    "639": "262",
}
OVERSEAS_PREFIXES = frozenset(OVERSEAS_COUNTRY_CODES.values())


def international_phone(phone: str) -> str:
    """'02 51 12 34 56' -> '+33 251123456' (the EU interinstitutional style);
    '0590 12 34 56' -> '+590 590123456', with the overseas department's own code."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) == 12 and digits[:3] in OVERSEAS_PREFIXES:
        digits = "0" + digits[3:]  # +590 590 12 34 56 written internationally
    elif len(digits) == 11 and digits.startswith("33"):
        digits = "0" + digits[2:]
    if len(digits) != 10 or not digits.startswith("0"):
        return ""
    country = OVERSEAS_COUNTRY_CODES.get(digits[1:4], "33")
    return f"+{country} {digits[1:]}"


def _coordinate(value) -> str:
    return "" if value is None else f"{value:.6f}"


def equipement(record: dict, *, collectivity: str, collectivity_siret: str = "") -> dict:
    """One SCDL row from the public record of an establishment or a MAM."""
    number, street = split_address(record.get("address", ""))
    if record["kind"] == OfferKind.ESTABLISHMENT.value:
        equip_type = EstablishmentKind(record["establishment_kind"]).label
    else:
        equip_type = MAM_TYPE
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        COLL_NOM=collectivity[:COLL_NAME_MAX],
        COLL_SIRET=collectivity_siret,
        EQUIP_THEME=THEME,
        EQUIP_TYPE=equip_type,
        EQUIP_NOM=record["name"][:EQUIP_NAME_MAX],
        ADR_NUMERO=number,
        ADR_NOMVOIE=street,
        ADR_CODEPOSTAL=record.get("postal_code", ""),
        ADR_COMMUNE=record.get("commune", ""),
        EQUIP_LAT=_coordinate(record.get("latitude")),
        EQUIP_LONG=_coordinate(record.get("longitude")),
        EQUIP_OUVERTURE=valid_opening_hours(record.get("opening_hours", "")) or "",
        EQUIP_TEL=international_phone(record.get("phone", ""))[:PHONE_MAX],
        EQUIP_EMAIL=record.get("email", ""),
        EQUIP_WEB=record.get("website", ""),
    )
    return row
