"""The progress table of an action plan: pure computations on plain data, no Django.

An action counts as done when realised; abandoned actions leave the count. An
indicator's progress is its latest value entered as a share of its target.
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class IndicatorLine:
    label: str
    unit: str
    target: Decimal
    values: dict[int, Decimal]  # year -> value
    computed: bool = False  # computed by sppe from its own data, not entered

    @property
    def latest_year(self) -> int | None:
        return max(self.values) if self.values else None

    @property
    def latest(self) -> Decimal | None:
        return self.values[self.latest_year] if self.values else None

    @property
    def percent_of_target(self) -> int | None:
        if self.latest is None or not self.target:
            return None
        return round(100 * self.latest / self.target)


@dataclass(frozen=True)
class SheetProgress:
    axis: str
    title: str
    pilot: str
    statuses: list[str]  # one per action
    indicators: list[IndicatorLine]

    @property
    def counted(self) -> int:
        return sum(1 for s in self.statuses if s != "abandoned")

    @property
    def done(self) -> int:
        return self.statuses.count("done")

    @property
    def in_progress(self) -> int:
        return self.statuses.count("in_progress")

    @property
    def planned(self) -> int:
        return self.statuses.count("planned")

    @property
    def percent_done(self) -> int | None:
        return round(100 * self.done / self.counted) if self.counted else None


def plan_percent_done(sheets: list[SheetProgress]) -> int | None:
    counted = sum(s.counted for s in sheets)
    done = sum(s.done for s in sheets)
    return round(100 * done / counted) if counted else None
