"""Export of the lists, and their empty templates, in exactly the import format.

CSV: UTF-8 with a BOM (so that spreadsheets show the accents) and `;` separators.
XLSX: a first sheet "Liste" with every cell as text (codes keep their leading zeros),
then a sheet "Aide" describing the columns; the import reads the first sheet only.
"""

import csv
import io

from django.utils.translation import gettext as _

from sppe.core.spreadsheet import neutralise

from .formats import COMMUNE_INSEE, ListSpec


def export_queryset(spec: ListSpec, territory):
    """The records of the territory's communes; `territory` may be a perimeter of it
    (services.Perimeter: an agent exports her own communes only)."""
    queryset = spec.model.objects.filter(commune__in=territory.communes.all())
    if spec.key_field == "external_id":
        # Without an identifier a record cannot be matched again: it is not exported.
        queryset = queryset.exclude(external_id=None).exclude(external_id="")
    related = [f.name for f in spec.model._meta.concrete_fields if f.name in ("commune", "mam")]
    return queryset.select_related(*related).order_by(spec.key_field)


def export_rows(spec: ListSpec, records) -> list[list[str]]:
    # A value that a spreadsheet would run as a formula is written as text (the import
    # reads it back unchanged: reader.py).
    return [
        [neutralise(column.write(column.value_of(obj))) for column in spec.columns]
        for obj in records
    ]


def to_csv(spec: ListSpec, rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(spec.headers)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(spec: ListSpec, rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Liste"))
    bold = Font(bold=True)

    def text_cells(values, *, font):
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            cell.font = font
            cells.append(cell)
        return cells

    sheet.append(text_cells(spec.headers, font=bold))
    for row in rows:
        # Every value is a string, so codes keep their leading zeros.
        sheet.append([value or None for value in row])
    help_sheet = workbook.create_sheet(_("Aide"))
    help_sheet.append([_("Colonne"), _("Obligatoire"), _("Format"), _("Exemple"), _("Précisions")])
    for column in spec.columns:
        required = column.required or (column.field == COMMUNE_INSEE and spec.commune_name_fallback)
        help_sheet.append(
            [
                column.header,
                _("oui") if required else _("non"),
                str(column.type.description),
                column.example,
                str(column.help),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_file(spec: ListSpec, territory, file_format: str) -> bytes:
    rows = export_rows(spec, export_queryset(spec, territory))
    return to_csv(spec, rows) if file_format == "csv" else to_xlsx(spec, rows)


def template_file(spec: ListSpec, file_format: str) -> bytes:
    return to_csv(spec, []) if file_format == "csv" else to_xlsx(spec, [])
