"""Readers of the files an agent downloads from INSEE and the Caf (pure Python).

Each reader takes the bytes of a CSV file and returns the figures it holds, or raises
`DatasetError` listing every malformed line: a file is taken whole or not at all.
docs/observatory.md names the datasets, where to download them and their columns.
"""

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

MAX_ERRORS_SHOWN = 20
COMMUNE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3}|97\d{3})$")
EPCI_CODE = re.compile(r"^\d{9}$")
DEPARTMENT_CODE = re.compile(r"^(\d{2,3}|2[AB])$")
POPULATION_COLUMN = re.compile(r"^P(\d{2})_POP0002$")
# Cells the Caf leaves empty or marks as secret: no figure, not an error.
NO_VALUE = {"", "s", "nd", "n.d.", "na", "-", "secret"}


class DatasetError(ValueError):
    def __init__(self, message: str, lines: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.lines = lines or []


@dataclass(frozen=True)
class Figure:
    level: str  # commune, epci, department
    code: str
    year: int
    measure: str
    value: Decimal


def _rows(data: bytes) -> tuple[list[str], list[tuple[int, dict]]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if not text.strip():
        raise DatasetError("Le fichier est vide.")
    first = text.splitlines()[0]
    delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().strip('"') for h in next(reader)]
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            rows.append((number, None))
        else:
            rows.append((number, dict(zip(header, (c.strip() for c in cells), strict=True))))
    return header, rows


def _number(text: str) -> Decimal:
    value = Decimal(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    if not value.is_finite() or value < 0:
        raise InvalidOperation
    return value


def _raise(errors: list[str]) -> None:
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        if len(errors) > MAX_ERRORS_SHOWN:
            shown.append(f"… et {len(errors) - MAX_ERRORS_SHOWN} autres lignes.")
        raise DatasetError(
            f"Le fichier n'est pas importé : {len(errors)} ligne(s) à corriger.", shown
        )


def _missing(header: list[str], needed: list[str], what: str) -> None:
    absent = [name for name in needed if name not in header]
    if absent:
        raise DatasetError(
            f"Ce fichier n'est pas {what} : colonne(s) absente(s) : {', '.join(absent)}."
        )


def read_births(data: bytes) -> list[Figure]:
    """INSEE « Naissances domiciliées par commune » (Melodi, DS_ETAT_CIVIL_NAIS_COMMUNES).

    Columns GEO (INSEE code), TIME_PERIOD (year), OBS_VALUE (births); when GEO_OBJECT
    is there, only its COM rows are communes."""
    header, rows = _rows(data)
    _missing(header, ["GEO", "TIME_PERIOD", "OBS_VALUE"], "un fichier Insee des naissances")
    figures, errors = [], []
    for number, row in rows:
        if row is None:
            errors.append(f"Ligne {number} : nombre de colonnes différent de l'en-tête.")
            continue
        if "GEO_OBJECT" in row and row["GEO_OBJECT"] != "COM":
            continue
        try:
            code, year = row["GEO"], int(row["TIME_PERIOD"])
            if not COMMUNE_CODE.match(code):
                raise ValueError
            if not 1900 <= year <= 2100:
                raise ValueError
            value = _number(row["OBS_VALUE"])
        except (ValueError, InvalidOperation):
            errors.append(
                f"Ligne {number} : code commune, année ou nombre de naissances illisible "
                f"({row['GEO']!r}, {row['TIME_PERIOD']!r}, {row['OBS_VALUE']!r})."
            )
            continue
        figures.append(Figure("commune", code, year, "births", value))
    _raise(errors)
    return figures


def read_population(data: bytes) -> list[Figure]:
    """INSEE « Évolution et structure de la population » (base-cc-evol-struct-pop-20AA).

    Columns CODGEO and PAA_POP0002 (children aged 0 to 2 at the census of 20AA)."""
    header, rows = _rows(data)
    columns = [h for h in header if POPULATION_COLUMN.match(h)]
    if "CODGEO" not in header or not columns:
        raise DatasetError(
            "Ce fichier n'est pas la base Insee « Évolution et structure de la population » :"
            " il lui faut les colonnes CODGEO et Pxx_POP0002."
        )
    figures, errors = [], []
    for number, row in rows:
        if row is None:
            errors.append(f"Ligne {number} : nombre de colonnes différent de l'en-tête.")
            continue
        code = row["CODGEO"]
        if not COMMUNE_CODE.match(code):
            errors.append(f"Ligne {number} : code commune illisible ({code!r}).")
            continue
        for column in columns:
            year = 2000 + int(POPULATION_COLUMN.match(column).group(1))
            try:
                value = _number(row[column])
            except InvalidOperation:
                errors.append(f"Ligne {number} : {column} illisible ({row[column]!r}).")
                continue
            figures.append(Figure("commune", code, year, "under_three", value))
    _raise(errors)
    return figures


CAF_CODE_COLUMNS = {"numcom": "commune", "numepci": "epci", "numdep": "department"}
CAF_PATTERNS = {"commune": COMMUNE_CODE, "epci": EPCI_CODE, "department": DEPARTMENT_CODE}


def read_caf_coverage(data: bytes) -> list[Figure]:
    """data.caf.fr coverage files: a code column (NUMCOM, NUMEPCI or NUMDEP), a year
    column (ANNEE) and the rates in the columns whose name starts with txcouv (any
    case), in percent; an empty or secret cell has no figure."""
    header, rows = _rows(data)
    lower = {h.lower(): h for h in header}
    code_columns = [(lower[c], level) for c, level in CAF_CODE_COLUMNS.items() if c in lower]
    rates = [h for h in header if h.lower().startswith("txcouv")]
    if not code_columns or "annee" not in lower or not rates:
        raise DatasetError(
            "Ce fichier n'est pas un fichier de taux de couverture de la Caf : il lui faut "
            "une colonne NUMCOM, NUMEPCI ou NUMDEP, une colonne ANNEE et des colonnes txcouv."
        )
    code_column, level = code_columns[0]
    figures, errors = [], []
    for number, row in rows:
        if row is None:
            errors.append(f"Ligne {number} : nombre de colonnes différent de l'en-tête.")
            continue
        code = row[code_column].zfill(5 if level == "commune" else 2)
        try:
            year = int(row[lower["annee"]])
            if not CAF_PATTERNS[level].match(code) or not 1900 <= year <= 2100:
                raise ValueError
        except ValueError:
            errors.append(
                f"Ligne {number} : code ou année illisible "
                f"({row[code_column]!r}, {row[lower['annee']]!r})."
            )
            continue
        for column in rates:
            cell = row[column]
            if cell.lower() in NO_VALUE:
                continue
            try:
                value = _number(cell)
            except InvalidOperation:
                errors.append(f"Ligne {number} : {column} illisible ({cell!r}).")
                continue
            figures.append(Figure(level, code, year, column.lower(), value))
    _raise(errors)
    return figures
