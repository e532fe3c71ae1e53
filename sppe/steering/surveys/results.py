"""Results of a survey question from its plain answers: pure computations, no Django.

Scale: a note from 0 to 10. Agreement: 1 (pas du tout d'accord) to 5 (tout à fait
d'accord). Averages are rounded to two decimals; shares are of the people who answered
the question (for a multiple choice question, shares add up to more than 100 %).
"""

from dataclasses import dataclass, field

SCALE_MIN, SCALE_MAX = 0, 10
AGREEMENT_MIN, AGREEMENT_MAX = 1, 5
SMALL_COUNT = 5  # fewer answers than this: no average on the public pages


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: int


@dataclass
class QuestionResult:
    kind: str
    answered: int
    average: float | None = None
    bars: list[Bar] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


def _percent(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def average(numbers: list[int]) -> float | None:
    return round(sum(numbers) / len(numbers), 2) if numbers else None


def summarise(
    kind: str,
    *,
    labels: list[str],
    numbers: list[int] = (),
    choice_lists: list[list[int]] = (),
    texts: list[str] = (),
) -> QuestionResult:
    """labels: one per possible answer (the 11 notes, the 5 levels, or the choices)."""
    if kind in ("scale", "agreement"):
        low = SCALE_MIN if kind == "scale" else AGREEMENT_MIN
        numbers = list(numbers)
        bars = [
            Bar(label, numbers.count(low + i), _percent(numbers.count(low + i), len(numbers)))
            for i, label in enumerate(labels)
        ]
        return QuestionResult(kind, len(numbers), average(numbers), bars)
    if kind == "single":
        numbers = list(numbers)
        bars = [
            Bar(label, numbers.count(i), _percent(numbers.count(i), len(numbers)))
            for i, label in enumerate(labels)
        ]
        return QuestionResult(kind, len(numbers), None, bars)
    if kind == "multiple":
        lists = [c for c in choice_lists if c]
        counts = [sum(1 for c in lists if i in c) for i in range(len(labels))]
        bars = [
            Bar(label, n, _percent(n, len(lists))) for label, n in zip(labels, counts, strict=False)
        ]
        return QuestionResult(kind, len(lists), None, bars)
    kept = [t for t in texts if t.strip()]
    return QuestionResult(kind, len(kept), None, [], kept)


def response_rate(responses: int, invitations: int) -> int | None:
    return _percent(responses, invitations) if invitations else None
