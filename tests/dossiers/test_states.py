from sppe.dossiers import states
from sppe.dossiers.enums import Status
from sppe.dossiers.states import Actor, Reason


def test_every_state_is_reachable_and_the_draft_starts():
    targets = {t.target for t in states.TRANSITIONS}
    assert set(Status) - targets == {Status.DRAFT}


def test_family_files_and_withdraws_but_never_judges_completeness():
    assert states.allowed(Status.DRAFT, Status.SUBMITTED, Actor.FAMILY)
    assert states.allowed(Status.INCOMPLETE, Status.SUBMITTED, Actor.FAMILY)
    assert states.allowed(Status.COMPLETE, Status.WITHDRAWN, Actor.FAMILY)
    assert not states.allowed(Status.SUBMITTED, Status.COMPLETE, Actor.FAMILY)
    assert not states.allowed(Status.SUBMITTED, Status.INCOMPLETE, Actor.FAMILY)
    assert not states.allowed(Status.PRESENTED, Status.OFFERED, Actor.FAMILY)


def test_agent_and_system_moves():
    assert states.allowed(Status.SUBMITTED, Status.INCOMPLETE, Actor.AGENT)
    assert states.allowed(Status.COMPLETE, Status.PRESENTED, Actor.SYSTEM)
    assert states.allowed(Status.NOT_PLACED, Status.LAPSED, Actor.SYSTEM)
    assert not states.allowed(Status.DRAFT, Status.SUBMITTED, Actor.SYSTEM)
    assert not states.allowed(Status.DRAFT, Status.COMPLETE, Actor.AGENT)


def test_final_states_are_final_for_the_family():
    for final in (Status.ADMITTED, Status.WITHDRAWN, Status.LAPSED):
        assert states.targets(final, Actor.FAMILY) == []
    assert states.targets(Status.ADMITTED, Actor.AGENT) == []
    assert states.targets(Status.WITHDRAWN, Actor.AGENT) == []


def test_reasons():
    incomplete = states.transition(Status.SUBMITTED, Status.INCOMPLETE)
    assert incomplete.reason_required
    assert states.check_reason(incomplete, "") == "Choisissez un motif."
    assert "ne convient pas" in states.check_reason(incomplete, Reason.MOVED_AWAY)
    assert states.check_reason(incomplete, Reason.MISSING_DOCUMENTS) is None
    withdraw = states.transition(Status.COMPLETE, Status.WITHDRAWN)
    assert states.check_reason(withdraw, "") is None
    assert states.transition(Status.ADMITTED, Status.DRAFT) is None


def test_editable_states_are_before_the_commission():
    assert Status.PRESENTED not in states.EDITABLE_STATES
    assert Status.NOT_PLACED in states.EDITABLE_STATES


def test_the_documentation_prints_the_same_table():
    from django.conf import settings

    text = (settings.BASE_DIR / "docs" / "single-desk.md").read_text()
    rows = [line for line in text.splitlines() if line.startswith("| `") and "` | `" in line]
    documented = {tuple(cell.strip("` ") for cell in row.split("|")[1:3]) for row in rows}
    assert documented == {(t.source.value, t.target.value) for t in states.TRANSITIONS}
