"""The acceptance point of issue 3, item 3, on a generated 3,000-line AM file."""

import pytest

from sppe.offers.lists.enums import ImportStatus, ListKind
from sppe.offers.lists.export import export_file
from sppe.offers.lists.formats import AM_SPEC
from sppe.offers.lists.services import (
    ApplyRefused,
    offer_list_import_apply,
    offer_list_import_preview,
)
from sppe.offers.models import Childminder

from .generators import am_rows, to_csv, to_xlsx

LINES = 3000


def snapshot():
    return sorted(Childminder.objects.values_list("agrement_number", "updated_at"))


def spoil(rows):
    """Five malformed lines of different kinds; returns their line numbers in the file.

    Row i of the list is line i + 2 of the file (line 1 holds the headers). The
    duplicated agrément repeats the one of the line with a bad date: a duplicate flags
    both lines, so the five spoilt lines are exactly the five lines reported.
    """
    rows[16]["Nombre de places"] = "cinq"
    rows[700]["Code INSEE commune"] = "99999"
    rows[1500]["Date de naissance"] = "31/02/1980"
    rows[2200]["Horaires"] = "du lundi au vendredi de 8 h à 18 h"
    rows[2999]["Numéro d'agrément"] = rows[1500]["Numéro d'agrément"]
    return [18, 702, 1502, 2202, 3001]


def preview(data, name, user=None):
    return offer_list_import_preview(kind=ListKind.AM, file_name=name, data=data, by=user)


@pytest.mark.slow
def test_five_malformed_lines_are_reported_and_nothing_changes(territory, communes):
    rows = am_rows(communes, LINES)
    clean = to_csv(rows)
    spoilt_lines = spoil(rows)

    rejected = preview(to_csv(rows), "am.csv")
    assert rejected.status == ImportStatus.REJECTED
    assert sorted({error["line"] for error in rejected.summary["errors"]}) == spoilt_lines
    texts = [error["text"] for error in rejected.summary["errors"]]
    assert (
        "ligne 18, colonne « Nombre de places » : « cinq » n'est pas un nombre entier de 1 à 6"
        in texts
    )
    with pytest.raises(ApplyRefused, match="lignes en erreur"):
        offer_list_import_apply(list_import=rejected, by=None)
    assert Childminder.objects.count() == 0

    # The fixed file applies in full.
    fixed = preview(clean, "am.csv")
    assert fixed.status == ImportStatus.PREVIEWED
    assert fixed.summary["counts"]["created"] == LINES
    result = offer_list_import_apply(list_import=fixed, by=None)
    assert (result.created, result.updated) == (LINES, 0)
    assert Childminder.objects.count() == LINES

    # A clean re-import of the same file changes nothing.
    before = snapshot()
    again = preview(clean, "am.csv")
    counts = again.summary["counts"]
    assert (counts["created"], counts["updated"], counts["unchanged"]) == (0, 0, LINES)
    result = offer_list_import_apply(list_import=again, by=None)
    assert (result.created, result.updated) == (0, 0)
    assert snapshot() == before

    # Export, then re-import: zero changes, in both formats.
    for export_format in ("csv", "xlsx"):
        exported = export_file(AM_SPEC, territory, export_format)
        reimport = preview(exported, f"export.{export_format}")
        counts = reimport.summary["counts"]
        assert reimport.summary["errors"] == []
        assert (counts["created"], counts["updated"], counts["unchanged"]) == (0, 0, LINES)


@pytest.mark.slow
def test_the_same_with_an_xlsx_file(territory, communes):
    rows = am_rows(communes, LINES)
    clean = to_xlsx(rows)
    spoilt_lines = spoil(rows)

    rejected = preview(to_xlsx(rows), "am.xlsx")
    assert sorted({error["line"] for error in rejected.summary["errors"]}) == spoilt_lines
    assert Childminder.objects.count() == 0

    fixed = preview(clean, "am.xlsx")
    result = offer_list_import_apply(list_import=fixed, by=None)
    assert (result.created, result.updated) == (LINES, 0)
    counts = preview(clean, "am.xlsx").summary["counts"]
    assert (counts["created"], counts["updated"], counts["unchanged"]) == (0, 0, LINES)
