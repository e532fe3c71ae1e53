"""Files as PMI and Caf exports really come: other spreadsheets, other habits."""

import datetime as dt
import io
import random
import zipfile

import pytest
from openpyxl import Workbook

from sppe.offers.lists.enums import ImportStatus, ListKind
from sppe.offers.lists.export import export_file
from sppe.offers.lists.formats import AM_SPEC, ESTABLISHMENT_SPEC
from sppe.offers.lists.reader import ListFileError, read_table
from sppe.offers.lists.services import offer_list_import_apply, offer_list_import_preview
from sppe.offers.models import Childminder

from ...factories import CommuneFactory, TerritoryFactory
from ..factories import ChildminderFactory, EstablishmentFactory
from .generators import am_rows, establishment_rows, to_csv, to_xlsx

HEADER = "Numéro d'agrément;Nom;Prénom"


def preview(data, name="liste.csv", kind=ListKind.AM):
    return offer_list_import_preview(kind=kind, file_name=name, data=data, by=None)


def errors_of(list_import):
    return [error["text"] for error in list_import.summary["errors"]]


def workbook_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def damaged(data: bytes, part_prefix: str) -> bytes:
    """The same zip with the parts named `part_prefix…` cut in half."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith(part_prefix):
                content = content[: len(content) // 2]
            target.writestr(item, content)
    return buffer.getvalue()


# ---------------------------------------------------------------- whole files


@pytest.mark.parametrize(
    "part", ["xl/worksheets/", "xl/workbook.xml", "xl/styles.xml", "[Content_Types]"]
)
def test_a_workbook_with_damaged_xml_is_refused_with_a_message(part):
    data = to_xlsx([{"Numéro d'agrément": "1", "Nom": "Martin"}])
    with pytest.raises(ListFileError, match="Le classeur Excel est illisible"):
        read_table(damaged(data, part), "liste.xlsx")


def test_a_password_protected_workbook_is_named_so():
    # Excel keeps an encrypted .xlsx in the old compound container.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    with pytest.raises(ListFileError, match="protégé par un mot de passe"):
        read_table(data, "liste.xlsx")
    with pytest.raises(ListFileError, match="Excel 97-2003"):
        read_table(data, "liste.xls")


def test_a_pdf_renamed_csv_is_named_so():
    data = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 5 >>\n"
    with pytest.raises(ListFileError, match="est un document PDF"):
        read_table(data, "liste.csv")


def test_an_overlong_cell_is_reported_at_its_line():
    data = f'{HEADER}\n1;A;B\n2;"{"x" * 200_000}";C\n'.encode()
    with pytest.raises(ListFileError, match="ligne 3 : .* une cellule y est démesurément longue"):
        read_table(data, "liste.csv")


def test_a_file_mixing_utf8_and_windows_lines_keeps_every_accent():
    data = f"{HEADER}\n1;Lefèvre;Hélène\n".encode() + "2;Gérard;Zoé\n".encode("cp1252")
    table = read_table(data, "liste.csv")
    assert table.headers == ["Numéro d'agrément", "Nom", "Prénom"]
    assert table.rows == [(2, ["1", "Lefèvre", "Hélène"]), (3, ["2", "Gérard", "Zoé"])]


def test_excel_separator_hint_line_is_followed():
    data = f"sep=,\r\n{HEADER.replace(';', ',')}\r\n1,Lefèvre,Hélène\r\n".encode()
    table = read_table(data, "liste.csv")
    assert table.headers == ["Numéro d'agrément", "Nom", "Prénom"]
    assert table.rows == [(3, ["1", "Lefèvre", "Hélène"])]


def test_a_title_line_does_not_hide_the_comma_separator():
    data = f"Liste des assistants maternels\r\n\r\n{HEADER.replace(';', ',')}\r\n1,A,B\r\n"
    table = read_table(data.encode(), "liste.csv")
    assert table.rows[0] == (3, ["Numéro d'agrément", "Nom", "Prénom"])


# ---------------------------------------------------------------- headers


def test_title_lines_above_the_headers_are_skipped(territory, communes):
    rows = am_rows(communes, 3)
    rows[2]["Nombre de places"] = "9"
    lines = [["PMI de Vendée — assistants maternels agréés"], ["au 01/01/2025"], []]
    data = workbook_bytes([*lines, list(rows[0]), *[list(row.values()) for row in rows]])
    list_import = preview(data, "liste.xlsx")
    assert errors_of(list_import) == [
        "ligne 7, colonne « Nombre de places » : « 9 » n'est pas un nombre entier de 1 à 6"
    ]
    assert list_import.summary["counts"]["lines"] == 3
    assert "Les en-têtes ont été trouvés ligne 4" in list_import.summary["notices"][0]


def test_unknown_columns_are_ignored_and_named(territory, communes):
    rows = am_rows(communes, 3)
    for row in rows:
        row["Civilité"] = "Mme"
        row["Fax"] = "02 51 00 00 00"
    list_import = preview(to_csv(rows))
    assert list_import.status == ImportStatus.PREVIEWED
    assert list_import.summary["counts"]["created"] == 3
    assert list_import.summary["notices"] == [
        "Les colonnes « Civilité », « Fax » ne sont pas reconnues : elles sont ignorées. Si "
        "l'une d'elles correspond à une colonne attendue, corrigez son en-tête d'après le "
        "modèle."
    ]
    offer_list_import_apply(list_import=list_import, by=None)
    assert Childminder.objects.count() == 3


def test_headers_in_capitals_with_spaces_in_another_order(territory, communes):
    rows = am_rows(communes, 3)
    headers = list(reversed(list(rows[0])))
    text = to_csv(rows, headers=headers).decode("utf-8-sig")
    first, rest = text.split("\r\n", 1)
    first = ";".join(f"  {header.upper()} " for header in first.split(";"))
    list_import = preview(f"{first}\r\n{rest}".encode())
    assert (list_import.summary["counts"]["created"], errors_of(list_import)) == (3, [])


# ---------------------------------------------------------------- cells


def test_spreadsheet_numbers_dates_and_corsican_codes(db):
    communes = [
        CommuneFactory(insee_code="01004", postal_codes=["01500"]),
        CommuneFactory(insee_code="2A004", postal_codes=["20167"]),
        CommuneFactory(insee_code="2B033", postal_codes=["20200"]),
    ]
    TerritoryFactory(communes=communes)
    headers = [
        "Numéro d'agrément",
        "Nom",
        "Prénom",
        "Code INSEE commune",
        "Code postal",
        "Téléphone",
        "Nombre de places",
        "Date de naissance",
        "Date d'agrément",
    ]
    born = dt.datetime(1978, 3, 14)
    data = workbook_bytes(
        [
            headers,
            [12345.0, "Martin", "Zoé", 1004, 1500, 612345678, 4, born, 43709],
            ["A2", "Martin", "Zoé", "2A004", 20167, 612345678.0, 4.0, "14/03/1978", "2019-09-01"],
            ["A3", "Martin", "Zoé", "2b033", "20200", "06.12.34.56.78", "4", "14/03/1978 00:00", 1],
            ["A4", "Martin", "Zoé", "2B033", "20200", "06 12 34 56 78", 3, "1978-03-14 00:00:00"],
        ]
    )
    # The last cell of line 4 is not a date: a serial of less than five digits is refused.
    list_import = preview(data, "liste.xlsx")
    assert errors_of(list_import) == [
        "ligne 4, colonne « Date d'agrément » : « 1 » n'est pas une date valide au format "
        "JJ/MM/AAAA"
    ]
    data = workbook_bytes([headers, *[row[:8] for row in _rows_of(data)]])
    offer_list_import_apply(list_import=preview(data, "liste.xlsx"), by=None)
    martin = Childminder.objects.get(agrement_number="12345")
    assert (martin.commune.insee_code, martin.postal_code, martin.phone) == (
        "01004",
        "01500",
        "0612345678",
    )
    assert Childminder.objects.get(agrement_number="A3").commune.insee_code == "2B033"
    assert set(Childminder.objects.values_list("birth_date", flat=True)) == {born.date()}


def _rows_of(data: bytes):
    table = read_table(data, "liste.xlsx")
    return [cells for _line, cells in table.rows]


def test_excel_date_serials_and_times_are_read_as_dates(territory, communes):
    rows = am_rows(communes, 3)
    rows[0]["Date d'agrément"] = "43709,25"  # 01/09/2019 06:00 shown as a number
    rows[1]["Date d'agrément"] = "01/09/2019 00:00:00"
    rows[2]["Date d'agrément"] = "2019-09-01T00:00:00"
    offer_list_import_apply(list_import=preview(to_csv(rows)), by=None)
    dates = set(Childminder.objects.values_list("agrement_date", flat=True))
    assert dates == {dt.date(2019, 9, 1)}


def test_absurd_values_are_line_errors(territory, communes):
    rows = am_rows(communes, 6)
    rows[0]["Nombre de places"] = "0"
    rows[1]["Nombre de places"] = "12"
    rows[2]["Âge maximum (mois)"] = "96"
    rows[3]["Date de naissance"] = "01/01/2090"
    rows[4]["Nombre de places"] = "-3"
    rows[5]["Âge minimum (mois)"] = "40"
    rows[5]["Âge maximum (mois)"] = "12"
    assert errors_of(preview(to_csv(rows))) == [
        "ligne 2, colonne « Nombre de places » : « 0 » n'est pas un nombre entier de 1 à 6",
        "ligne 3, colonne « Nombre de places » : « 12 » n'est pas un nombre entier de 1 à 6",
        "ligne 4, colonne « Âge maximum (mois) » : « 96 » n'est pas un nombre entier de 0 à 72",
        "ligne 5, colonne « Date de naissance » : « 01/01/2090 » est une date future, ce "
        "n'est pas possible ici",
        "ligne 6, colonne « Nombre de places » : « -3 » n'est pas un nombre entier de 1 à 6",
        "ligne 7, colonne « Âge maximum (mois) » : l'âge maximum (12 mois) est inférieur à "
        "l'âge minimum (40 mois)",
    ]
    rows = establishment_rows(communes, 2)
    rows[0]["Capacité"] = "-5"
    rows[1]["Capacité"] = "0"
    assert errors_of(preview(to_csv(rows), kind=ListKind.ESTABLISHMENTS)) == [
        "ligne 2, colonne « Capacité » : « -5 » n'est pas un nombre entier de 1 à 999",
        "ligne 3, colonne « Capacité » : « 0 » n'est pas un nombre entier de 1 à 999",
    ]
    assert Childminder.objects.count() == 0


# ---------------------------------------------------------------- round trips


def test_export_reimports_unchanged_despite_spaces_typed_elsewhere(territory, communes):
    ChildminderFactory(commune=communes[0], last_name="Le  Gall ", first_name="Anne  Marie")
    EstablishmentFactory(
        commune=communes[1], external_id="850001234", name="Crèche  du Bourg", closures=" août "
    )
    for spec in (AM_SPEC, ESTABLISHMENT_SPEC):
        for file_format in ("csv", "xlsx"):
            data = export_file(spec, territory, file_format)
            counts = preview(data, f"export.{file_format}", spec.kind).summary["counts"]
            assert (counts["updated"], counts["unchanged"]) == (0, 1), (spec.kind, file_format)


def test_windows_tab_file_reimports_unchanged(territory, communes):
    rows = am_rows(communes, 20)
    offer_list_import_apply(list_import=preview(to_csv(rows, delimiter=",")), by=None)
    again = preview(to_csv(rows, delimiter="\t", encoding="cp1252"))
    counts = again.summary["counts"]
    assert (counts["created"], counts["updated"], counts["unchanged"]) == (0, 0, 20)


@pytest.mark.slow
def test_five_bad_lines_at_random_places_among_multiline_cells(territory, communes):
    """Row numbers are those a spreadsheet shows, even after cells with line breaks."""
    rows = am_rows(communes, 3000)
    draw = random.Random(3)
    for index in draw.sample(range(3000), 300):
        rows[index]["Adresse"] = "Résidence les Pins\nBât. B\n12 rue des Lilas"
    spoilt = sorted(draw.sample(range(3000), 5))
    breakers = [
        ("Nombre de places", "7"),
        ("Code INSEE commune", "99999"),
        ("Date de naissance", "30/02/1981"),
        ("E-mail", "sans-arobase"),
        ("Jardin", "peut-être"),
    ]
    for index, (column, value) in zip(spoilt, breakers, strict=True):
        rows[index][column] = value
    rejected = preview(to_csv(rows))
    assert [error["line"] for error in rejected.summary["errors"]] == [i + 2 for i in spoilt]
    assert Childminder.objects.count() == 0


def as_a_spreadsheet_saves_it(data: bytes) -> bytes:
    """The CSV once opened and saved by a spreadsheet: codes made of digits lose their
    leading zeros, decimals their trailing zero."""
    table = read_table(data, "export.csv")

    def mangled(cell: str) -> str:
        if cell.isdigit():
            return str(int(cell))
        return cell.replace(",50", ",5")

    rows = [dict(zip(table.headers, map(mangled, cells), strict=True)) for _l, cells in table.rows]
    return to_csv(rows, headers=table.headers, encoding="cp1252")


def test_an_export_saved_by_a_spreadsheet_reimports_unchanged(territory, communes):
    ChildminderFactory(
        agrement_number="0042", commune=communes[0], postal_code="01000", phone="0612345678"
    )
    EstablishmentFactory(
        commune=communes[1], external_id="010001234", funding="paje", hourly_price="9.50"
    )
    for spec in (AM_SPEC, ESTABLISHMENT_SPEC):
        data = as_a_spreadsheet_saves_it(export_file(spec, territory, "csv"))
        assert b"\n10001234;" in data or b"\n42;" in data
        list_import = preview(data, kind=spec.kind)
        counts = list_import.summary["counts"]
        assert (counts["created"], counts["updated"], counts["unchanged"]) == (0, 0, 1)
        assert counts["absent"] == 0
        assert "zéros initiaux" in list_import.summary["notices"][-1]


def test_identifiers_equal_but_for_leading_zeros_are_duplicates(territory, communes):
    rows = establishment_rows(communes, 3)
    rows[0]["Identifiant (FINESS/Caf)"] = "010001234"
    rows[2]["Identifiant (FINESS/Caf)"] = "10001234"
    list_import = preview(to_csv(rows), kind=ListKind.ESTABLISHMENTS)
    assert [error["line"] for error in list_import.summary["errors"]] == [2, 4]
    assert "« 10001234 » figure aussi ligne 2" in errors_of(list_import)[1]


def test_codes_written_as_excel_text_formulas_are_read():
    data = f'{HEADER};Code INSEE\n="0042";A;B;="01004"\n"=""0043""";C;D;"=""01005"""\n'.encode()
    table = read_table(data, "liste.csv")
    assert table.rows == [(2, ["0042", "A", "B", "01004"]), (3, ["0043", "C", "D", "01005"])]


def test_a_row_number_column_without_header_is_ignored(territory, communes):
    rows = am_rows(communes, 3)
    headers = ["", *rows[0]]
    for number, row in enumerate(rows):
        row[""] = str(number)
    list_import = preview(to_csv(rows, headers=headers))
    assert (list_import.summary["counts"]["created"], errors_of(list_import)) == (3, [])
    assert list_import.summary["notices"] == [
        "La colonne A n'a pas d'en-tête : ses valeurs sont ignorées."
    ]


def test_headers_repeated_inside_the_file_are_skipped(territory, communes):
    rows = am_rows(communes, 4)
    repeated = {header: header for header in rows[0]}
    list_import = preview(to_csv([*rows[:2], repeated, *rows[2:]]))
    assert (list_import.summary["counts"]["created"], errors_of(list_import)) == (4, [])


def test_the_cell_limit_holds_whatever_another_import_set():
    # The csv module's limit is process-wide; the communes import raises it.
    import csv

    previous = csv.field_size_limit(1 << 30)
    try:
        test_an_overlong_cell_is_reported_at_its_line()
        assert csv.field_size_limit() == 1 << 30  # the reader puts it back
    finally:
        csv.field_size_limit(previous)


def test_an_arrondissement_code_stands_for_its_city(db):
    paris = CommuneFactory(name="Paris", insee_code="75056", postal_codes=["75015", "75011"])
    TerritoryFactory(communes=[paris])
    data = workbook_bytes(
        [
            ["Numéro d'agrément", "Nom", "Prénom", "Code INSEE commune", "Nombre de places"],
            ["P1", "Martin", "Zoé", "75115", 4],
            ["P2", "Durand", "Léa", "75056", 3],
            ["P3", "Petit", "Inès", "75121", 4],  # Paris has 20 arrondissements
        ]
    )
    list_import = preview(data, "liste.xlsx")
    assert errors_of(list_import) == [
        "ligne 4, colonne « Code INSEE commune » : « 75121 » n'est le code INSEE d'aucune "
        "commune en vigueur"
    ]


def test_a_landline_and_a_mobile_column_fill_one_phone(territory, communes):
    headers = "Numéro d'agrément;Nom;Prénom;Code INSEE;Nombre de places;Tél fixe;Portable"
    insee = communes[0].insee_code
    data = (
        f"{headers}\n"
        f"M1;Martin;Zoé;{insee};4;02 51 00 00 01;06 00 00 00 01\n"
        f"M2;Durand;Léa;{insee};3;;06 00 00 00 02\n"
        f"M3;Petit;Inès;{insee};3;;\n"
        f"M4;Roux;Ana;{insee};3;pas de numéro;06 00 00 00 04\n"
    ).encode()
    list_import = preview(data)
    # The first filled cell is the one read, and reported when it is wrong.
    [error] = errors_of(list_import)
    assert error.startswith("ligne 5, colonne « Tél fixe » : « pas de numéro »")
    assert any("« Tél fixe », « Portable »" in n for n in list_import.summary["notices"])
    data = data.replace("pas de numéro".encode(), b"")
    offer_list_import_apply(list_import=preview(data), by=None)
    phones = dict(Childminder.objects.values_list("agrement_number", "phone"))
    assert phones == {
        "M1": "02 51 00 00 01",
        "M2": "06 00 00 00 02",
        "M3": "",
        "M4": "06 00 00 00 04",
    }
