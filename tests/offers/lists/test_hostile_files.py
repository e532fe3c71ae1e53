"""Hostile files: resource limits on list imports, and exports that no spreadsheet runs."""

import csv
import io
import time
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from sppe.core.spreadsheet import neutralise, restore
from sppe.offers.lists import reader
from sppe.offers.lists.enums import ListKind
from sppe.offers.lists.export import export_file
from sppe.offers.lists.formats import spec_for
from sppe.offers.lists.reader import ListFileError, read_table
from sppe.offers.opendata.exports import csv_lines

from ..factories import ChildminderFactory
from .generators import am_rows

AM = spec_for(ListKind.AM)
FORMULAS = ['=HYPERLINK("http://x";"clic")', "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3+cmd"]


def _xlsx(rows) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Liste")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _with_long_cell(length: int) -> bytes:
    """A workbook whose cell B3 holds `length` characters (spreadsheets stop at 32,767,
    a hand-made file does not)."""
    marker = "M" * 100
    source = zipfile.ZipFile(
        io.BytesIO(_xlsx([["Numéro d'agrément", "Nom"], ["1", "Durand"], ["2", marker]]))
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(marker.encode(), b"y" * length)
            target.writestr(info.filename, content)
    return buffer.getvalue()


def test_a_workbook_that_unpacks_to_hundreds_of_megabytes_is_refused_at_once(monkeypatch):
    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", 200_000)
    data = _with_long_cell(300_000)  # one string, compressed to almost nothing
    assert len(data) < 20_000
    with pytest.raises(ListFileError, match="une fois ouvert"):
        read_table(data, "liste.xlsx")


def test_a_cell_longer_than_the_limit_is_refused_with_its_line():
    data = _with_long_cell(140_000)
    with pytest.raises(ListFileError, match="ligne 3 dépasse"):
        read_table(data, "liste.xlsx")


def test_too_many_cells_are_refused(monkeypatch):
    monkeypatch.setattr(reader, "MAX_CELLS", 50)
    data = _xlsx([["a", "b", "c"], *[[str(n), "x", "y"] for n in range(30)]])
    with pytest.raises(ListFileError, match="plus de 50 cellules remplies"):
        read_table(data, "liste.xlsx")


def test_a_million_empty_rows_stop_the_reading_quickly(communes):
    """Formatting stretched down a whole column: the list ends where the rows stay empty."""
    rows = am_rows(communes, 3)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    sheet.cell(row=1_000_000, column=1, value="perdu")  # far below, after empty rows
    buffer = io.BytesIO()
    workbook.save(buffer)
    start = time.perf_counter()
    table = read_table(buffer.getvalue(), "liste.xlsx")
    assert time.perf_counter() - start < 20
    assert len(table.rows) == 3


def test_neutralise_and_restore():
    for value in FORMULAS:
        assert neutralise(value).startswith("'")
        assert restore(neutralise(value)) == value
    for value in ("+33 6 12 34 56 78", "-5", "Durand", "", "'déjà"):
        assert neutralise(value) == value
        assert restore(value) == value


def _csv_cells(data: bytes) -> list[str]:
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")
    return [cell for row in rows for cell in row]


def test_formulas_from_an_imported_list_come_back_as_text_in_both_exports(territory, communes):
    for n, formula in enumerate(FORMULAS):
        ChildminderFactory(commune=communes[0], last_name=formula, first_name=f"Am{n}")
    cells = _csv_cells(export_file(AM, territory, "csv"))
    for formula in FORMULAS:
        assert formula not in cells
        assert "'" + formula in cells
    sheet = load_workbook(io.BytesIO(export_file(AM, territory, "xlsx"))).worksheets[0]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    types = {cell.data_type for row in sheet.iter_rows() for cell in row}
    assert "f" not in types  # no formula cell
    for formula in FORMULAS:
        assert "'" + formula in values


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_with_formulas_reimports_unchanged(territory, communes, file_format):
    ChildminderFactory(commune=communes[0], last_name="=1+1")
    table = read_table(export_file(AM, territory, file_format), f"am.{file_format}")
    column = table.headers.index("Nom")
    assert [cells[column] for _line, cells in table.rows] == ["=1+1"]


def test_open_data_csv_neutralises_formulas():
    lines = "".join(csv_lines([{"nom": "=1+1", "tel": "+33 2 51 00 00 00"}], ["nom", "tel"]))
    assert "'=1+1" in lines
    assert "+33 2 51 00 00 00" in lines
