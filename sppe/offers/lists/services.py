"""Writes of the list import: the preview (stored server-side) and its application."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sppe.accounts.perms import communes_in_perimeter, perimeter_covers
from sppe.territories.models import Territory

from ..models import Scheduled
from .enums import ImportStatus
from .formats import spec_for
from .models import OfferListImport
from .plan import Plan, build_plan
from .reader import ListFileError, Table, read_table

# A preview not applied within this delay expires and its rows are erased.
PREVIEW_LIFETIME = dt.timedelta(days=7)
BATCH_SIZE = 500


class ApplyRefused(Exception):
    """The stored preview cannot be applied; the message is plain French."""

    def __init__(self, message: str, *, list_import: OfferListImport):
        super().__init__(message)
        self.message = message
        self.list_import = list_import


class AlreadyApplied(ApplyRefused):
    pass


class PreviewOutdated(ApplyRefused):
    pass


@dataclass(frozen=True)
class ApplyResult:
    created: int
    updated: int
    unchanged: int


def current_territory():
    territory = Territory.objects.current()
    if territory is None:
        raise ListFileError(_("Le territoire de cette instance n'est pas encore configuré."))
    return territory


@dataclass(frozen=True)
class Perimeter:
    """The part of the territory a list import may read and write (perms.py decides)."""

    communes: Any


def perimeter_of(author) -> Perimeter:
    """An author's communes; none (a command, or an account deleted): the territory's."""
    territory = current_territory()
    if author is None:
        return Perimeter(communes=territory.communes.all())
    return Perimeter(communes=communes_in_perimeter(author, territory))


def offer_list_plan(*, kind: str, table: Table, by, lock: bool = False) -> Plan:
    return build_plan(spec_for(kind), table, perimeter_of(by), lock=lock)


def _expire_old_previews() -> None:
    OfferListImport.objects.filter(
        status=ImportStatus.PREVIEWED, created_at__lt=timezone.now() - PREVIEW_LIFETIME
    ).update(status=ImportStatus.OUTDATED, rows={})


def offer_list_import_preview(*, kind: str, file_name: str, data: bytes, by) -> OfferListImport:
    """Read and check a file, compute its plan and store both; nothing else is written.

    Raises ListFileError when the file as a whole is unusable.
    """
    table = read_table(data, file_name)
    plan = offer_list_plan(kind=kind, table=table, by=by)
    with transaction.atomic():
        _expire_old_previews()
        return OfferListImport.objects.create(
            kind=kind,
            status=ImportStatus.REJECTED if plan.errors else ImportStatus.PREVIEWED,
            file_name=file_name[:255],
            # Lines in error are not kept: the file must be corrected and uploaded again.
            rows={} if plan.errors else table.to_json(),
            summary=plan.summary(),
            plan_digest=plan.digest,
            created_by=by,
        )


def offer_list_import_refresh(*, list_import: OfferListImport, by) -> OfferListImport:
    """A new preview of an outdated one's rows, against the current data."""
    if list_import.status != ImportStatus.OUTDATED or not list_import.rows:
        raise ListFileError(
            _("Cet aperçu ne peut pas être recalculé : déposez le fichier à nouveau.")
        )
    table = Table.from_json(list_import.rows)
    plan = offer_list_plan(kind=list_import.kind, table=table, by=by)
    with transaction.atomic():
        OfferListImport.objects.filter(pk=list_import.pk).update(rows={})
        return OfferListImport.objects.create(
            kind=list_import.kind,
            status=ImportStatus.REJECTED if plan.errors else ImportStatus.PREVIEWED,
            file_name=list_import.file_name,
            rows={} if plan.errors else table.to_json(),
            summary=plan.summary(),
            plan_digest=plan.digest,
            created_by=by,
        )


def offer_list_import_apply(*, list_import: OfferListImport | int, by) -> ApplyResult:
    """Apply a stored preview, all or nothing.

    The preview's rows are checked again against the database under lock: if the plan
    is not exactly the one previewed (someone changed the data meanwhile), nothing is
    written and the preview is marked outdated. Applying twice is refused.
    """
    pk = list_import.pk if isinstance(list_import, OfferListImport) else list_import
    outcome = _apply(pk, by)
    if isinstance(outcome, ApplyRefused):
        raise outcome
    return outcome


@transaction.atomic
def _apply(pk: int, by) -> ApplyResult | ApplyRefused:
    stored = OfferListImport.objects.select_for_update().get(pk=pk)
    if by is not None and not perimeter_covers(by, stored.created_by, current_territory()):
        return ApplyRefused(
            _(
                "Ce fichier concerne des communes hors de votre périmètre : vous ne pouvez "
                "pas l'appliquer."
            ),
            list_import=stored,
        )
    if stored.status == ImportStatus.APPLIED:
        return AlreadyApplied(
            _("Ce fichier a déjà été appliqué le %(date)s : rien n'a été modifié une seconde fois.")
            % {"date": timezone.localtime(stored.applied_at).strftime("%d/%m/%Y à %H:%M")},
            list_import=stored,
        )
    if stored.status == ImportStatus.REJECTED:
        return ApplyRefused(
            _("Ce fichier contient des lignes en erreur : corrigez-les puis déposez-le à nouveau."),
            list_import=stored,
        )
    outdated = PreviewOutdated(
        _(
            "Les données ont changé depuis l'aperçu (ou l'aperçu a expiré) : rien n'a été "
            "modifié. Refaites l'aperçu pour voir les changements à jour avant de les appliquer."
        ),
        list_import=stored,
    )
    if stored.status == ImportStatus.OUTDATED or stored.created_at < timezone.now() - (
        PREVIEW_LIFETIME
    ):
        _mark_outdated(stored)
        return outdated
    plan = offer_list_plan(
        kind=stored.kind, table=Table.from_json(stored.rows), by=stored.created_by, lock=True
    )
    if plan.errors or plan.digest != stored.plan_digest:
        _mark_outdated(stored)
        return outdated
    try:
        with transaction.atomic():
            _write(plan)
    except DatabaseError as error:
        return ApplyRefused(
            _("La base de données a refusé ces changements (%(error)s) : rien n'a été modifié.")
            % {"error": error.__class__.__name__},
            list_import=stored,
        )
    result = ApplyResult(
        created=len(plan.creates), updated=len(plan.updates), unchanged=len(plan.unchanged)
    )
    stored.status = ImportStatus.APPLIED
    stored.applied_at = timezone.now()
    stored.applied_by = by
    stored.rows = {}  # personal data: the records now hold them
    stored.summary = {**stored.summary, "applied": result.__dict__}
    stored.save(update_fields=["status", "applied_at", "applied_by", "rows", "summary"])
    return result


def _mark_outdated(stored: OfferListImport) -> None:
    stored.status = ImportStatus.OUTDATED
    if stored.created_at < timezone.now() - PREVIEW_LIFETIME:
        stored.rows = {}
    stored.save(update_fields=["status", "rows"])


def _refresh_derived(obj) -> None:
    """bulk_create and bulk_update skip save(): derive what it would have."""
    if isinstance(obj, Scheduled):
        obj.refresh_schedule_summary()


def _write(plan: Plan) -> None:
    model = plan.spec.model
    created = [model(**planned.values) for planned in plan.creates]
    for obj in created:
        _refresh_derived(obj)
    model.objects.bulk_create(created, batch_size=BATCH_SIZE)
    if not plan.updates:
        return
    now = timezone.now()
    fields = {"updated_at"}
    objs = []
    for planned in plan.updates:
        obj = planned.obj
        for name, _old, new in planned.changes:
            setattr(obj, name, new)
            fields.add(name)
        if "weekly_schedule" in fields:
            fields.update(Scheduled.SUMMARY_FIELDS)
        _refresh_derived(obj)
        obj.updated_at = now
        objs.append(obj)
    model.objects.bulk_update(objs, sorted(fields), batch_size=BATCH_SIZE)
