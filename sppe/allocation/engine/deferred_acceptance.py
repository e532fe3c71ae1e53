"""Child-proposing deferred acceptance: the exact, strategy-proof fast path.

It applies when no family asks for a joint placement and, in every unit, all
the children who may be placed there need the same weekdays. Then a unit is a
plain "college" with ``min(capacity on those days)`` seats and the classical
result holds: the outcome is stable (no justified envy, no waste), the best
stable matching for every child, and telling the truth is the best strategy.
"""

from __future__ import annotations

import heapq
from collections import deque

from .problem import Problem


def applies(problem: Problem) -> bool:
    """True when the fast path is exact for this problem."""
    if any(agent.joint for agent in problem.agents):
        return False
    unit_days: list[tuple[int, ...] | None] = [None] * len(problem.units)
    for agent in problem.agents:
        c = agent.children[0]
        days = problem.days[c]
        for u in agent.units:
            seen = unit_days[u]
            if seen is None:
                unit_days[u] = days
            elif seen != days:
                return False
    return True


def deferred_acceptance(problem: Problem) -> list[int]:
    """Return the child-optimal stable assignment (child -> unit index, or -1)."""
    n = problem.n_children
    seats = _effective_seats(problem)
    options: list[list[int]] = [[] for _ in range(n)]
    ranks: list[list[int]] = [[] for _ in range(n)]
    for agent in problem.agents:
        c = agent.children[0]
        options[c] = agent.units
        ranks[c] = agent.ranks
    held: list[list[tuple[int, int]]] = [[] for _ in problem.units]  # max-heap (-rank, child)
    next_choice = [0] * n
    assigned = [-1] * n
    free = deque(range(n))
    while free:
        c = free.popleft()
        opts, rks = options[c], ranks[c]
        i = next_choice[c]
        while i < len(opts):
            u, r = opts[i], rks[i]
            i += 1
            heap = held[u]
            if len(heap) < seats[u]:
                heapq.heappush(heap, (-r, c))
                assigned[c] = u
                break
            if heap and -heap[0][0] > r:
                _, loser = heapq.heapreplace(heap, (-r, c))
                assigned[c] = u
                assigned[loser] = -1
                free.append(loser)
                break
        next_choice[c] = i
    return assigned


def _effective_seats(problem: Problem) -> list[int]:
    seats = [0] * len(problem.units)
    days_of_unit: list[tuple[int, ...] | None] = [None] * len(problem.units)
    for agent in problem.agents:
        c = agent.children[0]
        for u in agent.units:
            days_of_unit[u] = problem.days[c]
    for u, days in enumerate(days_of_unit):
        if days is not None:
            seats[u] = min(problem.cap[u][d] for d in days)
    return seats
