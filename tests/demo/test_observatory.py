"""The demo observatory: five years, plausible against document 003, idempotent."""

import datetime as dt

import pytest

from sppe.demo.observatory import load_demo_observatory
from sppe.demo.offers import load_demo_offer
from sppe.observatory import selectors
from sppe.observatory.models import DatasetImport, Snapshot, SnapshotLine

from .test_offers import demo_territory  # noqa: F401 - the fixture

pytestmark = pytest.mark.slow


def test_five_years_of_history_true_to_document_003(demo_territory, time_machine):  # noqa: F811
    time_machine.move_to(dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC))
    load_demo_offer()
    report = load_demo_observatory()
    assert report.years == [2021, 2022, 2023, 2024, 2025]
    assert all(400 <= n <= 500 for n in report.births.values())

    figures = selectors.report(demo_territory, demo_territory.communes.all(), 2025)
    latest = figures.history[-1].places
    assert latest.childminder_count + latest.mam_childminder_count == 312
    assert latest.childminders + latest.mam == 1092
    oldest = figures.history[0].places
    # Individual care fell for five years; five micro-crèches opened.
    assert oldest.childminders + oldest.mam > latest.childminders + latest.mam
    assert all(h.am_flow.closed > h.am_flow.created for h in figures.history[1:])
    assert figures.history[-1].places.eaje_paje > figures.history[0].places.eaje_paje
    assert figures.total.rate is not None
    assert len(figures.rows) == 15
    assert all(row.coverage.caf_rate is not None for row in figures.rows)

    lines = sorted(SnapshotLine.objects.values_list("snapshot__reference_date", "unit_key"))
    load_demo_observatory()
    assert sorted(SnapshotLine.objects.values_list("snapshot__reference_date", "unit_key")) == (
        lines
    )
    assert Snapshot.objects.count() == 5
    assert DatasetImport.objects.count() == 3
