"""Charts drawn on the server as SVG: no JavaScript, real text, a data table beside each.

Each chart is an <svg role="img"> named by its title and described by a sentence; the
figures themselves are in the table the template puts right after it, which is the
text alternative. Colours come with a pattern of labels, never alone.
"""

from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.safestring import mark_safe

PALETTE = ("#1d5a8c", "#b35c00", "#2f6b2f", "#6b3f8c", "#8a1c1c")


@dataclass(frozen=True)
class Series:
    label: str
    values: list  # one number per category


def _fmt(value: float) -> str:
    number = round(value, 1)
    text = f"{number:,.0f}" if number == int(number) else f"{number:,.1f}"
    return text.replace(",", "\u202f").replace(".", ",")


def bar_chart(
    chart_id: str, title: str, description: str, categories: list, series: list[Series]
) -> str:
    """Grouped vertical bars: one group per category (a year), one bar per series."""
    width, height, left, bottom, top = 640, 300, 48, 40, 30
    peak = max([v for s in series for v in s.values] + [1])
    plot_w, plot_h = width - left - 10, height - bottom - top
    group_w = plot_w / max(len(categories), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    parts = [
        f'<svg id="{chart_id}" class="obs-chart" role="img" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" '
        'stroke="#4d5660"/>',
    ]
    for i, category in enumerate(categories):
        x0 = left + i * group_w + group_w * 0.1
        for j, s in enumerate(series):
            value = s.values[i] or 0
            h = plot_h * value / peak
            x, y = x0 + j * bar_w, height - bottom - h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w * 0.92:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[j % len(PALETTE)]}"/>'
            )
            parts.append(
                f'<text x="{x + bar_w * 0.46:.1f}" y="{y - 3:.1f}" font-size="10" '
                f'text-anchor="middle">{_fmt(value)}</text>'
            )
        parts.append(
            f'<text x="{x0 + group_w * 0.4:.1f}" y="{height - bottom + 16}" font-size="12" '
            f'text-anchor="middle">{escape(str(category))}</text>'
        )
    for j, s in enumerate(series):
        x = left + j * 150
        parts.append(
            f'<rect x="{x}" y="6" width="12" height="12" fill="{PALETTE[j % len(PALETTE)]}"/>'
            f'<text x="{x + 16}" y="16" font-size="12">{escape(s.label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def horizontal_bars(chart_id: str, title: str, description: str, rows: list) -> str:
    """One horizontal bar per (label, value): the age pyramid, places at risk."""
    width, row_h, left = 640, 26, 150
    height = row_h * len(rows) + 10
    peak = max([v for _label, v in rows] + [1])
    parts = [
        f'<svg id="{chart_id}" class="obs-chart" role="img" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for i, (label, value) in enumerate(rows):
        y = 5 + i * row_h
        w = (width - left - 60) * (value or 0) / peak
        parts.append(
            f'<text x="{left - 6}" y="{y + 16}" font-size="12" text-anchor="end">'
            f"{escape(str(label))}</text>"
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" '
            f'fill="{PALETTE[0]}"/>'
            f'<text x="{left + w + 4:.1f}" y="{y + 16}" font-size="12">{_fmt(value or 0)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
