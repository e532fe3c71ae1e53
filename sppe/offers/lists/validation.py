"""Per-line validation: cells become typed values for the model, or line errors.

Header matching raises `ListFileError` (the file as a whole is unusable); everything
else is reported line by line, with the line number as in the file, the column as
written in the file, the value, and what is wrong in plain French.
"""

import copy
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import JSONField
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sppe.offers import schedule
from sppe.offers.enums import Funding
from sppe.territories.insee import city_insee
from sppe.territories.models import Commune

from .formats import (
    COMMUNE_INSEE,
    COMMUNE_NAME,
    MAM_NAME,
    CellError,
    Column,
    ListSpec,
    bare_identifier,
    normalize,
)
from .formats import quoted as q
from .reader import ListFileError, Table

# Model constraints this module checks in Python (a test keeps the list complete).
HANDLED_CONSTRAINTS = {"establishment_age_range"}
# Foreign keys are resolved here from the territory's data, not by a query per line.
RESOLVED_FOREIGN_KEYS = {"commune", "mam"}


@dataclass(frozen=True)
class LineError:
    line: int
    column: str  # as written in the file's header; "" for the whole line
    value: str
    message: str

    @property
    def text(self) -> str:
        if self.column:
            return _("ligne %(line)s, colonne %(column)s : %(message)s") % {
                "line": self.line,
                "column": q(self.column),
                "message": self.message,
            }
        return _("ligne %(line)s : %(message)s") % {"line": self.line, "message": self.message}

    def to_json(self) -> dict:
        return {
            "line": self.line,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            "text": self.text,
        }


@dataclass(frozen=True)
class CommuneRef:
    pk: int
    insee_code: str
    name: str
    postal_codes: tuple[str, ...]
    latitude: float | None
    longitude: float | None


@dataclass
class Context:
    """The territory's communes and MAM, fetched once for the whole file."""

    communes_by_insee: dict[str, CommuneRef]
    communes_by_name: dict[str, list[CommuneRef]]
    mams_by_name: dict[str, list[int]]
    schedules: dict[str, tuple[dict, bool]] = field(default_factory=dict)
    field_checks: dict = field(default_factory=dict)

    @classmethod
    def for_territory(cls, territory) -> "Context":
        from sppe.offers.models import Mam

        communes = [
            CommuneRef(
                pk=c["pk"],
                insee_code=c["insee_code"],
                name=c["name"],
                postal_codes=tuple(c["postal_codes"] or ()),
                latitude=c["latitude"],
                longitude=c["longitude"],
            )
            for c in territory.communes.values(
                "pk", "insee_code", "name", "postal_codes", "latitude", "longitude"
            )
        ]
        by_name: dict[str, list[CommuneRef]] = defaultdict(list)
        for commune in communes:
            by_name[normalize(commune.name)].append(commune)
        mams: dict[str, list[int]] = defaultdict(list)
        for pk, name in Mam.objects.filter(commune__in=[c.pk for c in communes]).values_list(
            "pk", "name"
        ):
            mams[normalize(name)].append(pk)
        return cls(
            communes_by_insee={c.insee_code: c for c in communes},
            communes_by_name=dict(by_name),
            mams_by_name=dict(mams),
        )

    def schedule_of(self, opening_hours: str) -> tuple[dict, bool]:
        if opening_hours not in self.schedules:
            weekly = schedule.weekly_schedule(opening_hours)
            self.schedules[opening_hours] = (weekly, schedule.is_atypical(weekly))
        return self.schedules[opening_hours]


@dataclass
class ParsedRow:
    line: int
    key: str
    # Model attribute -> typed value, for the columns present in the file (plus
    # opening hours' derived fields); `commune_id` and `mam_id` resolved.
    values: dict[str, Any]
    raw: dict[str, str]  # model attribute -> cell as written, for messages
    commune: CommuneRef | None = None


@dataclass
class HeaderMap:
    columns: list[tuple[int, str, Column]]  # (index in row, header as written, column)
    present: set[str]  # fields of the columns present
    notices: list[str] = field(default_factory=list)  # shown with the preview
    ignored: set[int] = field(default_factory=set)  # indexes of unknown columns

    def header_of(self, name: str) -> str:
        for _index, header, column in self.columns:
            if column.field == name:
                return header
        return ""


def _list(headers) -> str:
    return ", ".join(q(header) for header in headers)


# How far below the top of the file the headers are looked for.
TITLE_LINES = 10


def _names_key_column(spec: ListSpec, cells: list[str]) -> bool:
    names = spec.key_column.names
    return any(normalize(cell.rstrip("* ")) in names for cell in cells)


def locate_headers(spec: ListSpec, table: Table) -> Table:
    """The table with its headers on the right line.

    Exports often put a title, a date or the service's name above the headers
    ("Liste des assistants maternels agréés au 01/01/2025"): the headers line is the
    first one naming the identifier column, within the first lines.
    """
    if _names_key_column(spec, table.headers):
        return table
    for position, (line, cells) in enumerate(table.rows[:TITLE_LINES]):
        if not _names_key_column(spec, cells):
            continue
        headers = list(cells)
        while headers and not headers[-1]:
            headers.pop()
        rows = table.rows[position + 1 :]
        if not rows:
            raise ListFileError(_("Le fichier ne contient que la ligne d'en-têtes, aucune donnée."))
        notice = _(
            "Les en-têtes ont été trouvés ligne %(line)s : les lignes au-dessus (titre, "
            "date…) ont été ignorées."
        ) % {"line": line}
        return Table(headers=headers, rows=rows, notices=[*table.notices, notice])
    return table


def match_headers(spec: ListSpec, headers: list[str]) -> HeaderMap:
    by_name: dict[str, Column] = {}
    for column in spec.columns:
        for name in column.names:
            by_name[name] = column
    columns: list[tuple[int, str, Column]] = []
    unknown: list[str] = []
    seen: dict[str, str] = {}
    duplicated: list[str] = []
    unnamed: list[int] = []
    ignored: set[int] = set()
    repeated: dict[str, list[str]] = {}
    for index, header in enumerate(headers):
        header = header.strip()
        if not header:
            unnamed.append(index)
            continue
        column = by_name.get(normalize(header.rstrip("* ")))
        if column is None:
            unknown.append(header)
            ignored.add(index)
            continue
        if column.field in seen:
            if column.repeatable:
                columns.append((index, header, column))
                repeated.setdefault(column.field, [seen[column.field]]).append(header)
            else:
                duplicated.append(f"{q(seen[column.field])} / {q(header)}")
            continue
        seen[column.field] = header
        columns.append((index, header, column))
    present = set(seen)
    missing = []
    for column in spec.columns:
        if column.field in present:
            continue
        if column.field == COMMUNE_INSEE and spec.commune_name_fallback:
            if not {COMMUNE_NAME, "postal_code"} <= present:
                missing.append(
                    _("%(insee)s (ou bien %(name)s et %(postal)s)")
                    % {
                        "insee": column.header,
                        "name": spec.column(COMMUNE_NAME).header,
                        "postal": spec.column("postal_code").header,
                    }
                )
        elif column.required:
            missing.append(column.header)
    problems = []
    if missing:
        problems.append(
            ngettext(
                "Il manque la colonne obligatoire %(columns)s.",
                "Il manque les colonnes obligatoires %(columns)s.",
                len(missing),
            )
            % {"columns": _list(missing)}
        )
    if unknown and (missing or duplicated):
        # Named with the blocking problems: one of them may be a misspelt expected column.
        problems.append(
            ngettext(
                "La colonne %(columns)s n'est pas reconnue.",
                "Les colonnes %(columns)s ne sont pas reconnues.",
                len(unknown),
            )
            % {"columns": _list(unknown)}
        )
    if duplicated:
        problems.append(
            _("Ces colonnes désignent la même information : %(columns)s.")
            % {"columns": ", ".join(duplicated)}
        )
    if problems:
        problems.append(
            _(
                "Les en-têtes attendus (%(kind)s) sont ceux du modèle à télécharger sur cette "
                "page ; l'ordre des colonnes est libre."
            )
            % {"kind": spec.kind.label}
        )
        raise ListFileError(" ".join(problems))
    notices = [
        _(
            "Les colonnes %(columns)s donnent le même renseignement : pour chaque ligne, "
            "la première remplie est gardée."
        )
        % {"columns": _list(names)}
        for names in repeated.values()
    ]
    if unknown:
        # PMI and Caf lists carry columns of their own (civilité, fax, secteur…): they
        # are left aside rather than refused, and the preview says so before anything
        # is applied.
        notices.append(
            ngettext(
                "La colonne %(columns)s n'est pas reconnue : elle est ignorée. Si elle "
                "correspond à une colonne attendue, corrigez son en-tête d'après le modèle.",
                "Les colonnes %(columns)s ne sont pas reconnues : elles sont ignorées. Si "
                "l'une d'elles correspond à une colonne attendue, corrigez son en-tête "
                "d'après le modèle.",
                len(unknown),
            )
            % {"columns": _list(unknown)}
        )
    return HeaderMap(columns=columns, present=present, notices=notices, ignored=ignored)


def _filled(cells: list[str], index: int) -> bool:
    return index < len(cells) and bool(cells[index])


def _filled_first(columns, cells):
    """One column per field: for a field given by several columns (landline, mobile),
    the first whose cell is filled on this line, or the first of them."""
    chosen: dict[str, tuple[int, str, Column]] = {}
    for index, header, column in columns:
        current = chosen.get(column.field)
        if current is None or (_filled(cells, index) and not _filled(cells, current[0])):
            chosen[column.field] = (index, header, column)
    return list(chosen.values())


def validate_rows(
    spec: ListSpec, table: Table, context: Context
) -> tuple[HeaderMap, list[ParsedRow], list[LineError], set[str]]:
    """Typed rows of the lines without error, the line errors, and every key named."""
    header_map = match_headers(spec, table.headers)
    width = len(table.headers)
    named_columns = {index for index, _header, _column in header_map.columns}
    unnamed_filled: set[int] = set()
    rows: list[ParsedRow] = []
    errors: list[LineError] = []
    key_lines: dict[str, list[int]] = defaultdict(list)
    for line, cells in table.rows:
        if cells[:width] == table.headers:
            continue  # the headers repeated: lists pasted one after the other
        line_errors: list[LineError] = []
        extra = [cell for index, cell in enumerate(cells) if cell and index >= width]
        if extra:
            line_errors.append(
                LineError(
                    line,
                    "",
                    extra[0],
                    _("la valeur %(value)s est dans une colonne sans en-tête")
                    % {"value": q(extra[0])},
                )
            )
        unnamed_filled.update(
            index
            for index, cell in enumerate(cells[:width])
            if cell and index not in named_columns and index not in header_map.ignored
        )
        values: dict[str, Any] = {}
        raw: dict[str, str] = {}
        for index, header, column in _filled_first(header_map.columns, cells):
            cell = cells[index] if index < len(cells) else ""
            raw[column.field] = cell
            if not cell:
                if column.required:
                    line_errors.append(LineError(line, header, "", _("la valeur est obligatoire")))
                else:
                    values[column.field] = copy.deepcopy(column.empty)
                continue
            try:
                values[column.field] = column.read(cell)
            except CellError as error:
                line_errors.append(LineError(line, header, cell, error.message))
        key = values.get(spec.key_field)
        if key:
            key_lines[key].append(line)
        row = ParsedRow(line=line, key=key or "", values=values, raw=raw)
        if not line_errors:
            line_errors += _resolve(spec, header_map, row, context)
        if line_errors:
            errors += line_errors
        else:
            rows.append(row)
    # "010001234" and "10001234" are one identifier whose zeros a spreadsheet dropped.
    groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for key, lines in key_lines.items():
        groups[bare_identifier(key)] += [(line, key) for line in lines]
    duplicates = {bare: sorted(found) for bare, found in groups.items() if len(found) > 1}
    if duplicates:
        key_header = header_map.header_of(spec.key_field)
        for found in duplicates.values():
            for line, key in found:
                others = [str(other) for other, _key in found if other != line]
                errors.append(
                    LineError(
                        line,
                        key_header,
                        key,
                        ngettext(
                            "%(value)s figure aussi ligne %(lines)s ; chaque identifiant ne "
                            "doit apparaître qu'une fois",
                            "%(value)s figure aussi lignes %(lines)s ; chaque identifiant ne "
                            "doit apparaître qu'une fois",
                            len(others),
                        )
                        % {"value": q(key), "lines": ", ".join(others)},
                    )
                )
        rows = [row for row in rows if bare_identifier(row.key) not in duplicates]
    if unnamed_filled:
        header_map.notices.append(_unnamed_notice(unnamed_filled))
    errors = _explain_unknown_communes(errors)
    errors.sort(key=lambda error: error.line)
    return header_map, rows, errors, set(key_lines)


def _unnamed_notice(indexes: set[int]) -> str:
    """Columns within the headers' width but without a header of their own (a row
    number column, a deleted header) are ignored, and said so with their letters."""
    from openpyxl.utils import get_column_letter

    letters = ", ".join(get_column_letter(index + 1) for index in sorted(indexes))
    return ngettext(
        "La colonne %(letters)s n'a pas d'en-tête : ses valeurs sont ignorées.",
        "Les colonnes %(letters)s n'ont pas d'en-tête : leurs valeurs sont ignorées.",
        len(indexes),
    ) % {"letters": letters}


UNKNOWN_COMMUNE = "unknown-commune"


def _resolve(spec: ListSpec, header_map: HeaderMap, row: ParsedRow, context: Context):
    """Commune, MAM and derived schedule; returns line errors."""
    errors: list[LineError] = []
    values = row.values
    insee = values.pop(COMMUNE_INSEE, "")
    name = values.pop(COMMUNE_NAME, "")
    commune = None
    if insee:
        # A Paris, Lyon or Marseille list may give the arrondissement (75115): its city.
        commune = context.communes_by_insee.get(city_insee(insee))
        if commune is None:
            errors.append(
                LineError(row.line, header_map.header_of(COMMUNE_INSEE), insee, UNKNOWN_COMMUNE)
            )
    elif spec.commune_name_fallback and name and values.get("postal_code"):
        candidates = [
            c
            for c in context.communes_by_name.get(normalize(name), [])
            if values["postal_code"] in c.postal_codes
        ]
        if len(candidates) == 1:
            commune = candidates[0]
        else:
            errors.append(
                LineError(
                    row.line,
                    header_map.header_of(COMMUNE_NAME),
                    name,
                    _(
                        "aucune commune du territoire ne s'appelle %(name)s avec le code "
                        "postal %(postal)s ; indiquez le code INSEE"
                    )
                    % {"name": q(name), "postal": values["postal_code"]}
                    if not candidates
                    else _("%(name)s est ambigu ; indiquez le code INSEE") % {"name": q(name)},
                )
            )
    else:
        header = header_map.header_of(COMMUNE_INSEE) or spec.column(COMMUNE_INSEE).header
        errors.append(
            LineError(
                row.line,
                header,
                "",
                _("la valeur est obligatoire (ou bien le nom de la commune et le code postal)")
                if spec.commune_name_fallback
                else _("la valeur est obligatoire"),
            )
        )
    if commune is not None:
        row.commune = commune
        values["commune_id"] = commune.pk
    if MAM_NAME in values:
        mam_name = values.pop(MAM_NAME)
        if not mam_name:
            values["mam_id"] = None
        else:
            matches = context.mams_by_name.get(normalize(mam_name), [])
            if len(matches) == 1:
                values["mam_id"] = matches[0]
            else:
                errors.append(
                    LineError(
                        row.line,
                        header_map.header_of(MAM_NAME),
                        mam_name,
                        _(
                            "aucune MAM du territoire ne porte le nom %(name)s ; "
                            "enregistrez-la d'abord ou laissez la cellule vide"
                        )
                        % {"name": q(mam_name)}
                        if not matches
                        else _("plusieurs MAM du territoire portent le nom %(name)s")
                        % {"name": q(mam_name)},
                    )
                )
    if "opening_hours" in values:
        weekly, atypical = context.schedule_of(values["opening_hours"])
        values["weekly_schedule"] = weekly
        values["atypical_hours"] = atypical
    return errors


def _explain_unknown_communes(errors: list[LineError]) -> list[LineError]:
    codes = {error.value for error in errors if error.message == UNKNOWN_COMMUNE}
    if not codes:
        return errors
    known = dict(Commune.objects.filter(insee_code__in=codes).values_list("insee_code", "name"))
    explained = []
    for error in errors:
        if error.message == UNKNOWN_COMMUNE:
            if error.value in known:
                message = _("%(name)s (%(code)s) n'est pas une commune du territoire") % {
                    "name": known[error.value],
                    "code": error.value,
                }
            else:
                message = _("%(code)s n'est le code INSEE d'aucune commune en vigueur") % {
                    "code": q(error.value)
                }
            error = LineError(error.line, error.column, error.value, message)
        explained.append(error)
    return explained


# ---------------------------------------------------------------- whole records


def _field_messages(spec: ListSpec, fields: set[str], instance, cache: dict) -> dict[str, list]:
    """What Model.clean_fields() would say about the imported fields, with the result
    of each (field, value) pair cached: a file repeats the same values many times."""
    imported = fields
    messages: dict[str, list] = {}
    for model_field in spec.model._meta.concrete_fields:
        if (
            model_field.name in RESOLVED_FOREIGN_KEYS
            # JSON values (languages, weekly schedule) are built here from parsed cells.
            or isinstance(model_field, JSONField)
            or not (model_field.name in imported or model_field.attname in imported)
        ):
            continue
        value = getattr(instance, model_field.attname)
        if model_field.blank and value in model_field.empty_values:
            continue
        key = (spec.kind, model_field.name, tuple(value) if isinstance(value, list) else value)
        try:
            hash(key)
        except TypeError:
            key = None
        if key is not None and key in cache:
            found = cache[key]
        else:
            try:
                model_field.clean(value, instance)
                found = None
            except ValidationError as error:
                found = error.messages
            if key is not None:
                cache[key] = found
        if found:
            messages[model_field.name] = found
    try:
        instance.clean()
    except ValidationError as error:
        for name, field_messages in error.update_error_dict({}).items():
            messages.setdefault(name, []).extend(field_messages)
    return messages


def check_instance(
    spec: ListSpec, header_map: HeaderMap, row: ParsedRow, instance, context, fields=None
):
    """Model validation of the record as it would be saved; returns line errors.

    `fields`: the attributes to check (by default every imported one).
    """
    errors: list[LineError] = []
    fields = set(row.values) if fields is None else fields
    for name, messages in _field_messages(spec, fields, instance, context.field_checks).items():
        errors.append(
            LineError(
                row.line,
                header_map.header_of(name),
                row.raw.get(name, ""),
                " ".join(str(message).rstrip(".") for message in messages),
            )
        )
    if instance.age_min_months > instance.age_max_months:
        header = header_map.header_of("age_max_months") or header_map.header_of("age_min_months")
        errors.append(
            LineError(
                row.line,
                header,
                row.raw.get("age_max_months", ""),
                _("l'âge maximum (%(max)s mois) est inférieur à l'âge minimum (%(min)s mois)")
                % {"max": instance.age_max_months, "min": instance.age_min_months},
            )
        )
    if (
        getattr(instance, "funding", None) == Funding.PAJE
        and getattr(instance, "hourly_price", None) is None
    ):
        header = header_map.header_of("hourly_price") or spec.column("hourly_price").header
        errors.append(
            LineError(
                row.line,
                header,
                "",
                _("le prix horaire est obligatoire pour un établissement financé par la PAJE"),
            )
        )
    return errors
