from datetime import date

import pytest

from sppe.allocation.engine import Child, Family, Instance, Unit, allocate
from sppe.allocation.engine.generator import Scale, generate
from sppe.allocation.engine.model import DAY_NAMES_FR
from sppe.allocation.engine.priority import lottery_number, priority_key


def _brute_full_days(instance, matching, child, unit):
    """Days the child needs on which higher-priority children fill the unit, recounted."""
    children = {c.id: c for c in instance.children}
    key = priority_key(child, unit, lottery_number(instance.lottery_seed, child.id))
    full = {}
    for d in sorted(child.days):
        ahead = sorted(
            priority_key(other, unit, lottery_number(instance.lottery_seed, other.id))
            for other_id, where in matching.items()
            if where == unit.id and d in (other := children[other_id]).days
        )
        better = [k for k in ahead if k < key]
        if len(better) >= unit.capacity[d]:
            full[d] = ahead[unit.capacity[d] - 1].score
    return full


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_refusals_name_the_full_days_and_cutoffs_the_verifier_sees(seed):
    instance = generate(Scale("test", 400, 10, 150, 2), seed=seed)
    result = allocate(instance, method="heuristic")
    assert result.report.is_stable
    units = {u.id: u for u in instance.units}
    joint = {f.id for f in instance.families if f.together}
    refused = [c for c in instance.children if result.matching[c.id] is None]
    assert refused
    for child in refused:
        explanation = result.explain(child.id)
        assert len(explanation.reasons) == len(dict.fromkeys(child.wishes))
        assert explanation.unit_id is None
        assert (
            "n'ont pas obtenu de place" in explanation.text or "n'a pas obtenu" in explanation.text
        )
        for reason in explanation.reasons:
            assert reason.status in ("full", "no_seat", "no_section")
            assert f"Choix n° {reason.position}, {reason.creche_name}" in explanation.text
            if reason.status in ("no_seat", "no_section") or child.family_id in joint:
                continue
            named: dict[str, dict[int, int]] = {}
            for full in reason.full_days:
                named.setdefault(full.unit_id, {})[full.day] = full.cutoff_score
                assert DAY_NAMES_FR[full.day] in explanation.text
                assert f"au moins {full.cutoff_score} points" in explanation.text
            for unit_id, days in named.items():
                assert days == _brute_full_days(instance, result.matching, child, units[unit_id])


def test_tie_explained_by_application_date_then_lottery():
    unit = Unit("A", "A", "bebes", 0, 17, (1, 1, 1, 1, 1), "Les Lilas")
    kids = [
        Child(f"E{i}", f"F{i}", 8, ("A",), frozenset(range(5)), 12, date(2026, 3, 2))
        for i in range(2)
    ]
    result = allocate(Instance((unit,), tuple(kids), lottery_seed="commission-2026-05"))
    refused = next(c for c, u in result.matching.items() if u is None)
    text = result.explain(refused).text
    assert "Les Lilas" in text
    assert "à égalité de points" in text
    assert "tirage au sort public (graine « commission-2026-05 »)" in text


def test_placed_child_gets_its_rank_and_reasons_for_better_wishes():
    units = (
        Unit("A", "A", "bebes", 0, 17, (1,) * 5, "Les Lilas"),
        Unit("B", "B", "bebes", 0, 17, (1,) * 5, "Les Roses"),
    )
    kids = (
        Child("E1", "F1", 8, ("A", "B"), frozenset(range(5)), 14, date(2026, 1, 5)),
        Child("E2", "F2", 8, ("A", "B"), frozenset(range(5)), 12, date(2026, 1, 5)),
    )
    result = allocate(Instance(units, kids))
    explanation = result.explain("E2")
    assert explanation.wish_position == 2
    assert "votre choix n° 2" in explanation.text
    assert "au moins 14 points ; votre enfant en avait 12" in explanation.text


def test_transfer_keeps_its_seat_and_is_told_why():
    units = (
        Unit("A", "A", "bebes", 0, 17, (1,) * 5, "Les Lilas"),
        Unit("B", "B", "bebes", 0, 17, (1,) * 5, "Les Roses"),
    )
    kids = (
        Child("E1", "F1", 8, ("A",), frozenset(range(5)), 14, date(2026, 1, 5)),
        Child("E2", "F2", 8, ("A", "B"), frozenset(range(5)), 3, date(2026, 1, 5),
              current_unit="B"),
    )  # fmt: skip
    result = allocate(Instance(units, kids))
    assert result.matching == {"E1": "A", "E2": "B"}
    text = result.explain("E2").text
    assert "garde sa place actuelle à Les Roses" in text
    assert "Choix n° 1, Les Lilas" in text
    assert not result.report.transfers_worse_off


def test_family_placed_together_gets_one_explanation_for_both():
    units = (
        Unit("A-b", "A", "bebes", 0, 17, (1,) * 5, "Les Lilas"),
        Unit("A-g", "A", "grands", 18, 47, (1,) * 5, "Les Lilas"),
    )
    kids = (
        Child("E1", "F1", 8, ("A",), frozenset(range(5)), 5, date(2026, 1, 5), label="Léa"),
        Child("E2", "F1", 30, ("A",), frozenset(range(5)), 5, date(2026, 1, 5), label="Tom"),
        Child("E3", "F3", 8, ("A",), frozenset(range(5)), 9, date(2026, 1, 5)),
    )
    result = allocate(Instance(units, kids, (Family("F1", together=True),)))
    # the bébés seat goes to E3 (9 points): the family cannot be together, so Tom's seat
    # stays free and nobody else wants it: no child is refused unfairly
    assert result.matching == {"E1": None, "E2": None, "E3": "A-b"}
    assert result.report.is_stable
    text = result.explain("E2").text
    assert "vos enfants (Léa, Tom) soient accueillis dans la même crèche" in text
    assert "pour Léa, le lundi, le mardi, le mercredi, le jeudi et le vendredi" in text
