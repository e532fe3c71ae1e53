import random
from dataclasses import replace

import pytest

from sppe.allocation.engine import SafetyLimitReached, allocate
from sppe.allocation.engine.generator import FULL_WEEK_SINGLES, Scale, generate
from sppe.allocation.engine.heuristic import Heuristic
from sppe.allocation.engine.problem import compile_problem


def _shuffled(instance, seed):
    rng = random.Random(seed)
    units, children, families = (list(instance.units), list(instance.children),
                                 list(instance.families))  # fmt: skip
    for items in (units, children, families):
        rng.shuffle(items)
    return replace(instance, units=tuple(units), children=tuple(children),
                   families=tuple(families))  # fmt: skip


def _fingerprint(result):
    texts = "\n".join(e.text for _, e in sorted(result.explanations.items()))
    return repr(sorted(result.matching.items())) + texts


def test_same_output_whatever_the_order_of_the_input_lists():
    instance = generate(Scale("test", 300, 8, 110, 2), seed=7)
    reference = _fingerprint(allocate(instance, method="heuristic"))
    for seed in range(3):
        assert _fingerprint(allocate(_shuffled(instance, seed), method="heuristic")) == reference


def test_deferred_acceptance_is_order_independent():
    instance = generate(Scale("test", 500, 10, 150, 1), seed=3, features=FULL_WEEK_SINGLES)
    reference = allocate(instance)
    assert reference.method == "deferred-acceptance"
    shuffled = allocate(_shuffled(instance, 1))
    assert shuffled.matching == reference.matching


def test_cp_sat_path_is_repeatable():
    instance = generate(Scale("test", 60, 3, 25, 1), seed=5)
    first = allocate(instance, method="cp-sat", time_limit=5)
    second = allocate(_shuffled(instance, 2), method="cp-sat", time_limit=5)
    assert _fingerprint(first) == _fingerprint(second)


class _JumpingClock:
    """A clock that runs ``step`` seconds at every reading: a machine slowed to a crawl."""

    def __init__(self, step: float) -> None:
        self.now = 0.0
        self.step = step

    def perf_counter(self) -> float:
        self.now += self.step
        return self.now


def _slow_machine(monkeypatch, step: float) -> None:
    from sppe.allocation import engine
    from sppe.allocation.engine import cpsat

    clock = _JumpingClock(step)
    monkeypatch.setattr(engine, "time", clock)
    monkeypatch.setattr(cpsat, "time", clock)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("scale", "seed"),
    [
        (Scale("test", 300, 8, 110, 2), 2),  # needs the local repairs (CP-SAT on neighbourhoods)
        (Scale("test", 150, 5, 55, 1), 5),  # heuristic, then the largest stable matching
    ],
)
def test_a_slow_or_loaded_machine_gives_the_same_matching(monkeypatch, scale, seed):
    """The outcome once depended on the wall clock; now only the data decide it."""
    instance = generate(scale, seed=seed)
    reference = allocate(instance, time_limit=4)
    assert reference.method != "deferred-acceptance"
    _slow_machine(monkeypatch, step=25.0)  # every reading of the clock: 25 s later
    slowed = allocate(instance, time_limit=4, safety_limit=1e12)
    assert _fingerprint(slowed) == _fingerprint(reference)
    assert (slowed.method, slowed.status) == (reference.method, reference.status)


def test_past_the_safety_net_the_engine_raises_instead_of_answering(monkeypatch):
    instance = generate(Scale("test", 150, 5, 55, 1), seed=5)
    _slow_machine(monkeypatch, step=1000.0)
    with pytest.raises(SafetyLimitReached, match="safety net"):
        allocate(instance, time_limit=4)


def test_the_heuristic_is_bounded_by_counts_not_by_time():
    problem = compile_problem(generate(Scale("test", 300, 8, 110, 2), seed=2))
    full = Heuristic(problem).run()
    again = Heuristic(problem).run()
    assert full.assigned == again.assigned and full.rounds == again.rounds
    cut = Heuristic(problem).run(max_steps=50)  # a tiny budget: stops early, same place
    assert cut.assigned == Heuristic(problem).run(max_steps=50).assigned
    assert sum(u >= 0 for u in cut.assigned) < sum(u >= 0 for u in full.assigned)
    assert Heuristic(problem).run(max_rounds=1).rounds == 1
