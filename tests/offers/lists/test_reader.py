import datetime as dt

import pytest
from openpyxl import Workbook

from sppe.offers.lists.reader import ListFileError, Table, read_table

from .generators import to_xlsx

HEADER = "Numéro d'agrément;Nom;Prénom"


def test_utf8_with_and_without_bom_and_separators():
    for data in (
        f"{HEADER}\n1;Lefèvre;Hélène\n".encode(),
        f"\ufeff{HEADER}\r\n1;Lefèvre;Hélène\r\n".encode(),
        f"{HEADER}\n1;Lefèvre;Hélène\n".replace(";", ",").encode(),
        f"{HEADER}\n1;Lefèvre;Hélène\n".replace(";", "\t").encode(),
        f"{HEADER}\n1;Lefèvre;Hélène\n".encode("utf-16"),
    ):
        table = read_table(data, "liste.csv")
        assert table.headers == ["Numéro d'agrément", "Nom", "Prénom"]
        assert table.rows == [(2, ["1", "Lefèvre", "Hélène"])]
        assert table.notices == []


def test_latin1_is_read_with_a_notice():
    table = read_table(f"{HEADER}\n1;Lefèvre;Hélène\n".encode("cp1252"), "liste.csv")
    assert table.rows == [(2, ["1", "Lefèvre", "Hélène"])]
    assert "n'est pas en UTF-8" in table.notices[0]


def test_line_numbers_are_the_rows_of_a_spreadsheet():
    # A cell holding a line break is one row in a spreadsheet; a blank line is a row.
    data = f'{HEADER}\n\n1;"Nom sur\ndeux lignes";A\n2;B;C\n;;\n3;D;E\n'.encode()
    table = read_table(data, "liste.csv")
    assert [line for line, _cells in table.rows] == [3, 4, 6]
    assert table.rows[0][1][1] == "Nom sur\ndeux lignes"


def test_comma_inside_quotes_does_not_fool_the_separator():
    data = 'Nom,Langues\n"Martin","français, anglais"\n'.encode()
    assert read_table(data, "l.csv").rows == [(2, ["Martin", "français, anglais"])]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "l.csv", "vide"),
        (b"\n\n  \n", "l.csv", "vide"),
        (b"Nom;Prenom\n", "l.csv", "aucune donnée"),
        (b"\xef\xbb\xbfNom\xff\xfe;x\n", "l.csv", "UTF-8 mais"),
        (b"Nom;\x01Pr\n", "l.csv", "caractères illisibles"),
        (b'Nom;Prenom\n"a;b\n', "l.csv", "ligne 2 : un guillemet n'y est pas fermé"),
        (b"Nom;Prenom\n", "l.ods", "ni un fichier CSV"),
        (b"PK\x03\x04xx", "l.ods", "ni un fichier CSV"),
        (b"not a zip", "l.xlsx", "n'est pas un classeur Excel valide"),
        ((";".join(f"c{n}" for n in range(120)) + "\n1\n").encode(), "l.csv", "100 colonnes"),
    ],
)
def test_unusable_files(data, name, message):
    with pytest.raises(ListFileError, match=message):
        read_table(data, name)


def test_too_many_rows(monkeypatch):
    from sppe.offers.lists import reader

    monkeypatch.setattr(reader, "MAX_ROWS", 3)
    data = ("Nom\n" + "x\n" * 4).encode()
    with pytest.raises(ListFileError, match="dépasse 3 lignes"):
        read_table(data, "l.csv")
    rows = [{"Nom": "x"}] * 4
    with pytest.raises(ListFileError, match="dépasse 3 lignes"):
        read_table(to_xlsx(rows), "l.xlsx")


def test_xlsx_cells_become_text():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nom", "Places", "Date", "Prix", "Actif", "Heure"])
    sheet.append([None])
    sheet.append(["Martin", 4, dt.datetime(2020, 9, 1), 9.5, True, dt.time(7, 30)])
    sheet.append(["Durand", 3.0, dt.date(2021, 1, 2), 10, False, None])
    workbook.create_sheet("Aide").append(["ignorée"])
    import io

    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "l.xlsx")
    assert table.rows == [
        (3, ["Martin", "4", "01/09/2020", "9,5", "oui", "07:30"]),
        (4, ["Durand", "3", "02/01/2021", "10", "non"]),
    ]


def test_table_json_round_trip():
    table = Table(headers=["a"], rows=[(2, ["x"])])
    assert Table.from_json(table.to_json()) == table
