"""The diff plan of a list against the database: what would be created, updated
(field by field, old → new), left unchanged, and what the file does not mention.

Existing records are fetched by key in a few bulk queries; nothing is queried per line.
The plan's digest covers every value it would write and every current value it read,
so that applying can check nothing changed since the preview.
"""

import copy
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sppe.territories.models import Commune

from .formats import COMMUNE_INSEE, MAM_NAME, ListSpec, bare_identifier, quoted
from .reader import Table
from .validation import (
    CommuneRef,
    Context,
    HeaderMap,
    LineError,
    ParsedRow,
    check_instance,
    locate_headers,
    validate_rows,
)

CHUNK = 2000
SAMPLE_CREATES = 20
SAMPLE_UPDATES = 50
SAMPLE_ABSENT = 100
MAX_STORED_ERRORS = 2000
POINT_FIELDS = ("latitude", "longitude")
# Leading zeros a spreadsheet may have dropped from an identifier (FINESS: one).
MAX_LOST_ZEROS = 3


@dataclass
class Planned:
    line: int
    key: str
    label: str
    values: dict[str, Any]  # what would be written (all imported values for a creation)
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)  # (attribute, old, new)
    obj: Any = None  # the existing record, for an update


@dataclass
class Plan:
    spec: ListSpec
    header_map: HeaderMap
    creates: list[Planned]
    updates: list[Planned]
    unchanged: list[Planned]
    absent: list[tuple[str, str]]  # (key, label)
    errors: list[LineError]
    line_count: int
    notices: list[str]
    commune_labels: dict[int, str]
    mam_labels: dict[int, str]

    @property
    def error_lines(self) -> list[int]:
        return sorted({error.line for error in self.errors})

    @property
    def digest(self) -> str:
        payload = {
            "creates": [[p.key, p.values] for p in self.creates],
            "updates": [
                [
                    p.key,
                    p.obj.pk,
                    [[name, old, new] for name, old, new in p.changes],
                ]
                for p in self.updates
            ],
            "unchanged": [[p.key, p.obj.pk] for p in self.unchanged],
            "errors": [error.to_json() for error in self.errors],
        }
        encoded = json.dumps(payload, sort_keys=True, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()

    # -- what the preview page and the command show

    def describe_change(self, name: str, old, new) -> dict:
        spec = self.spec
        if name == "commune_id":
            return {
                "label": spec.column(COMMUNE_INSEE).header,
                "old": self.commune_labels.get(old, ""),
                "new": self.commune_labels.get(new, ""),
            }
        if name == "mam_id":
            return {
                "label": spec.column(MAM_NAME).header,
                "old": self.mam_labels.get(old, ""),
                "new": self.mam_labels.get(new, ""),
            }
        if name in POINT_FIELDS:
            label = _("position publique (%(axis)s)") % {"axis": name}
            return {"label": label, "old": _number(old), "new": _number(new)}
        if name == "weekly_schedule":
            return {
                "label": _("horaires (calcul par jour)"),
                "old": _("ancien"),
                "new": _("recalculé"),
            }
        if name == "atypical_hours":
            label = str(spec.model._meta.get_field(name).verbose_name)
            return {"label": label, "old": _yes_no(old), "new": _yes_no(new)}
        column = spec.column(name)
        return {"label": column.header, "old": column.write(old), "new": column.write(new)}

    def summary(self) -> dict:
        return {
            "counts": {
                "lines": self.line_count,
                "created": len(self.creates),
                "updated": len(self.updates),
                "unchanged": len(self.unchanged),
                "absent": len(self.absent),
                "errors": len(self.errors),
                "error_lines": len(self.error_lines),
            },
            "errors": [error.to_json() for error in self.errors[:MAX_STORED_ERRORS]],
            "creates": [
                {"line": p.line, "key": p.key, "label": p.label}
                for p in self.creates[:SAMPLE_CREATES]
            ],
            "updates": [
                {
                    "line": p.line,
                    "key": p.key,
                    "label": p.label,
                    "changes": [self.describe_change(*change) for change in p.changes],
                }
                for p in self.updates[:SAMPLE_UPDATES]
            ],
            "absent": [{"key": key, "label": label} for key, label in self.absent[:SAMPLE_ABSENT]],
            "missing_columns": [
                column.header
                for column in self.spec.columns
                if column.field not in self.header_map.present
            ],
            "notices": list(self.notices),
        }


def _number(value) -> str:
    return "" if value is None else f"{value:.5f}".replace(".", ",")


def _yes_no(value) -> str:
    return _("oui") if value else _("non")


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _label(spec: ListSpec, values: dict, obj=None) -> str:
    if spec.key_field == "agrement_number":
        first = values.get("first_name", getattr(obj, "first_name", ""))
        last = values.get("last_name", getattr(obj, "last_name", ""))
        return f"{first} {last}".strip()
    return values.get("name", getattr(obj, "name", ""))


def _point(spec: ListSpec, row: ParsedRow, obj) -> tuple[float | None, float | None]:
    """The public point: the commune centre (the import has no geocoder).

    A point already set on a record is kept only when its address is public and the
    commune and address did not change, so that a precise point placed by hand is not
    lost; a private address always falls back to the commune centre.
    """
    commune: CommuneRef = row.commune
    centre = (commune.latitude, commune.longitude)
    if obj is None or obj.latitude is None:
        return centre
    is_public = row.values.get("address_is_public", getattr(obj, "address_is_public", True))
    same_place = obj.commune_id == commune.pk and row.values.get("address", obj.address) == (
        obj.address
    )
    if is_public and same_place:
        return obj.latitude, obj.longitude
    return centre


def _existing(model, key_field: str, keys: list[str], *, lock: bool) -> dict[str, Any]:
    """The records of these keys, by key, in a few queries.

    A key made of digits also finds a record whose key differs only by leading zeros
    (a spreadsheet dropped them, or the record was created from such a file), when
    that record is the only one so.
    """
    found = _fetch(model, key_field, keys, lock=lock)
    variants: dict[str, list[str]] = {}
    for key in keys:
        bare = bare_identifier(key)
        if key in found or not (bare.isascii() and bare.isdigit()):
            continue
        padded = ("0" * zeros + bare for zeros in range(MAX_LOST_ZEROS + 1))
        variants[key] = [name for name in padded if name != key]
    if not variants:
        return found
    names = [name for names in variants.values() for name in names]
    near = _fetch(model, key_field, names, lock=lock)
    for key, names in variants.items():
        matches = [near[name] for name in names if name in near]
        if len(matches) == 1:
            found[key] = matches[0]
    return found


def _fetch(model, key_field: str, keys: list[str], *, lock: bool) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for chunk in _chunks(keys):
        queryset = model.objects.filter(**{f"{key_field}__in": chunk})
        if lock:
            queryset = queryset.select_for_update()
        found.update({getattr(obj, key_field): obj for obj in queryset})
    return found


def _lost_zeros(key_field: str, rows: list[ParsedRow], existing) -> list[tuple[str, str]]:
    """(key in the file, key stored) of the rows matched up to leading zeros.

    Two such rows cannot meet on one record: they share their bare identifier, so
    the file's duplicate check has already refused them.
    """
    return [
        (row.key, getattr(existing[row.key], key_field))
        for row in rows
        if row.key in existing and getattr(existing[row.key], key_field) != row.key
    ]


def _lost_zeros_notice(lost: list[tuple[str, str]]) -> list[str]:
    if not lost:
        return []
    in_file, stored = lost[0]
    return [
        ngettext(
            "%(count)s identifiant du fichier diffère d'une fiche existante par ses zéros "
            "initiaux (par exemple %(file)s pour %(stored)s) : il lui a été rapproché et "
            "l'identifiant enregistré est gardé.",
            "%(count)s identifiants du fichier diffèrent d'une fiche existante par leurs zéros "
            "initiaux (par exemple %(file)s pour %(stored)s) : ils lui ont été rapprochés et "
            "les identifiants enregistrés sont gardés.",
            len(lost),
        )
        % {"count": len(lost), "file": quoted(in_file), "stored": quoted(stored)}
    ]


def _differs(old, new) -> bool:
    if isinstance(old, str) and isinstance(new, str):
        # The import tidies spaces; a value typed elsewhere with a double or trailing
        # space is the same value, so that an export re-imports with zero changes.
        return old.split() != new.split()
    return old != new


def build_plan(
    spec: ListSpec, table: Table, territory, *, context: Context | None = None, lock=False
) -> Plan:
    context = context or Context.for_territory(territory)
    table = locate_headers(spec, table)
    header_map, rows, errors, file_keys = validate_rows(spec, table, context)
    model = spec.model
    key_field = spec.key_field
    existing = _existing(model, key_field, [row.key for row in rows], lock=lock)
    lost_zeros = _lost_zeros(key_field, rows, existing)
    file_keys |= {getattr(obj, key_field) for obj in existing.values()}

    creates: list[Planned] = []
    updates: list[Planned] = []
    unchanged: list[Planned] = []
    in_perimeter = {commune.pk for commune in context.communes_by_insee.values()}
    for row in rows:
        obj = existing.get(row.key)
        if obj is not None and obj.commune_id not in in_perimeter:
            # A record of a commune outside the perimeter is neither read nor moved.
            errors.append(
                LineError(
                    row.line,
                    "",
                    row.key,
                    _(
                        "la fiche %(key)s appartient à une commune hors de votre périmètre : "
                        "ce fichier ne peut pas la modifier"
                    )
                    % {"key": quoted(row.key)},
                )
            )
            continue
        values = dict(row.values)
        if obj is not None:
            values[key_field] = getattr(obj, key_field)  # as stored, with its zeros
        values["latitude"], values["longitude"] = _point(spec, row, obj)
        planned = Planned(
            line=row.line, key=row.key, label=_label(spec, values, obj), values=values, obj=obj
        )
        if obj is None:
            instance = model(**values)
            checked = None  # every imported field
        else:
            planned.changes = [
                (name, getattr(obj, name), value)
                for name, value in values.items()
                if _differs(getattr(obj, name), value)
            ]
            if not planned.changes:
                unchanged.append(planned)  # what the database holds already
                continue
            instance = copy.copy(obj)
            for name, _old, value in planned.changes:
                setattr(instance, name, value)
            checked = {name for name, _old, _new in planned.changes}
        line_errors = check_instance(spec, header_map, row, instance, context, fields=checked)
        if line_errors:
            errors.extend(line_errors)
        else:
            (creates if obj is None else updates).append(planned)
    errors.sort(key=lambda error: error.line)

    scope = model.objects.filter(commune__in=territory.communes.all(), is_active=True)
    label_fields = ("first_name", "last_name") if key_field == "agrement_number" else ("name",)
    absent = [
        (
            key or "",
            " ".join(parts) if key else _("%(name)s (sans identifiant)") % {"name": parts[0]},
        )
        for key, *parts in scope.order_by(*label_fields, "pk").values_list(key_field, *label_fields)
        if not key or key not in file_keys
    ]

    commune_ids, mam_ids = set(), set()
    for planned in updates:
        for name, old, new in planned.changes:
            if name == "commune_id":
                commune_ids |= {old, new}
            elif name == "mam_id":
                mam_ids |= {old, new}
    return Plan(
        spec=spec,
        header_map=header_map,
        creates=creates,
        updates=updates,
        unchanged=unchanged,
        absent=absent,
        errors=errors,
        line_count=len(table.rows),
        notices=[*table.notices, *header_map.notices, *_lost_zeros_notice(lost_zeros)],
        commune_labels=_commune_labels(commune_ids - {None}),
        mam_labels=_mam_labels(mam_ids - {None}),
    )


def _commune_labels(ids) -> dict[int, str]:
    if not ids:
        return {}
    return {
        pk: f"{code} ({name})"
        for pk, code, name in Commune.objects.filter(pk__in=ids).values_list(
            "pk", "insee_code", "name"
        )
    }


def _mam_labels(ids) -> dict[int, str]:
    from sppe.offers.models import Mam

    if not ids:
        return {}
    return dict(Mam.objects.filter(pk__in=ids).values_list("pk", "name"))
