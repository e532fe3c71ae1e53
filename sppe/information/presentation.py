"""Turn the fee simulator's results into what the pages show, in the page's language."""

from dataclasses import dataclass
from datetime import date

from .fee_labels import mode_name, translate_label, translate_note
from .fees import Comparison, Line
from .fees.compare import describe_hours


@dataclass(frozen=True)
class ShownLine:
    label: str
    label_is_translated: bool
    value: str
    formula: str
    source: str
    source_url: str
    figures_date: date | None
    confirmed: bool


@dataclass(frozen=True)
class ShownNote:
    text: str
    is_translated: bool


@dataclass(frozen=True)
class ShownMode:
    mode: str
    name: str
    monthly_price: object
    monthly_cmg: object
    monthly_tax_credit: object
    net_monthly_cost: object
    lines: tuple[ShownLine, ...]
    notes: tuple[ShownNote, ...]
    all_confirmed: bool


def shown_line(line: Line) -> ShownLine:
    label, translated = translate_label(line.label)
    return ShownLine(
        label=label,
        label_is_translated=translated,
        value=line.value,
        formula=line.formula,
        source=line.source,
        source_url=line.source_url,
        figures_date=line.figures_date,
        confirmed=line.confirmed,
    )


def _note(text: str) -> ShownNote:
    shown, translated = translate_note(text)
    return ShownNote(text=shown, is_translated=translated)


def _shown_mode(cost) -> ShownMode:
    return ShownMode(
        mode=str(cost.mode),
        name=mode_name(cost.mode),
        monthly_price=cost.monthly_price,
        monthly_cmg=cost.monthly_cmg,
        monthly_tax_credit=cost.monthly_tax_credit,
        net_monthly_cost=cost.net_monthly_cost,
        lines=tuple(shown_line(line) for line in cost.lines),
        notes=tuple(_note(note) for note in cost.notes),
        all_confirmed=cost.all_confirmed,
    )


def shown_shared_care(costs) -> tuple[ShownMode, ShownMode]:
    """Both families of a garde partagée: yours first, then the other one."""
    return tuple(_shown_mode(cost) for cost in costs)


def shown_comparison(comparison: Comparison) -> dict:
    modes = [_shown_mode(cost) for cost in comparison.costs]
    skipped = [(mode_name(mode), _note(reason)) for mode, reason in comparison.skipped]
    return {
        "on": comparison.on,
        "hours": shown_line(describe_hours(comparison.situation)),
        "modes": modes,
        "skipped": skipped,
        "has_unconfirmed": any(not mode.all_confirmed for mode in modes),
        "shared": None,
    }
