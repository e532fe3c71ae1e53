"""Totals per pillar, the radar's geometry and the weakest criteria: pure computations.

A pillar's maximum is 3 points per criterion (Information 4 criteria: 12, Parcours et
démarches 9: 27, Aller-vers 4: 12, Moyens et outillage 9: 27, Gouvernance 3: 9). The
guide's printed scale for Gouvernance runs to 12, but its three criteria give 9 at most:
the maximum is computed from the criteria, never typed.

The radar puts each pillar on one axis, its share of the maximum (score / maximum) from
the centre (0) to the outer ring (1), so that pillars of 9 and 27 points compare.
"""

import math
from dataclasses import dataclass

from .criteria import CRITERIA, MAX_LEVEL, MIN_LEVEL, PILLARS, criteria_of


@dataclass(frozen=True)
class PillarTotal:
    code: str
    label: str
    score: int  # points of the criteria answered
    maximum: int  # 3 points per criterion of the pillar
    answered: int
    criteria: int

    @property
    def share(self) -> float:
        return self.score / self.maximum if self.maximum else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.share)

    @property
    def complete(self) -> bool:
        return self.answered == self.criteria


def pillar_totals(levels: dict[int, int]) -> list[PillarTotal]:
    """levels: criterion number -> level (1 to 3); unanswered criteria count 0."""
    for number, level in levels.items():
        if not MIN_LEVEL <= level <= MAX_LEVEL:
            raise ValueError(f"criterion {number}: level {level} outside 1-3")
    totals = []
    for pillar in PILLARS:
        criteria = criteria_of(pillar.code)
        answered = [levels[c.number] for c in criteria if c.number in levels]
        totals.append(
            PillarTotal(
                code=pillar.code,
                label=pillar.label,
                score=sum(answered),
                maximum=MAX_LEVEL * len(criteria),
                answered=len(answered),
                criteria=len(criteria),
            )
        )
    return totals


def grand_total(totals: list[PillarTotal]) -> tuple[int, int]:
    return sum(t.score for t in totals), sum(t.maximum for t in totals)


def weakest_criteria(levels: dict[int, int], *, limit: int = 5) -> list[tuple[int, int]]:
    """(criterion, level) of the lowest levels answered, lowest first, then by number."""
    answered = sorted((level, number) for number, level in levels.items())
    return [(number, level) for level, number in answered[:limit] if level < MAX_LEVEL]


@dataclass(frozen=True)
class RadarAxis:
    label: str
    share: float
    x: float  # the value's point
    y: float
    end_x: float  # the axis' outer end
    end_y: float
    label_x: float
    label_y: float
    anchor: str  # text-anchor of the label


@dataclass(frozen=True)
class Radar:
    size: int
    centre: float
    radius: float
    axes: list[RadarAxis]
    rings: list[str]  # polygon points of the 25 %, 50 %, 75 % and 100 % rings
    polygon: str  # polygon points of the values
    view_top: int  # the drawing's vertical extent, labels included
    view_height: int


def _point(centre, radius, index, count, share):
    # First axis straight up, the others clockwise.
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return centre + radius * share * math.cos(angle), centre + radius * share * math.sin(angle)


def _points(pairs) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in pairs)


def radar(totals: list[PillarTotal], *, size: int = 560, margin: int = 170) -> Radar:
    centre = size / 2
    radius = centre - margin
    count = len(totals)
    axes = []
    for index, total in enumerate(totals):
        x, y = _point(centre, radius, index, count, total.share)
        end_x, end_y = _point(centre, radius, index, count, 1)
        label_x, label_y = _point(centre, radius + 14, index, count, 1)
        anchor = "middle" if abs(label_x - centre) < 1 else "start" if label_x > centre else "end"
        if label_y < centre and anchor == "middle":
            label_y -= 6
        axes.append(
            RadarAxis(total.label, total.share, x, y, end_x, end_y, label_x, label_y, anchor)
        )
    rings = [
        _points(_point(centre, radius, i, count, step) for i in range(count))
        for step in (0.25, 0.5, 0.75, 1)
    ]
    return Radar(
        size=size,
        centre=centre,
        radius=radius,
        axes=axes,
        rings=rings,
        polygon=_points((a.x, a.y) for a in axes),
        view_top=int(min(a.label_y for a in axes) - 20) if axes else 0,
        view_height=int(max(a.label_y for a in axes) - min(a.label_y for a in axes) + 40)
        if axes
        else size,
    )


TOTAL_CRITERIA = len(CRITERIA)
