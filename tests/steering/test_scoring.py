"""Totals and radar values against hand computations."""

import math

import pytest

from sppe.steering.assessment.criteria import CRITERIA, PILLARS, criteria_of
from sppe.steering.assessment.scoring import grand_total, pillar_totals, radar, weakest_criteria


def test_the_guide_has_29_criteria_in_five_pillars_with_their_maxima():
    assert [c.number for c in CRITERIA] == list(range(1, 30))
    counts = {p.label: len(criteria_of(p.code)) for p in PILLARS}
    assert counts == {
        "Information": 4,
        "Parcours et démarches": 9,
        "Aller-vers": 4,
        "Moyens et outillage": 9,
        "Gouvernance": 3,
    }
    maxima = {t.label: t.maximum for t in pillar_totals({})}
    # 3 points per criterion: the brief's maxima, checked against the criteria count.
    assert maxima == {
        "Information": 12,
        "Parcours et démarches": 27,
        "Aller-vers": 12,
        "Moyens et outillage": 27,
        "Gouvernance": 9,
    }
    for criterion in CRITERIA:
        assert criterion.question and criterion.benefits and criterion.advice
        assert "p. " in criterion.reference


def test_totals_per_pillar_by_hand():
    # Information 1+2+3+2 = 8; Parcours 9 criteria at 2 = 18; Aller-vers 14 and 15 only:
    # 1+3 = 4; Moyens none; Gouvernance 3+3+1 = 7.
    levels = {1: 1, 2: 2, 3: 3, 4: 2, **dict.fromkeys(range(5, 14), 2), 14: 1, 15: 3}
    levels.update({27: 3, 28: 3, 29: 1})
    totals = {t.code: t for t in pillar_totals(levels)}
    assert [totals[c].score for c in totals] == [8, 18, 4, 0, 7]
    assert totals["aller_vers"].answered == 2 and not totals["aller_vers"].complete
    assert totals["information"].percent == 67  # 8 / 12
    assert totals["gouvernance"].share == pytest.approx(7 / 9)
    assert grand_total(list(totals.values())) == (37, 87)


def test_a_level_outside_1_to_3_is_refused():
    with pytest.raises(ValueError):
        pillar_totals({1: 4})


def test_radar_points_by_hand():
    # All criteria at 3: every point on the outer ring; the first axis straight up.
    full = radar(pillar_totals({c.number: 3 for c in CRITERIA}), size=420, margin=110)
    assert full.radius == 100
    first = full.axes[0]
    assert (first.x, first.y) == pytest.approx((210, 110))
    # Second axis, 72° clockwise from the top.
    assert full.axes[1].x == pytest.approx(210 + 100 * math.cos(math.radians(-18)))
    assert full.axes[1].y == pytest.approx(210 + 100 * math.sin(math.radians(-18)))
    # Information at 6 / 12: half-way up the first axis.
    half = radar(pillar_totals({1: 3, 2: 3}), size=420, margin=110)
    assert half.axes[0].share == 0.5
    assert (half.axes[0].x, half.axes[0].y) == pytest.approx((210, 160))
    assert half.polygon.split()[0] == "210.0,160.0"
    # Nothing answered elsewhere: the other points sit at the centre.
    assert half.polygon.split()[1:] == ["210.0,210.0"] * 4


def test_weakest_criteria_lowest_first():
    assert weakest_criteria({4: 2, 7: 1, 2: 3, 9: 1, 12: 2}, limit=3) == [(7, 1), (9, 1), (4, 2)]
    assert weakest_criteria({1: 3}) == []
