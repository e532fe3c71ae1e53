"""The columns of the AM list and of the establishment list, defined once.

Each `Column` knows its French header, how to read a cell (`parse`) and how to write a
value back (`format`), so that the reader, the validation, the export and the empty
template all derive from the same two specifications, and an export re-imports with
zero changes.
"""

import datetime as dt
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from sppe.offers import schedule
from sppe.offers.enums import EstablishmentKind, Funding, ManagerType
from sppe.offers.models import MAX_AGE_MONTHS, Childminder, Establishment

from .enums import ListKind


class CellError(ValueError):
    """A cell that cannot be read; the message is plain French and names the value."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def normalize(text: str) -> str:
    """Case, accents, punctuation and parentheses do not matter when matching words."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub(r"\([^)]*\)", " ", text.casefold())
    text = re.sub(r"[^0-9a-z]+", " ", text)
    return " ".join(text.split())


def bare_identifier(key: str) -> str:
    """An identifier made of digits without its leading zeros, which a spreadsheet drops
    when it takes the identifier for a number (FINESS "010001234" becomes 10001234)."""
    if key.isascii() and key.isdigit():
        return key.lstrip("0") or key
    return key


def quoted(value: str) -> str:
    return f"« {value} »"


# ---------------------------------------------------------------- cell types


@dataclass(frozen=True)
class CellType:
    parse: Callable[[str], Any]
    format: Callable[[Any], str]
    description: str


def _text(max_length: int) -> CellType:
    def parse(value: str) -> str:
        value = " ".join(value.split())
        if len(value) > max_length:
            raise CellError(
                _("%(value)s dépasse %(max)s caractères")
                % {"value": quoted(value[:40] + "…"), "max": max_length}
            )
        return value

    return CellType(parse, lambda value: value or "", _l("texte"))


def _long_text(max_length: int) -> CellType:
    def parse(value: str) -> str:
        value = value.strip()
        if len(value) > max_length:
            raise CellError(
                _("%(value)s dépasse %(max)s caractères")
                % {"value": quoted(value[:40] + "…"), "max": max_length}
            )
        return value

    return CellType(parse, lambda value: value or "", _l("texte"))


def _number_text(value: str) -> str:
    """'4', '4.0' and '4,0' (how spreadsheets write integers) all read as '4'."""
    return re.sub(r"[.,]0+$", "", value.replace("\u202f", "").replace("\xa0", "").strip())


def _integer(minimum: int, maximum: int) -> CellType:
    def parse(value: str) -> int:
        text = _number_text(value)
        if not re.fullmatch(r"\d+", text) or not minimum <= int(text) <= maximum:
            raise CellError(
                _("%(value)s n'est pas un nombre entier de %(min)s à %(max)s")
                % {"value": quoted(value), "min": minimum, "max": maximum}
            )
        return int(text)

    return CellType(
        parse,
        lambda value: "" if value is None else str(value),
        _("nombre entier de %(min)s à %(max)s") % {"min": minimum, "max": maximum},
    )


def _price() -> CellType:
    def parse(value: str) -> Decimal:
        text = value.replace("€", "").replace("\u202f", "").replace("\xa0", "").strip()
        text = text.replace(" ", "").replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or not Decimal(0) <= amount < 10000:
            raise CellError(
                _("%(value)s n'est pas un montant en euros (par exemple 4,50)")
                % {"value": quoted(value)}
            )
        return amount.quantize(Decimal("0.01"))

    return CellType(
        parse,
        lambda value: "" if value is None else f"{value:.2f}".replace(".", ","),
        _l("montant en euros, par exemple 4,50"),
    )


_TODAY: list = [0.0, None]


def _today() -> dt.date:
    """Today's local date, read at most once a minute (a file has thousands of dates)."""
    if time.monotonic() > _TODAY[0]:
        _TODAY[:] = [time.monotonic() + 60, timezone.localdate()]
    return _TODAY[1]


# A time after the date, as database exports write them: "14/03/1978 00:00:00".
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})" + _TIME)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME)
# A date cell Excel shows as a number (its serial: days since 30/12/1899, a fraction
# for the time). Only five digits (1927 to 2173) are read so: four digits are more
# likely a mistyped year.
_SERIAL = re.compile(r"(\d{5})(?:[.,]\d+)?")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _date_of(text: str) -> dt.date:
    """Raises ValueError when `text` is no date."""
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _SERIAL.fullmatch(text):
        return _EXCEL_EPOCH + dt.timedelta(days=int(match.group(1)))
    else:
        raise ValueError(text)
    return dt.date(year, month, day)


def _date(*, not_in_future: bool) -> CellType:
    def parse(value: str) -> dt.date:
        try:
            date = _date_of(value.strip())
        except ValueError:
            raise CellError(
                _("%(value)s n'est pas une date valide au format JJ/MM/AAAA")
                % {"value": quoted(value)}
            ) from None
        if date.year < 1900:
            raise CellError(_("%(value)s n'est pas une date plausible") % {"value": quoted(value)})
        if not_in_future and date > _today():
            raise CellError(
                _("%(value)s est une date future, ce n'est pas possible ici")
                % {"value": quoted(value)}
            )
        return date

    return CellType(
        parse,
        lambda value: value.strftime("%d/%m/%Y") if value else "",
        _l("date au format JJ/MM/AAAA"),
    )


YES = {"oui", "o", "yes", "y", "vrai", "true", "1", "x"}
NO = {"non", "n", "no", "faux", "false", "0"}


def _boolean() -> CellType:
    def parse(value: str) -> bool:
        text = value.strip().lower()
        if text not in YES and text not in NO:
            text = normalize(value)
        if text in YES:
            return True
        if text in NO:
            return False
        raise CellError(_("%(value)s : répondez par oui ou non") % {"value": quoted(value)})

    return CellType(parse, lambda value: "oui" if value else "non", _l("oui ou non"))


def _choice(choices: dict[str, str], labels: dict[str, str], what: str) -> CellType:
    """choices: normalized accepted word -> stored value; labels: value -> exported text."""

    def parse(value: str) -> str:
        stored = choices.get(normalize(value))
        if stored is None:
            raise CellError(
                _("%(value)s n'est pas %(what)s connu ; valeurs possibles : %(labels)s")
                % {"value": quoted(value), "what": what, "labels": " ; ".join(labels.values())}
            )
        return stored

    return CellType(
        parse, lambda value: labels.get(value, value or ""), " ; ".join(labels.values())
    )


def _enum_choice(enum, what: str, *, labels=None, aliases=None) -> CellType:
    labels = labels or {member.value: str(member.label) for member in enum}
    accepted: dict[str, str] = {}
    for member in enum:
        full = str(member.label)
        for word in (member.value, full, full.split(" (")[0], full.split(" :")[0]):
            accepted[normalize(word)] = member.value
        accepted[normalize(labels[member.value])] = member.value
    for word, value in (aliases or {}).items():
        accepted[normalize(word)] = value
    return _choice(accepted, labels, what)


EMAIL_VALIDATOR = EmailValidator()
URL_VALIDATOR = URLValidator(schemes=["http", "https"])


def _email() -> CellType:
    def parse(value: str) -> str:
        text = value.strip()
        try:
            EMAIL_VALIDATOR(text)
        except ValidationError:
            raise CellError(
                _("%(value)s n'est pas une adresse e-mail valide") % {"value": quoted(value)}
            ) from None
        if len(text) > 254:
            raise CellError(_("%(value)s est trop longue") % {"value": quoted(value[:40])})
        return text

    return CellType(parse, lambda value: value or "", _l("adresse e-mail"))


def _url() -> CellType:
    def parse(value: str) -> str:
        text = value.strip()
        if not re.match(r"^https?://", text, re.IGNORECASE):
            text = "https://" + text
        try:
            URL_VALIDATOR(text)
        except ValidationError:
            raise CellError(
                _("%(value)s n'est pas une adresse de site web valide") % {"value": quoted(value)}
            ) from None
        if len(text) > 200:
            raise CellError(_("%(value)s est trop longue") % {"value": quoted(value[:40])})
        return text

    return CellType(parse, lambda value: value or "", _l("adresse d'un site, https://…"))


def _phone() -> CellType:
    def parse(value: str) -> str:
        text = " ".join(value.split())
        digits = re.sub(r"\D", "", text)
        if re.fullmatch(r"[1-9]\d{8}", text):  # a spreadsheet dropped the leading zero
            text = "0" + text
            digits = text
        if not re.fullmatch(r"[0-9+() .-]+", text) or not 9 <= len(digits) <= 15 or len(text) > 30:
            raise CellError(
                _("%(value)s n'est pas un numéro de téléphone") % {"value": quoted(value)}
            )
        return text

    return CellType(parse, lambda value: value or "", _l("numéro de téléphone"))


def _code(pattern: str, what: str, example: str) -> CellType:
    def parse(value: str) -> str:
        text = _number_text(value).replace(" ", "").upper()
        if re.fullmatch(r"\d{4}", text):  # a spreadsheet dropped the leading zero
            text = "0" + text
        if not re.fullmatch(pattern, text):
            raise CellError(
                _("%(value)s n'est pas %(what)s (5 caractères, par exemple %(example)s)")
                % {"value": quoted(value), "what": what, "example": example}
            )
        return text

    return CellType(parse, lambda value: value or "", what)


def _opening_hours() -> CellType:
    def parse(value: str) -> str:
        text = value.strip()
        if len(text) > 500:
            raise CellError(_("les horaires dépassent 500 caractères"))
        try:
            return schedule.validate(text)
        except schedule.OpeningHoursError:
            raise CellError(
                _(
                    "%(value)s n'est pas un horaire au format OpenStreetMap "
                    "(par exemple « Mo-Fr 07:30-18:30 »)"
                )
                % {"value": quoted(value)}
            ) from None

    return CellType(
        parse,
        lambda value: value or "",
        _l("syntaxe OpenStreetMap, par exemple Mo-Fr 07:30-18:30"),
    )


def _languages() -> CellType:
    def parse(value: str) -> list[str]:
        languages: list[str] = []
        for part in re.split(r"[,;]", value):
            language = " ".join(part.split())
            if len(language) > 50:
                raise CellError(
                    _("%(value)s n'est pas un nom de langue") % {"value": quoted(language[:40])}
                )
            if language and language not in languages:
                languages.append(language)
        return languages

    return CellType(
        parse, lambda value: ", ".join(value or []), _l("langues séparées par des virgules")
    )


# ---------------------------------------------------------------- columns

# Pseudo-fields resolved against the territory rather than stored as such.
COMMUNE_INSEE = "commune_insee"
COMMUNE_NAME = "commune_name"
MAM_NAME = "mam_name"


def _empty_value(model, name):
    if name in (COMMUNE_INSEE, COMMUNE_NAME, MAM_NAME):
        return ""
    model_field = model._meta.get_field(name)
    if model_field.has_default():
        return model_field.get_default()
    return None if model_field.null else ""


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    type: CellType
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: str = ""
    example: str = ""
    empty: Any = None
    # Lists often give a landline and a mobile: several columns may fill this field,
    # the first filled cell of a line (in the file's order) is kept.
    repeatable: bool = False

    @property
    def names(self) -> set[str]:
        return {normalize(self.header), *(normalize(alias) for alias in self.aliases)}

    def read(self, raw: str):
        """The typed value of a non-empty cell; raises CellError."""
        return self.type.parse(raw)

    def value_of(self, obj) -> Any:
        if self.field == COMMUNE_INSEE:
            return obj.commune.insee_code
        if self.field == COMMUNE_NAME:
            return obj.commune.name
        if self.field == MAM_NAME:
            return obj.mam.name if obj.mam_id else ""
        return getattr(obj, self.field)

    def write(self, value) -> str:
        return self.type.format(value)


@dataclass(frozen=True)
class ListSpec:
    kind: str
    model: type
    key_field: str
    columns: tuple[Column, ...]
    title: str
    file_stem: str
    # AM lists may give the commune by name and postal code instead of its INSEE code.
    commune_name_fallback: bool = False
    # Model fields derived from others, compared and written with them.
    derived_fields: tuple[str, ...] = field(
        default=("latitude", "longitude", "weekly_schedule", "atypical_hours")
    )

    @property
    def key_column(self) -> Column:
        return next(column for column in self.columns if column.field == self.key_field)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.field == name)

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


def _col(model, header, name, cell_type, **kwargs) -> Column:
    column = Column(header, name, cell_type, **kwargs)
    object.__setattr__(column, "empty", _empty_value(model, name))
    return column


PHONE_ALIASES = (
    "Tel",
    "Tél",
    "Téléphone fixe",
    "Tél fixe",
    "Portable",
    "Téléphone portable",
    "Tél portable",
    "Mobile",
    "Téléphone mobile",
)
INSEE = _code(r"\d{5}|2[AB]\d{3}", _l("un code INSEE de commune"), "85003")
POSTAL_CODE = _code(r"\d{5}", _l("un code postal"), "85190")

_am = Childminder
AM_SPEC = ListSpec(
    kind=ListKind.AM,
    model=Childminder,
    key_field="agrement_number",
    title=_l("Liste des assistants maternels"),
    file_stem="assistants-maternels",
    commune_name_fallback=True,
    columns=(
        _col(
            _am,
            "Numéro d'agrément",
            "agrement_number",
            _text(50),
            required=True,
            aliases=("N° d'agrément", "Numéro agrément", "Agrément", "N° agrément"),
            help=_l("Identifiant unique donné par la PMI ; sert à rapprocher les lignes."),
            example="085-2019-0042",
        ),
        _col(_am, "Nom", "last_name", _text(100), required=True, example="Martin"),
        _col(_am, "Prénom", "first_name", _text(100), required=True, example="Sophie"),
        _col(
            _am,
            "Code INSEE commune",
            COMMUNE_INSEE,
            INSEE,
            aliases=("Code INSEE", "INSEE", "Code commune"),
            help=_l(
                "Commune d'exercice, sur le territoire. À défaut : les colonnes Commune "
                "et Code postal."
            ),
            example="85003",
        ),
        _col(
            _am,
            "Commune",
            COMMUNE_NAME,
            _text(200),
            aliases=("Nom de la commune", "Ville"),
            help=_l("Pour la lecture ; le code INSEE fait foi quand il est rempli."),
            example="Aizenay",
        ),
        _col(
            _am,
            "Adresse",
            "address",
            _text(300),
            help=_l("Privée, sauf si « Adresse publiable » vaut oui."),
            example="12 rue des Lilas",
        ),
        _col(_am, "Code postal", "postal_code", POSTAL_CODE, example="85190"),
        _col(
            _am,
            "Téléphone",
            "phone",
            _phone(),
            aliases=PHONE_ALIASES,
            repeatable=True,
            help=_l("Privé, sauf si « Téléphone publiable » vaut oui."),
            example="06 12 34 56 78",
        ),
        _col(
            _am,
            "E-mail",
            "email",
            _email(),
            aliases=("Email", "Courriel", "Adresse e-mail", "Mail"),
            help=_l("Privé : sert aux rappels de mise à jour des disponibilités."),
            example="sophie.martin@exemple.fr",
        ),
        _col(
            _am,
            "Date de naissance",
            "birth_date",
            _date(not_in_future=True),
            help=_l("Privée. JJ/MM/AAAA."),
            example="14/03/1978",
        ),
        _col(
            _am,
            "Date d'agrément",
            "agrement_date",
            _date(not_in_future=False),
            help=_l("JJ/MM/AAAA."),
            example="01/09/2019",
        ),
        _col(
            _am,
            "Nombre de places",
            "places",
            _integer(1, 6),
            required=True,
            aliases=("Places", "Nombre d'enfants", "Capacité"),
            help=_l("Enfants accueillis simultanément selon l'agrément, de 1 à 6."),
            example="4",
        ),
        _col(
            _am,
            "Âge minimum (mois)",
            "age_min_months",
            _integer(0, MAX_AGE_MONTHS),
            aliases=("Âge minimum",),
            help=_l("En mois ; vide : 0."),
            example="0",
        ),
        _col(
            _am,
            "Âge maximum (mois)",
            "age_max_months",
            _integer(0, MAX_AGE_MONTHS),
            aliases=("Âge maximum",),
            help=_l("En mois ; vide : 72."),
            example="72",
        ),
        _col(
            _am,
            "Horaires",
            "opening_hours",
            _opening_hours(),
            help=_l("Syntaxe OpenStreetMap (voir la documentation)."),
            example="Mo-Fr 07:30-18:30",
        ),
        _col(
            _am,
            "MAM",
            MAM_NAME,
            _text(200),
            aliases=("Nom de la MAM",),
            help=_l("Nom exact d'une MAM déjà enregistrée sur le territoire ; vide sinon."),
            example="MAM Les Lucioles",
        ),
        _col(
            _am,
            "Adresse publiable",
            "address_is_public",
            _boolean(),
            help=_l("Oui si elle accepte que son adresse soit publiée."),
            example="non",
        ),
        _col(
            _am,
            "Téléphone publiable",
            "phone_is_public",
            _boolean(),
            help=_l("Oui si elle accepte que son téléphone soit publié."),
            example="oui",
        ),
        _col(
            _am,
            "Inscrite monenfant.fr",
            "on_monenfant",
            _boolean(),
            aliases=("Inscrit monenfant.fr", "monenfant.fr", "Inscrite sur monenfant.fr"),
            example="oui",
        ),
        _col(
            _am,
            "Langues",
            "languages",
            _languages(),
            aliases=("Langues parlées",),
            help=_l("Séparées par des virgules."),
            example="français, anglais",
        ),
        _col(_am, "Jardin", "has_garden", _boolean(), example="oui"),
        _col(
            _am,
            "En activité",
            "is_active",
            _boolean(),
            aliases=("Active", "Actif"),
            help=_l("Non : elle n'apparaît plus aux familles ; vide : oui."),
            example="oui",
        ),
    ),
)

_es = Establishment
ESTABLISHMENT_SPEC = ListSpec(
    kind=ListKind.ESTABLISHMENTS,
    model=Establishment,
    key_field="external_id",
    title=_l("Liste des établissements"),
    file_stem="etablissements",
    columns=(
        _col(
            _es,
            "Identifiant (FINESS/Caf)",
            "external_id",
            _text(50),
            required=True,
            aliases=("Identifiant", "FINESS", "Numéro FINESS", "Identifiant Caf"),
            help=_l("Numéro FINESS ou identifiant Caf ; sert à rapprocher les lignes."),
            example="850012345",
        ),
        _col(_es, "Nom", "name", _text(200), required=True, example="Multi-accueil Les Petits Pas"),
        _col(
            _es,
            "Type",
            "kind",
            _enum_choice(
                EstablishmentKind,
                _l("un type"),
                aliases={"Crèche": EstablishmentKind.CRECHE_COLLECTIVE},
            ),
            required=True,
            example=str(EstablishmentKind.MULTI_ACCUEIL.label),
        ),
        _col(
            _es,
            "Gestionnaire",
            "manager_type",
            _enum_choice(
                ManagerType,
                _l("un type de gestionnaire"),
                aliases={
                    "Commune": ManagerType.PUBLIC,
                    "CCAS": ManagerType.PUBLIC,
                    "EPCI": ManagerType.PUBLIC,
                    "Association": ManagerType.ASSOCIATIVE,
                    "Crèche d'entreprise": ManagerType.COMPANY,
                },
            ),
            required=True,
            aliases=("Type de gestionnaire",),
            example=str(ManagerType.PUBLIC.label),
        ),
        _col(
            _es,
            "Nom du gestionnaire",
            "manager_name",
            _text(200),
            example="Communauté de communes",
        ),
        _col(
            _es,
            "Financement",
            "funding",
            _enum_choice(
                Funding,
                _l("un mode de financement"),
                labels={Funding.PSU: "PSU", Funding.PAJE: "PAJE"},
            ),
            required=True,
            help=_l("PSU (tarif selon les revenus) ou PAJE (prix fixé par la structure)."),
            example="PSU",
        ),
        _col(_es, "Adresse", "address", _text(300), required=True, example="1 place de la Mairie"),
        _col(_es, "Code postal", "postal_code", POSTAL_CODE, required=True, example="85190"),
        _col(
            _es,
            "Code INSEE commune",
            COMMUNE_INSEE,
            INSEE,
            required=True,
            aliases=("Code INSEE", "INSEE", "Code commune"),
            help=_l("Commune de l'établissement, sur le territoire."),
            example="85003",
        ),
        _col(
            _es,
            "Commune",
            COMMUNE_NAME,
            _text(200),
            aliases=("Nom de la commune", "Ville"),
            help=_l("Pour la lecture ; le code INSEE fait foi."),
            example="Aizenay",
        ),
        _col(
            _es,
            "Capacité",
            "capacity",
            _integer(1, 999),
            required=True,
            aliases=("Places", "Capacité autorisée", "Nombre de places"),
            help=_l("Nombre de places autorisées."),
            example="30",
        ),
        _col(
            _es,
            "Âge minimum (mois)",
            "age_min_months",
            _integer(0, MAX_AGE_MONTHS),
            aliases=("Âge minimum",),
            help=_l("En mois ; vide : 2."),
            example="2",
        ),
        _col(
            _es,
            "Âge maximum (mois)",
            "age_max_months",
            _integer(0, MAX_AGE_MONTHS),
            aliases=("Âge maximum",),
            help=_l("En mois ; vide : 36."),
            example="36",
        ),
        _col(
            _es,
            "Horaires",
            "opening_hours",
            _opening_hours(),
            help=_l("Syntaxe OpenStreetMap (voir la documentation)."),
            example="Mo-Fr 07:30-18:30; PH off",
        ),
        _col(
            _es,
            "Fermetures",
            "closures",
            _long_text(1000),
            help=_l("En clair."),
            example="3 semaines en août, 1 semaine à Noël",
        ),
        _col(
            _es,
            "Téléphone",
            "phone",
            _phone(),
            aliases=PHONE_ALIASES,
            repeatable=True,
            example="02 51 00 00 00",
        ),
        _col(
            _es,
            "E-mail",
            "email",
            _email(),
            aliases=("Email", "Courriel", "Adresse e-mail", "Mail"),
            example="creche@exemple.fr",
        ),
        _col(
            _es,
            "Site web",
            "website",
            _url(),
            aliases=("Site", "Site internet"),
            example="https://www.exemple.fr/creche",
        ),
        _col(
            _es,
            "Prix horaire (PAJE)",
            "hourly_price",
            _price(),
            aliases=("Prix horaire", "Tarif horaire"),
            help=_l("En euros ; obligatoire quand le financement est PAJE."),
            example="9,50",
        ),
        _col(
            _es,
            "Repas fournis",
            "meals_provided",
            _boolean(),
            help=_l("Vide : oui."),
            example="oui",
        ),
        _col(
            _es,
            "Couches fournies",
            "nappies_provided",
            _boolean(),
            help=_l("Vide : oui."),
            example="oui",
        ),
        _col(
            _es,
            "Accueil inclusif",
            "inclusive_care",
            _boolean(),
            help=_l("Enfants en situation de handicap. Vide : non."),
            example="non",
        ),
        _col(
            _es,
            "Accueil d'urgence",
            "emergency_care",
            _boolean(),
            help=_l("Vide : non."),
            example="oui",
        ),
        _col(
            _es,
            "Accueil occasionnel",
            "occasional_care",
            _boolean(),
            help=_l("Vide : non."),
            example="oui",
        ),
        _col(
            _es,
            "Guichet unique",
            "joins_single_desk",
            _boolean(),
            help=_l("Adhère au guichet unique des demandes de place. Vide : non."),
            example="oui",
        ),
        _col(
            _es,
            "En activité",
            "is_active",
            _boolean(),
            aliases=("Active", "Actif"),
            help=_l("Non : il n'apparaît plus aux familles ; vide : oui."),
            example="oui",
        ),
    ),
)

SPECS: dict[str, ListSpec] = {AM_SPEC.kind: AM_SPEC, ESTABLISHMENT_SPEC.kind: ESTABLISHMENT_SPEC}


def spec_for(kind: str) -> ListSpec:
    return SPECS[ListKind(kind)]
