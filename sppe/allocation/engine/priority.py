"""Priority of a child at a unit: a total order published with the results.

Order, best first:
1. a child asking for a transfer out of this very unit (its own seat is guaranteed);
2. more points (the territory's grid plus the crèche-specific bonuses);
3. earlier application date;
4. smaller lottery number, drawn from the published seed and the child id, so
   anyone can recompute it and no two children ever tie.
"""

from __future__ import annotations

import hashlib
from typing import NamedTuple

from .model import Child, Unit


class PriorityKey(NamedTuple):
    """Sortable key: smaller is better."""

    keeps_seat: int  # 0 when the child already holds a seat in this unit
    minus_score: int
    application_day: int
    lottery: int

    @property
    def score(self) -> int:
        return -self.minus_score


def lottery_number(seed: str, child_id: str) -> int:
    """Published lottery number: the first 8 bytes of SHA-256(seed, child id)."""
    digest = hashlib.sha256(f"{seed}\x1f{child_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def priority_key(child: Child, unit: Unit, lottery: int) -> PriorityKey:
    return PriorityKey(
        keeps_seat=0 if child.current_unit == unit.id else 1,
        minus_score=-child.score_at(unit.creche_id),
        application_day=child.application_date.toordinal(),
        lottery=lottery,
    )
