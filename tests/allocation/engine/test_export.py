"""The public session document: written, read back strictly, and checked independently."""

import json
import subprocess
import sys
from dataclasses import replace
from datetime import date

import pytest

from sppe.allocation.engine import Child, Family, Instance, Unit, allocate, verify
from sppe.allocation.engine.export import (
    FormatError,
    FreedSeat,
    Override,
    cascade_instance,
    dumps,
    instance_from_dict,
    instance_to_dict,
    run_cascade,
    session_from_dict,
    session_to_dict,
    verify_session,
)
from sppe.allocation.engine.generator import ALL_FEATURES, Scale, generate
from sppe.allocation.engine.priority import lottery_number, priority_key
from sppe.allocation.engine.verify_cli import main

SCALE = Scale("test", 400, 10, 150, 2)


@pytest.fixture(scope="module")
def sessions():
    """Generated sessions, allocated once: (instance, result), one with joint transfers."""
    found = []
    for seed, features in ((0, ALL_FEATURES), (1, replace(ALL_FEATURES, joint_transfers=True))):
        instance = generate(SCALE, seed=seed, features=features)
        found.append((instance, allocate(instance, time_limit=3.0)))
    return found


def published(instance, matching, **extra):
    """Through JSON text, as anyone downloading it would read it."""
    return json.loads(dumps(session_to_dict(instance, matching, **extra)))


def key(instance, child, unit):
    return priority_key(child, unit, lottery_number(instance.lottery_seed, child.id))


# Writing and reading ---------------------------------------------------------------------


def test_a_generated_session_reads_back_identical_and_anonymised(sessions):
    for instance, result in sessions:
        document = session_to_dict(instance, result.matching, session={"id": "2026-05"})
        text = dumps(document)
        assert dumps(json.loads(text)) == text  # byte-stable
        assert list(json.loads(text)) == sorted(json.loads(text))  # sorted keys
        again = session_from_dict(json.loads(text))
        assert dumps(
            session_to_dict(again.instance, again.matching, session={"id": "2026-05"})
        ) == (text)
        assert again.matching == result.matching
        assert verify(again.instance, again.matching).summary() == result.report.summary()
        labels = {c.label for c in instance.children if c.label}
        assert labels and not any(f'"{label}"' in text for label in labels)  # no first names
        assert '"label"' not in text


def test_instance_round_trip_keeps_every_field_but_the_labels():
    kid = Child("E1", "F1", 20, ("A", "B"), frozenset({0, 2}), 7, date(2026, 3, 2),
                {"A": 3}, "A-m", label="Léa")  # fmt: skip
    instance = Instance(
        (Unit("A-m", "A", "moyens", 18, 35, (1, 0, 1, 1, 1), "Les Lilas"),),
        (kid,),
        (Family("F1", together=False),),
        lottery_seed="seed",
        start_date=date(2026, 9, 1),
        creche_names={"B": "Les Iris"},
    )
    back = instance_from_dict(json.loads(json.dumps(instance_to_dict(instance))))
    assert back.children == (replace(kid, label=""),)
    assert back.units == (replace(instance.units[0], creche_name=""),)
    assert back.creche_names == {"A": "Les Lilas", "B": "Les Iris"}
    assert (back.lottery_seed, back.start_date, back.families) == (
        "seed",
        date(2026, 9, 1),
        instance.families,
    )


def _document():
    instance = Instance(
        (Unit("A-b", "A", "bebes", 0, 17, (1,) * 5),),
        (Child("E1", "F1", 6, ("A",), frozenset({0}), 4, date(2026, 1, 5)),),
    )
    return session_to_dict(instance, {"E1": "A-b"})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["instance"]["children"][0].update(points=None),
         r"document\.instance\.children\[0\] \(child E1\)\.points: must be a whole number, "
         "got None"),
        (lambda d: d["instance"]["children"][0].update(application_date=None),
         r"\(child E1\)\.application_date: must be a date YYYY-MM-DD, got None"),
        (lambda d: d["instance"]["children"][0].update(application_date="5/1/2026"),
         "must be a date YYYY-MM-DD"),
        (lambda d: d["instance"]["children"][0].update(days=[7]), r"days\[0\]: must be a weekday"),
        (lambda d: d["instance"]["children"][0].update(days=[]), "distinct weekdays"),
        (lambda d: d["instance"]["children"][0].pop("wishes"), "missing field wishes"),
        (lambda d: d["instance"]["children"][0].update(name="Léa"), "unknown field name"),
        (lambda d: d["instance"]["children"][0].update(wishes=["Z"]), "unknown crèche 'Z'"),
        (lambda d: d["instance"]["units"][0].update(capacity=[1, 1]), "needs 5 numbers"),
        (lambda d: d["instance"]["units"][0].update(capacity=[1, 1, -1, 1, 1]), "at least 0"),
        (lambda d: d["instance"]["families"].append({"id": "F1", "together": "yes"}),
         "together: must be true or false"),
        (lambda d: d.update(format="other"), "document.format: must be"),
        (lambda d: d.update(version=2), "version 1 only"),
        (lambda d: d.update(matching=[]), "document.matching: must be an object"),
        (lambda d: d["overrides"].append({"child": "E1", "unit_given": None}),
         r"overrides\[0\]: missing field reason, unit_proposed"),
        (lambda d: d["cascades"].append({"step": 2, "freed": [], "held": {}, "withdrawn": [],
                                         "matching": {}}), "must be 1"),
        (lambda d: d["cascades"].append({"step": 1, "freed": [{"child": "E1", "unit": "A-b",
                                         "cause": "moved"}], "held": {}, "withdrawn": [],
                                         "matching": {}}), "cause: must be one of"),
        (lambda d: d["engine"].update(time_limit=-1), "positive number"),
    ],
)  # fmt: skip
def test_a_malformed_document_is_refused_with_the_place_named(change, message):
    document = json.loads(json.dumps(_document()))
    change(document)
    with pytest.raises(FormatError, match=message):
        verify_session(document)


# Checking ----------------------------------------------------------------------------------


def test_generated_sessions_have_no_unexplained_envy(sessions):
    for instance, result in sessions:
        check = verify_session(published(instance, result.matching))
        assert check.ok, check.text()
        assert check.unexplained == [] and check.violations == [] and check.explained == []
        assert check.proposal_envy == []
        assert check.placed == check.proposal_placed == result.report.placed
        assert "Session check: OK" in check.text()


def _acceptable(instance, child, unit):
    return (
        unit.creche_id in child.wishes
        and unit.fits(child.age_months)
        and all(unit.capacity[d] > 0 for d in child.days)
        and not child.current_unit
    )


def _swap_candidates(instance, matching):
    """(removed, placed, unit): a placed single child of one wish, and an unplaced single
    child of the same days and lower priority there who could take its seat."""
    families = {}
    for c in instance.children:
        families.setdefault(c.family_id, []).append(c)
    single = [c for c in instance.children if len(families[c.family_id]) == 1]
    units = {u.id: u for u in instance.units}
    for removed in single:
        unit_id = matching[removed.id]
        if unit_id is None or removed.current_unit or len(set(removed.wishes)) != 1:
            continue
        unit = units[unit_id]
        for placed in single:
            if (
                matching[placed.id] is None
                and placed.days == removed.days
                and _acceptable(instance, placed, unit)
                and key(instance, placed, unit) > key(instance, removed, unit)
            ):
                yield removed, placed, unit


def test_an_override_listed_explains_the_children_it_passes_over(sessions):
    instance, result = sessions[0]
    for removed, placed, unit in _swap_candidates(instance, result.matching):
        matching = {**result.matching, removed.id: None, placed.id: unit.id}
        overrides = [
            Override(placed.id, unit.id, None, "urgence-sociale"),
            Override(removed.id, None, unit.id, "urgence-sociale"),
        ]
        check = verify_session(published(instance, matching, overrides=overrides))
        if check.ok:
            break
    else:
        pytest.fail("no override to inject")
    assert (removed.id, unit.id, removed.id) in check.explained
    assert check.proposal_placed == result.report.placed
    assert check.unexplained == []
    assert "explained by an override: " in check.text()
    # the same change without its overrides is a child passed over, not explained
    tampered = verify_session(published(instance, matching))
    assert not tampered.ok
    assert (removed.id, unit.id) in tampered.unexplained
    assert "NOT OK" in tampered.text()


def test_a_child_of_higher_priority_placed_by_override_explains_nothing_alone():
    units = (Unit("A", "A", "bebes", 0, 17, (1,) * 5), Unit("B", "B", "bebes", 0, 17, (1,) * 5))
    week = frozenset(range(5))
    top = Child("top", "F1", 6, ("B", "A"), week, 10, date(2026, 1, 5))
    mid = Child("mid", "F2", 6, ("A",), week, 5, date(2026, 1, 5))
    instance = Instance(units, (top, mid))
    assert allocate(instance).matching == {"top": "B", "mid": "A"}
    matching = {"top": "A", "mid": None}
    moved = Override("top", "A", "B", "rapprochement-fratrie")
    alone = verify_session(published(instance, matching, overrides=[moved]))
    # top outranks mid, so mid has no envy in the matching; but mid lost its seat with no
    # override listed: undoing the overrides leaves mid out with A free
    assert not alone.ok and alone.unexplained == []
    assert alone.proposal_envy == [("child mid", "unit A")]
    assert "Engine proposal (overrides undone), children passed over: 1" in alone.text()
    both = [moved, Override("mid", None, "A", "rapprochement-fratrie")]
    check = verify_session(published(instance, matching, overrides=both))
    assert check.ok and check.explained == [("top", "B", "top")]


def test_a_tampered_matching_is_reported(sessions):
    instance, result = sessions[0]
    removed, placed, unit = next(_swap_candidates(instance, result.matching))
    swapped = {**result.matching, removed.id: None, placed.id: unit.id}
    check = verify_session(published(instance, swapped))
    assert not check.ok and (removed.id, unit.id) in check.unexplained
    emptied = {**result.matching, removed.id: None}
    check = verify_session(published(instance, emptied))
    assert (removed.id, unit.id) in check.unexplained  # a seat left empty
    over = dict(result.matching)
    full_unit = instance.units[0]
    over.update({c.id: full_unit.id for c in instance.children if over[c.id] is None})
    check = verify_session(published(instance, over))
    assert any("children on" in v for v in check.violations)  # over capacity
    assert any("which it cannot take" in v for v in check.violations)  # age, wishes


def test_an_override_that_the_matching_does_not_show_is_a_violation(sessions):
    instance, result = sessions[0]
    child = next(c for c in instance.children if result.matching[c.id] is None)
    lie = [Override(child.id, "nowhere", None, "urgence-sociale")]
    check = verify_session(published(instance, result.matching, overrides=lie))
    assert not check.ok
    assert any("unit given nowhere but the matching says None" in v for v in check.violations)


def test_the_engine_run_again_gives_the_proposal(sessions):
    instance, result = sessions[0]
    document = published(instance, result.matching, engine={"time_limit": 3.0})
    assert verify_session(document, rerun_engine=True).engine_reproduced is True
    removed, placed, unit = next(_swap_candidates(instance, result.matching))
    swapped = {**result.matching, removed.id: None, placed.id: unit.id}
    check = verify_session(published(instance, swapped, engine={"time_limit": 3.0}),
                           rerun_engine=True)  # fmt: skip
    assert check.engine_reproduced is False and not check.ok


# Cascades ----------------------------------------------------------------------------------


def _declines(instance, matching, count):
    """Some placed children who are not enrolled decline: their seats are freed."""
    placed = [c for c in instance.children if matching[c.id] and not c.current_unit]
    together = {f.id for f in instance.families if f.together}
    return [c for c in placed if c.family_id not in together][:: len(placed) // count][:count]


def test_a_cascade_after_declines_is_free_of_justified_envy_and_verified(sessions):
    tampered = 0
    for instance, result in sessions:
        declined = _declines(instance, result.matching, 8)
        withdrawn = {c.id for c in declined}
        held = {c: u for c, u in result.matching.items() if u and c not in withdrawn}
        freed = [FreedSeat(c.id, result.matching[c.id], "declined") for c in declined]
        step = run_cascade(instance, held, withdrawn=withdrawn, freed=freed, time_limit=3.0)
        assert set(step.matching) == set(result.matching) - set(held) - withdrawn
        newly = {c: u for c, u in step.matching.items() if u}
        assert newly  # the freed seats went to children who waited
        # a second step: two children placed by the cascade let their offer lapse
        lapsed = sorted(newly)[:2]
        held2 = {**held, **{c: u for c, u in newly.items() if c not in lapsed}}
        step2 = run_cascade(
            instance,
            held2,
            withdrawn=withdrawn | set(lapsed),
            freed=[FreedSeat(c, newly[c], "lapsed") for c in lapsed],
            time_limit=3.0,
        )
        document = published(instance, result.matching, cascades=[step, step2])
        check = verify_session(document)
        assert check.ok, check.text()
        assert [c.ok for c in check.cascades] == [True, True]
        assert check.cascades[0].competing == len(step.matching)
        assert "Cascade 2: OK" in check.text()
        # steps that do not follow from each other: a seat held from nowhere, a lapse
        # not listed as freed
        stray = next(c for c in step.matching if step.matching[c] is None)
        forged = replace(step2, held={**step2.held, stray: newly[lapsed[0]]})
        check = verify_session(published(instance, result.matching, cascades=[step, forged]))
        assert any(f"child {stray} is held in" in v for v in check.cascades[1].violations)
        unlisted = replace(step2, freed=())
        check = verify_session(published(instance, result.matching, cascades=[step, unlisted]))
        assert "the seats freed are not those of the children newly withdrawn" in (
            check.cascades[1].violations
        )
        assert not check.ok
        # the cascade's seat given to a child of lower priority instead: reported
        reduced = cascade_instance(instance, held, withdrawn=withdrawn)
        winner = sorted(newly)[0]
        unit = next(u for u in reduced.units if u.id == newly[winner])
        loser = next(
            (c for c in reduced.children if step.matching[c.id] is None
             and _acceptable(reduced, c, unit) and c.days == next(
                 x for x in reduced.children if x.id == winner).days
             and key(reduced, c, unit) > key(reduced, next(
                 x for x in reduced.children if x.id == winner), unit)),
            None,
        )  # fmt: skip
        if loser is None:
            continue
        bad = replace(step, matching={**step.matching, winner: None, loser.id: unit.id})
        check = verify_session(published(instance, result.matching, cascades=[bad]))
        assert not check.ok and not check.cascades[0].ok
        assert (winner, unit.id) in check.cascades[0].envy
        assert "Cascade 1: NOT OK" in check.text()
        tampered += 1
    assert tampered


def test_cascade_instance_takes_the_held_seats_off_day_by_day():
    units = (
        Unit("A-b", "A", "bebes", 0, 17, (2, 2, 2, 2, 2)),
        Unit("H-b", "H", "bebes", 0, 17, (1, 1, 1, 1, 1)),
    )
    kid = Child("k", "F-k", 6, ("A",), frozenset({0, 1}), 3, date(2026, 1, 5))
    kids = (
        kid,
        replace(kid, id="gone"),
        replace(kid, id="e", family_id="F", wishes=("A", "H"), current_unit="H-b"),
        replace(kid, id="s", family_id="F", wishes=("A", "H")),
        replace(kid, id="w", wishes=("A", "H")),
    )
    instance = Instance(units, kids, (Family("F", together=True),))
    reduced = cascade_instance(instance, {"k": "A-b", "e": "H-b"}, withdrawn={"gone"})
    assert [u.capacity for u in reduced.units] == [(1, 1, 2, 2, 2), (0, 0, 1, 1, 1)]
    assert sorted(c.id for c in reduced.children) == ["s", "w"]
    sibling = next(c for c in reduced.children if c.id == "s")
    assert sibling.wishes == ("H",)  # only the crèche of its held brother: same crèche
    with pytest.raises(ValueError, match="unit A-b: 3 seats held on lundi for 2 seats"):
        cascade_instance(instance, {"k": "A-b", "gone": "A-b", "w": "A-b"})
    with pytest.raises(ValueError, match="child k: both held and withdrawn"):
        cascade_instance(instance, {"k": "A-b"}, withdrawn={"k"})
    with pytest.raises(ValueError, match="held: unknown child 'x'"):
        cascade_instance(instance, {"x": "A-b"})


# The command line --------------------------------------------------------------------------


def test_the_command_line_prints_a_report_and_exits_non_zero_when_unexplained(
    sessions, tmp_path, capsys
):
    instance, result = sessions[0]
    good = tmp_path / "good.json"
    good.write_text(dumps(session_to_dict(instance, result.matching)), encoding="utf-8")
    assert main([str(good)]) == 0
    assert "Session check: OK" in capsys.readouterr().out
    removed, placed, unit = next(_swap_candidates(instance, result.matching))
    bad = tmp_path / "bad.json"
    swapped = {**result.matching, removed.id: None, placed.id: unit.id}
    bad.write_text(dumps(session_to_dict(instance, swapped)), encoding="utf-8")
    assert main([str(bad), "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert findings["ok"] is False and [removed.id, unit.id] in findings["unexplained"]
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "sppe.commission-session"}', encoding="utf-8")
    assert main([str(broken)]) == 2
    assert "missing field" in capsys.readouterr().err
    assert main([str(tmp_path / "absent.json")]) == 2
    (tmp_path / "text.json").write_text("not json", encoding="utf-8")
    assert main([str(tmp_path / "text.json")]) == 2


def test_the_command_line_runs_without_django(tmp_path):
    instance = Instance(
        (Unit("A-b", "A", "bebes", 0, 17, (1,) * 5),),
        (Child("E1", "F1", 6, ("A",), frozenset({0}), 4, date(2026, 1, 5)),),
    )
    path = tmp_path / "session.json"
    path.write_text(dumps(session_to_dict(instance, {"E1": None})), encoding="utf-8")
    code = (
        "import runpy, sys\n"
        "sys.argv = ['verify_cli', sys.argv[1]]\n"
        "try:\n"
        "    runpy.run_module('sppe.allocation.engine.verify_cli', run_name='__main__')\n"
        "except SystemExit as end:\n"
        "    assert 'django' not in sys.modules, 'Django was imported'\n"
        "    raise\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1, done.stderr  # the empty seat E1 wanted is not explained
    assert "child E1 at unit A-b" in done.stdout
