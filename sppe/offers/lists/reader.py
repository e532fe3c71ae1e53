"""Read a CSV or XLSX list into a plain table of strings, with the row numbers a
spreadsheet shows.

CSV: UTF-8 with or without BOM (or UTF-16 with BOM, as Excel's "Unicode text"),
otherwise Windows-1252/Latin-1 with a notice; `;`, `,` or tab separators detected on
the header line. XLSX: the first sheet, read with openpyxl in read-only mode.
"""

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from sppe.core.spreadsheet import restore

MAX_ROWS = 50_000
MAX_COLUMNS = 100
# Characters in one CSV cell. The csv module's limit is process-wide and other code
# (the communes import) raises it, so the reader sets its own while it reads.
MAX_CELL_CHARS = 131_072
# Limits against hostile workbooks: a small .xlsx may unpack to gigabytes (one huge
# string, millions of empty rows) and hold a worker for minutes.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # every part of the .xlsx, once unzipped
MAX_CELLS = 2_000_000  # filled cells read in the whole file
MAX_EMPTY_ROWS = 10_000  # consecutive empty rows after which reading stops
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ListFileError(ValueError):
    """The file as a whole cannot be used; the message is plain French."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    headers: list[str]
    # (line number in the file, cells as strings)
    rows: list[tuple[int, list[str]]]
    notices: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"headers": self.headers, "rows": [[line, cells] for line, cells in self.rows]}

    @classmethod
    def from_json(cls, data: dict) -> "Table":
        return cls(
            headers=list(data["headers"]),
            rows=[(int(line), list(cells)) for line, cells in data["rows"]],
        )


def read_table(data: bytes, file_name: str) -> Table:
    if not data:
        raise ListFileError(_("Le fichier est vide."))
    name = file_name.lower()
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if name.endswith((".xlsx", ".xlsm")):
            # Excel wraps a password-protected .xlsx in the old .xls container.
            raise ListFileError(
                _(
                    "Ce classeur est protégé par un mot de passe : enregistrez-le sans mot de "
                    "passe au format .xlsx, ou au format CSV."
                )
            )
        raise ListFileError(
            _(
                "Ce fichier est au format Excel 97-2003 (.xls), qui n'est pas pris en charge : "
                "enregistrez-le au format .xlsx ou CSV."
            )
        )
    if data.startswith(b"%PDF"):
        raise ListFileError(
            _(
                "Le fichier « %(name)s » est un document PDF, pas une liste : exportez la liste "
                "depuis le tableur au format .xlsx ou CSV."
            )
            % {"name": file_name}
        )
    if data.startswith(b"PK\x03\x04"):
        if name.endswith((".ods", ".odt", ".docx", ".zip")):
            raise _wrong_type(file_name)
        return _read_xlsx(data)
    if name.endswith((".xlsx", ".xlsm")):
        raise ListFileError(
            _("Le fichier « %(name)s » n'est pas un classeur Excel valide.") % {"name": file_name}
        )
    if not name.endswith((".csv", ".txt")):
        raise _wrong_type(file_name)
    return _read_csv(data)


def _wrong_type(file_name: str) -> ListFileError:
    return ListFileError(
        _(
            "Le fichier « %(name)s » n'est ni un fichier CSV ni un classeur Excel (.xlsx). "
            "Enregistrez la liste dans l'un de ces deux formats."
        )
        % {"name": file_name}
    )


# ---------------------------------------------------------------- CSV


def _decode(data: bytes) -> tuple[str, list[str]]:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), []
        except UnicodeDecodeError:
            raise ListFileError(
                _("Le fichier annonce l'encodage UTF-8 mais contient des caractères illisibles.")
            ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            raise ListFileError(
                _("Le fichier annonce l'encodage UTF-16 mais contient des caractères illisibles.")
            ) from None
    if b"\x00" in data:
        raise ListFileError(
            _(
                "L'encodage du fichier n'est pas reconnu (ce n'est pas un texte CSV lisible). "
                "Enregistrez-le au format « CSV UTF-8 »."
            )
        )
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    notice = _(
        "Le fichier n'est pas en UTF-8 : il a été lu comme un fichier Windows (Latin-1). "
        "Vérifiez les accents dans l'aperçu ; pour l'éviter, enregistrez-le au format "
        "« CSV UTF-8 »."
    )
    return _decode_line_by_line(data), [notice]


def _decode_line_by_line(data: bytes) -> str:
    """Each line as UTF-8 when it is valid UTF-8, otherwise as Windows-1252.

    A file pasted together from two sources mixes both encodings; decoding it whole as
    Windows-1252 would turn every UTF-8 accent into two wrong characters ("Ã©") and the
    import would then "correct" every accented name. A Windows-1252 French line is
    practically never valid UTF-8, so the choice per line is safe.
    """
    lines = []
    for line in data.split(b"\n"):  # b"\n" never occurs inside a UTF-8 sequence
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                lines.append(line.decode("cp1252"))
            except UnicodeDecodeError:
                lines.append(line.decode("latin-1"))
    return "\n".join(lines)


# Excel's hint line naming the separator, written by some exports before the headers.
SEPARATOR_HINT = re.compile(r"sep=(.)\s*")
DELIMITERS = (";", ",", "\t")


@contextmanager
def _cell_limit():
    previous = csv.field_size_limit(MAX_CELL_CHARS)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _fields(line: str, delimiter: str) -> int:
    return len(next(csv.reader([line], delimiter=delimiter), []))


def _delimiter(lines: list[str]) -> str:
    """The separator giving the most fields on the headers line.

    That is the first line split in several fields: a title line of a single cell
    may come before the headers.
    """
    for line in lines[:10]:
        counts = {delimiter: _fields(line, delimiter) for delimiter in DELIMITERS}
        if max(counts.values()) > 1:
            # Most fields wins; on a tie the French spreadsheet default, ';'.
            return max(DELIMITERS, key=lambda d: counts[d])
    return DELIMITERS[0]


def _read_csv(data: bytes) -> Table:
    with _cell_limit():
        return _read_csv_text(*_decode(data))


def _read_csv_text(text: str, notices: list) -> Table:
    if CONTROL_CHARACTERS.search(text):
        raise ListFileError(
            _(
                "Le fichier contient des caractères illisibles : ce n'est pas un texte CSV. "
                "Enregistrez la liste au format « CSV UTF-8 » ou .xlsx."
            )
        )
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise ListFileError(_("Le fichier est vide."))
    hint = SEPARATOR_HINT.fullmatch(lines[0])
    delimiter = hint.group(1) if hint else _delimiter(lines)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    # Lines are numbered as a spreadsheet numbers its rows: a cell holding a line
    # break is still one row, and a blank line is a row.
    line = 0
    try:
        for line, record in enumerate(reader, start=1):
            cells = [restore(_unwrapped(cell.strip())) for cell in record]
            if not any(cells):
                continue
            if hint:  # the "sep=;" line itself
                hint = None
                continue
            if headers is None:
                headers = cells
                continue
            rows.append((line, cells))
            if len(rows) > MAX_ROWS:
                raise _too_many_rows()
    except csv.Error:
        raise ListFileError(
            _(
                "Le fichier CSV est mal formé à la ligne %(line)s : un guillemet n'y est pas "
                "fermé, ou une cellule y est démesurément longue."
            )
            % {"line": line + 1}
        ) from None
    return _finish(headers, rows, notices)


# ="01004": how some software writes a code so that a spreadsheet keeps its zeros.
FORMULA_TEXT = re.compile(r'="(.*)"', re.DOTALL)


def _unwrapped(cell: str) -> str:
    match = FORMULA_TEXT.fullmatch(cell)
    return match.group(1).strip() if match else cell


def _too_many_rows() -> ListFileError:
    return ListFileError(
        _("Le fichier dépasse %(max)s lignes : découpez-le en plusieurs fichiers.")
        % {"max": f"{MAX_ROWS:,}".replace(",", "\u202f")}
    )


def _finish(headers, rows, notices) -> Table:
    if headers is None:
        raise ListFileError(_("Le fichier est vide."))
    if len(headers) > MAX_COLUMNS:
        raise ListFileError(
            _("Le fichier a plus de %(max)s colonnes : ce n'est pas une liste attendue.")
            % {"max": MAX_COLUMNS}
        )
    while headers and not headers[-1]:
        headers.pop()
    if not rows:
        raise ListFileError(_("Le fichier ne contient que la ligne d'en-têtes, aucune donnée."))
    return Table(headers=headers, rows=rows, notices=notices)


# ---------------------------------------------------------------- XLSX


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value).replace(".", ",")
    return str(value).strip()


def _unreadable_workbook() -> ListFileError:
    return ListFileError(
        _(
            "Le classeur Excel est illisible (fichier endommagé, protégé par mot de passe "
            "ou d'un autre format). Enregistrez-le à nouveau au format .xlsx ou CSV."
        )
    )


def _check_unpacked_size(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(max(info.file_size, 0) for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _unreadable_workbook() from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ListFileError(
            _(
                "Ce classeur occupe plus de %(max)s Mo une fois ouvert (cellules ou lignes "
                "démesurées) : enregistrez seulement la liste, au format .xlsx ou CSV."
            )
            % {"max": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )


def _too_long_cell(line: int) -> ListFileError:
    return ListFileError(
        _(
            "Une cellule de la ligne %(line)s dépasse %(max)s caractères : ce n'est pas une "
            "liste attendue."
        )
        % {"line": line, "max": f"{MAX_CELL_CHARS:,}".replace(",", "\u202f")}
    )


def _too_many_cells() -> ListFileError:
    return ListFileError(
        _(
            "Le fichier compte plus de %(max)s cellules remplies : découpez-le en plusieurs "
            "fichiers."
        )
        % {"max": f"{MAX_CELLS:,}".replace(",", "\u202f")}
    )


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    _check_unpacked_size(data)

    # A damaged or foreign file makes openpyxl fail in many ways (bad zip, truncated
    # XML, missing parts, unexpected values), while opening it and again while reading
    # rows, since read-only mode parses the sheet lazily: any failure there means the
    # file is unreadable, which the agent must hear instead of an error page.
    try:
        with warnings.catch_warnings():
            # Files from other software trigger harmless style warnings.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise _unreadable_workbook() from None
    try:
        headers, rows = _xlsx_rows(workbook)
    except ListFileError:
        raise
    except Exception:
        raise _unreadable_workbook() from None
    finally:
        workbook.close()
    return _finish(headers, rows, [])


def _xlsx_rows(workbook) -> tuple[list[str] | None, list[tuple[int, list[str]]]]:
    if not workbook.worksheets:
        return None, []
    sheet = workbook.worksheets[0]
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    filled = empty_run = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for line, record in enumerate(
            sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True), start=1
        ):
            cells = [restore(_cell_text(value)) for value in record]
            while cells and not cells[-1]:
                cells.pop()
            if not cells:
                empty_run += 1
                if empty_run >= MAX_EMPTY_ROWS:
                    break  # formatting stretched over empty rows: the list has ended
                continue
            empty_run = 0
            if any(len(cell) > MAX_CELL_CHARS for cell in cells):
                raise _too_long_cell(line)
            filled += len(cells)
            if filled > MAX_CELLS:
                raise _too_many_cells()
            if headers is None:
                headers = cells
                continue
            rows.append((line, cells))
            if len(rows) > MAX_ROWS:
                raise _too_many_rows()
    return headers, rows
