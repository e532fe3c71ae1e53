import datetime as dt

import pytest
from django.db import IntegrityError

from sppe.offers.lists import services
from sppe.offers.lists.enums import ImportStatus, ListKind
from sppe.offers.lists.models import OfferListImport
from sppe.offers.lists.reader import ListFileError
from sppe.offers.lists.services import (
    AlreadyApplied,
    ApplyRefused,
    PreviewOutdated,
    offer_list_import_apply,
    offer_list_import_preview,
    offer_list_import_refresh,
)
from sppe.offers.models import Childminder

from ..factories import ChildminderFactory
from .generators import am_rows, to_csv


def preview(communes, count=3):
    return offer_list_import_preview(
        kind=ListKind.AM, file_name="am.csv", data=to_csv(am_rows(communes, count)), by=None
    )


def test_apply_by_primary_key_and_twice(territory, communes):
    list_import = preview(communes)
    result = offer_list_import_apply(list_import=list_import.pk, by=None)
    assert result.created == 3
    with pytest.raises(AlreadyApplied, match="déjà été appliqué le"):
        offer_list_import_apply(list_import=list_import.pk, by=None)
    assert Childminder.objects.count() == 3


def test_a_new_record_with_the_same_key_outdates_the_preview(territory, communes):
    list_import = preview(communes)
    ChildminderFactory(agrement_number=am_rows(communes, 1)[0]["Numéro d'agrément"])
    with pytest.raises(PreviewOutdated, match="Les données ont changé depuis l'aperçu"):
        offer_list_import_apply(list_import=list_import, by=None)
    assert Childminder.objects.count() == 1
    list_import.refresh_from_db()
    assert list_import.status == ImportStatus.OUTDATED
    assert list_import.rows  # kept so that the preview can be refreshed
    with pytest.raises(PreviewOutdated):
        offer_list_import_apply(list_import=list_import, by=None)


def test_old_previews_expire(territory, communes):
    old = preview(communes)
    past = old.created_at - services.PREVIEW_LIFETIME - dt.timedelta(minutes=1)
    OfferListImport.objects.filter(pk=old.pk).update(created_at=past)
    with pytest.raises(PreviewOutdated):
        offer_list_import_apply(list_import=old, by=None)
    old.refresh_from_db()
    assert (old.status, old.rows) == (ImportStatus.OUTDATED, {})
    with pytest.raises(ListFileError, match="déposez le fichier à nouveau"):
        offer_list_import_refresh(list_import=old, by=None)

    # A new upload also expires forgotten previews and erases their rows.
    forgotten = preview(communes)
    OfferListImport.objects.filter(pk=forgotten.pk).update(created_at=past)
    preview(communes)
    forgotten.refresh_from_db()
    assert (forgotten.status, forgotten.rows) == (ImportStatus.OUTDATED, {})
    assert Childminder.objects.count() == 0


def test_a_database_refusal_changes_nothing(territory, communes, monkeypatch):
    list_import = preview(communes)

    def refuse(plan):
        Childminder.objects.bulk_create([Childminder(**planned.values) for planned in plan.creates])
        raise IntegrityError("duplicate key")

    monkeypatch.setattr(services, "_write", refuse)
    with pytest.raises(ApplyRefused, match="La base de données a refusé ces changements"):
        offer_list_import_apply(list_import=list_import, by=None)
    assert Childminder.objects.count() == 0
    list_import.refresh_from_db()
    assert list_import.status == ImportStatus.PREVIEWED


def test_without_territory(db):
    with pytest.raises(ListFileError, match="pas encore configuré"):
        offer_list_import_preview(kind=ListKind.AM, file_name="a.csv", data=b"Nom\nx\n", by=None)


def test_no_query_per_line(territory, communes, django_assert_max_num_queries):
    rows = am_rows(communes, 300)
    offer_list_import_apply(
        list_import=offer_list_import_preview(
            kind=ListKind.AM, file_name="a.csv", data=to_csv(rows[:100]), by=None
        ),
        by=None,
    )
    for row in rows[:50]:
        row["Nombre de places"] = "6"
    data = to_csv(rows)
    with django_assert_max_num_queries(12):
        list_import = offer_list_import_preview(
            kind=ListKind.AM, file_name="a.csv", data=data, by=None
        )
    counts = list_import.summary["counts"]
    assert (counts["created"], counts["updated"], counts["unchanged"]) == (200, 42, 58)
    with django_assert_max_num_queries(40):
        offer_list_import_apply(list_import=list_import, by=None)
    six = sum(row["Nombre de places"] == "6" for row in rows)
    assert Childminder.objects.filter(places=6).count() == six


def test_list_import_derives_the_columns_on_create_and_update(territory, communes):
    rows = am_rows(communes, 2)
    rows[0]["Horaires"] = "Mo-Fr 07:00-19:00"
    rows[1]["Horaires"] = "Tu,Th 08:00-12:00,14:00-18:00"

    def apply(rows):
        preview = offer_list_import_preview(
            kind=ListKind.AM, file_name="am.csv", data=to_csv(rows), by=None
        )
        offer_list_import_apply(list_import=preview.pk, by=None)

    apply(rows)
    first, second = Childminder.objects.order_by("agrement_number")
    assert (first.open_days, first.regular_opens, first.regular_closes) == (0b11111, 420, 1140)
    assert (second.open_days, second.regular_opens) == (0b1010, None)
    rows[0]["Horaires"] = "Mo 09:00-17:00"
    apply(rows)
    first.refresh_from_db()
    assert (first.open_days, first.regular_opens, first.regular_closes) == (0b1, 540, 1020)
