import random
from dataclasses import replace

from sppe.allocation.engine import allocate
from sppe.allocation.engine.generator import FULL_WEEK_SINGLES, Scale, generate


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
