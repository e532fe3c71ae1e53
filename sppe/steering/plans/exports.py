"""The progress table of a plan as a spreadsheet (XLSX) and as a document (PDF)."""

import io
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .progress import SheetProgress

HEADER = [
    "Axe",
    "Fiche action",
    "Pilote",
    "Actions",
    "Réalisées",
    "En cours",
    "À lancer",
    "Avancement",
    "Indicateurs (dernière valeur / cible)",
]
FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"
FONT, FONT_BOLD = "SteeringVera", "SteeringVera-Bold"


def _number(value) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u202f")


def indicator_text(sheet: SheetProgress) -> str:
    parts = []
    for line in sheet.indicators:
        latest = f"{_number(line.latest)} en {line.latest_year}" if line.latest is not None else "—"
        unit = f" {line.unit}" if line.unit else ""
        share = f" ({line.percent_of_target} %)" if line.percent_of_target is not None else ""
        computed = " — calculé par sppe" if line.computed else ""
        parts.append(f"{line.label} : {latest} / {_number(line.target)}{unit}{share}{computed}")
    return "\n".join(parts)


def rows(sheets: list[SheetProgress]) -> list[list]:
    return [
        [
            s.axis,
            s.title,
            s.pilot,
            len(s.statuses),
            s.done,
            s.in_progress,
            s.planned,
            f"{s.percent_done} %" if s.percent_done is not None else "—",
            indicator_text(s),
        ]
        for s in sheets
    ]


def progress_xlsx(title: str, sheets: list[SheetProgress], percent: int | None) -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = "Avancement"
    worksheet.append([title])
    worksheet["A1"].font = Font(bold=True, size=14)
    worksheet.append([f"Actions réalisées : {percent} %" if percent is not None else ""])
    worksheet.append(HEADER)
    for cell in worksheet[3]:
        cell.font = Font(bold=True)
    for row in rows(sheets):
        worksheet.append(row)
    for column, width in zip("ABCDEFGHI", (28, 40, 24, 9, 10, 9, 9, 12, 70), strict=False):
        worksheet.column_dimensions[column].width = width
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def progress_pdf(title: str, sheets: list[SheetProgress], percent: int | None) -> bytes:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "VeraBd.ttf")))
    body = ParagraphStyle("body", fontName=FONT, fontSize=8, leading=10)
    heading = ParagraphStyle("heading", fontName=FONT_BOLD, fontSize=16, leading=20)
    output = io.BytesIO()
    document = SimpleDocTemplate(
        output,
        pagesize=landscape(A4),
        title=title,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
    )

    def cell(value):
        return Paragraph(escape(str(value)).replace("\n", "<br/>"), body)

    data = [[cell(h) for h in HEADER]] + [[cell(v) for v in row] for row in rows(sheets)]
    table = Table(
        data,
        colWidths=[w * mm for w in (35, 50, 30, 15, 16, 15, 15, 19, 78)],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story = [Paragraph(escape(title), heading), Spacer(1, 4 * mm)]
    if percent is not None:
        story += [Paragraph(f"Actions réalisées : {percent} %", body), Spacer(1, 3 * mm)]
    story.append(table)
    document.build(story)
    return output.getvalue()
