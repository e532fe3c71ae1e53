"""The yearly report as XLSX (openpyxl) and PDF (reportlab): the same rows as the page."""

import io
from pathlib import Path

import reportlab
from openpyxl import Workbook
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"
FONT, FONT_BOLD = "SppeVera", "SppeVera-Bold"


def report_xlsx(report, *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(report.year)
    sheet.append([title])
    for row in report.csv_rows():
        sheet.append(list(row))
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 60
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def report_pdf(report, *, title: str) -> bytes:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "VeraBd.ttf")))
    heading = ParagraphStyle("h", fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=6)
    subheading = ParagraphStyle("h2", fontName=FONT_BOLD, fontSize=12, leading=15, spaceBefore=8)
    style = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), FONT, 9),
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
        ]
    )
    story = [Paragraph(title, heading)]
    for section in report.sections:
        story.append(Paragraph(section.title, subheading))
        rows = [[label, str(value)] for label, value in section.rows] or [["—", "0"]]
        story.append(Table(rows, colWidths=[130 * mm, 30 * mm], style=style, hAlign="LEFT"))
    story.append(Paragraph("Par commune", subheading))
    header = ["Commune", "Contacts", "Rendez-vous", "AM venus", "Offres"]
    rows = [header] + [[name, *map(str, values)] for name, *values in report.communes]
    widths = [60 * mm, 25 * mm, 25 * mm, 25 * mm, 25 * mm]
    story.append(Table(rows, colWidths=widths, style=style, hAlign="LEFT", repeatRows=1))
    story.append(Spacer(1, 6 * mm))
    output = io.BytesIO()
    SimpleDocTemplate(output, pagesize=A4, title=title).build(story)
    return output.getvalue()
