"""Writes of the observatory: snapshots of the offer and imports of figures."""

import datetime as dt
import hashlib
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sppe.offers.models import Childminder, Establishment, HomeCareProvider
from sppe.territories.models import Commune, Territory

from . import datasets
from .enums import DatasetKind, Mode
from .indicators import Unit
from .models import DatasetImport, ImportedFigure, RegistryBirths, Snapshot, SnapshotLine

UNDER_THREE_MONTHS = 36
# A snapshot of the live offer stands for a recent day only: history is never rewritten.
RECENT_DAYS = 31
BATCH_SIZE = 2000
READERS = {
    DatasetKind.INSEE_BIRTHS: datasets.read_births,
    DatasetKind.INSEE_POPULATION: datasets.read_population,
    DatasetKind.CAF_COVERAGE: datasets.read_caf_coverage,
}


class ObservatoryError(Exception):
    def __init__(self, message: str, lines: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.lines = lines or []


def _territory() -> Territory:
    territory = Territory.objects.current()
    if territory is None:
        raise ObservatoryError(_("Le territoire de cette instance n'est pas encore configuré."))
    return territory


def live_units(territory: Territory) -> list[Unit]:
    """The offer of the territory as it is now, one Unit per place of care."""
    communes = territory.communes.all()
    units = []
    for e in Establishment.objects.filter(is_active=True, commune__in=communes).select_related(
        "commune"
    ):
        units.append(
            Unit(
                key=f"eaje:{e.pk}",
                commune=e.commune.insee_code,
                mode=Mode.EAJE,
                places=e.capacity,
                places_under_three=e.capacity if e.age_min_months < UNDER_THREE_MONTHS else 0,
                kind=e.kind,
                funding=e.funding,
            )
        )
    for am in Childminder.objects.filter(is_active=True, commune__in=communes).select_related(
        "commune"
    ):
        units.append(
            Unit(
                key=f"am:{am.agrement_number}",
                commune=am.commune.insee_code,
                mode=Mode.MAM if am.mam_id else Mode.CHILDMINDER,
                places=am.places,
                places_under_three=am.places if am.age_min_months < UNDER_THREE_MONTHS else 0,
                birth_year=am.birth_date.year if am.birth_date else None,
            )
        )
    codes = set(communes.values_list("insee_code", flat=True))
    for provider in HomeCareProvider.objects.filter(is_active=True).prefetch_related("communes"):
        for commune in provider.communes.all():
            if commune.insee_code in codes:
                units.append(
                    Unit(
                        key=f"home:{provider.pk}:{commune.insee_code}",
                        commune=commune.insee_code,
                        mode=Mode.HOME_CARE,
                        places=0,
                    )
                )
    return units


@transaction.atomic
def snapshot_store(*, reference_date: dt.date, units: Iterable[Unit], by=None) -> Snapshot:
    """Store `units` as the offer on `reference_date`, replacing that date's lines."""
    snapshot = Snapshot.objects.select_for_update().filter(reference_date=reference_date).first()
    if snapshot is None:
        snapshot = Snapshot.objects.create(
            reference_date=reference_date, taken_at=timezone.now(), taken_by=by
        )
    else:
        snapshot.lines.all().delete()
        snapshot.taken_at, snapshot.taken_by = timezone.now(), by
        snapshot.save(update_fields=["taken_at", "taken_by"])
    communes = dict(Commune.objects.values_list("insee_code", "pk"))
    SnapshotLine.objects.bulk_create(
        (
            SnapshotLine(
                snapshot=snapshot,
                commune_id=communes[u.commune],
                mode=u.mode,
                unit_key=u.key,
                kind=u.kind,
                funding=u.funding,
                places=u.places,
                places_under_three=u.places_under_three,
                birth_year=u.birth_year,
            )
            for u in units
        ),
        batch_size=BATCH_SIZE,
    )
    return snapshot


def snapshot_take(*, reference_date: dt.date | None = None, by=None) -> Snapshot:
    """Photograph the live offer for `reference_date` (today by default).

    Taking it again the same day gives the same lines (idempotent). The live offer only
    tells about today: a date in the future or more than 31 days ago is refused, so that
    a past year is never rewritten with today's offer.
    """
    today = timezone.localdate()
    reference_date = reference_date or today
    if reference_date > today:
        raise ObservatoryError(_("La date de référence ne peut pas être dans le futur."))
    if (today - reference_date).days > RECENT_DAYS:
        raise ObservatoryError(
            _(
                "L'offre d'aujourd'hui ne peut pas être enregistrée au %(date)s : une "
                "photographie ne vaut que pour les %(days)s derniers jours."
            )
            % {"date": date_format(reference_date, "j F Y"), "days": RECENT_DAYS}
        )
    return snapshot_store(reference_date=reference_date, units=live_units(_territory()), by=by)


def dataset_import(*, kind: str, file_name: str, data: bytes, by=None) -> DatasetImport | None:
    """Import one INSEE or Caf file: all its figures or none.

    A malformed file raises ObservatoryError with its lines; the same file imported
    again, or a file that changes no figure, changes nothing (returns None).
    """
    try:
        figures = READERS[kind](data)
    except datasets.DatasetError as exc:
        raise ObservatoryError(exc.message, exc.lines) from exc
    seen, duplicates = {}, []
    for figure in figures:
        key = (figure.level, figure.code, figure.year, figure.measure)
        if key in seen and seen[key] != figure.value:
            duplicates.append(
                _("%(code)s, %(year)s, %(measure)s : deux valeurs différentes.")
                % {"code": figure.code, "year": figure.year, "measure": figure.measure}
            )
        seen[key] = figure.value
    if duplicates:
        raise ObservatoryError(
            _("Le fichier n'est pas importé : il donne deux valeurs pour la même case."),
            duplicates[: datasets.MAX_ERRORS_SHOWN],
        )
    figures = list({(f.level, f.code, f.year, f.measure): f for f in figures}.values())
    sha256 = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        previous = DatasetImport.objects.filter(kind=kind, sha256=sha256).first()
        if previous is not None:
            return None
        known = set(Commune.objects.values_list("insee_code", flat=True))
        figures = [f for f in figures if f.level != "commune" or f.code in known]
        existing = {
            (f.level, f.code, f.year, f.measure): f
            for f in ImportedFigure.objects.select_for_update().filter(
                kind=kind, year__in={f.year for f in figures}
            )
        }
        new, changed = [], []
        for figure in figures:
            row = existing.get((figure.level, figure.code, figure.year, figure.measure))
            if row is None:
                new.append(figure)
            elif row.value != figure.value:
                row.value = figure.value
                changed.append(row)
        if not new and not changed:
            return None
        record = DatasetImport.objects.create(
            kind=kind,
            file_name=file_name[:255],
            sha256=sha256,
            rows=len(figures),
            changed=len(new) + len(changed),
            imported_at=timezone.now(),
            imported_by=by,
        )
        for row in changed:
            row.source = record
        ImportedFigure.objects.bulk_update(changed, ["value", "source"], batch_size=BATCH_SIZE)
        ImportedFigure.objects.bulk_create(
            (
                ImportedFigure(
                    kind=kind,
                    level=f.level,
                    code=f.code,
                    year=f.year,
                    measure=f.measure,
                    value=f.value,
                    source=record,
                )
                for f in new
            ),
            batch_size=BATCH_SIZE,
        )
    return record


@transaction.atomic
def registry_births_record(*, commune, year: int, month: int, births: int, by) -> RegistryBirths:
    """Enter (or correct) a month's births counted by the commune's registry."""
    today = timezone.localdate()
    if (year, month) > (today.year, today.month):
        raise ObservatoryError(_("Ce mois n'est pas encore commencé."))
    row, _created = RegistryBirths.objects.select_for_update().update_or_create(
        commune=commune,
        year=year,
        month=month,
        defaults={"births": births, "entered_by": by, "entered_at": timezone.now()},
    )
    return row
