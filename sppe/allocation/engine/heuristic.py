"""Fast heuristic for part-week contracts, joint sibling demands and transfers.

Phase 1 is deferred acceptance generalised to several weekdays: an agent (a
child, or a family placed together) proposes its combos best first; a combo
is accepted when, on every day each child needs, the children of higher
priority already there leave a seat (siblings count for each other); the
lowest-priority children then in excess on a day are evicted and propose again.

With part-week contracts an eviction may free seats on other days, and a
family leaving frees seats in several sections, so phase 2 repairs: every
agent that now has justified envy moves to its best reachable combo (a best
response), evicting lower-priority children, until nobody envies or the budget
is spent. Only units that lost a child can create new envy, so each round
re-examines just their applicants. The budget is counted in rounds and proposals,
never in seconds: the search stops at the same point on every machine, however loaded.
"""

from __future__ import annotations

import random
from bisect import insort
from collections import deque
from dataclasses import dataclass

from .problem import Problem
from .verifier import NEVER


class Heuristic:
    """The mutable state of the search: who holds which seats, per unit and day."""

    def __init__(self, problem: Problem) -> None:
        self.p = problem
        self.repairing = False
        self.steps_left = 0
        self.assigned = [-1] * problem.n_children
        self.combo = [-1] * len(problem.agents)
        self.holders: list[list[tuple[int, int]]] = [[] for _ in problem.units]
        self.used = [[0] * 5 for _ in problem.units]
        self.mask = [sum(1 << d for d in days) for days in problem.days]
        self.dirty: set[int] = set()
        self.applying: list[list[int]] = [[] for _ in problem.units]
        for agent in problem.agents:
            units = {u for combo in agent.combos for _, u in combo}
            for u in sorted(units):
                self.applying[u].append(agent.index)

    # State changes ---------------------------------------------------------------------

    def can_take(self, a: int, k: int) -> bool:
        """Could agent a take combo k, displacing only lower-priority children?"""
        p = self.p
        agent = p.agents[a]
        combo = agent.combos[k]
        for s, u in combo:
            rank_u = p.rank[u]
            r = rank_u[s]
            counts = [0, 0, 0, 0, 0]
            for t, v in combo:
                if v == u and rank_u[t] <= r:
                    for d in p.days[t]:
                        counts[d] += 1
            for rh, h in self.holders[u]:
                if rh >= r:
                    break
                if p.agent_of[h] != a:
                    for d in p.days[h]:
                        counts[d] += 1
            cap = p.cap[u]
            for d in p.days[s]:
                if counts[d] > cap[d]:
                    return False
        return True

    def remove(self, a: int) -> None:
        p = self.p
        for s in p.agents[a].children:
            u = self.assigned[s]
            if u < 0:
                continue
            self.holders[u].remove((p.rank[u][s], s))
            for d in p.days[s]:
                self.used[u][d] -= 1
            self.assigned[s] = -1
            self.dirty.add(u)
        self.combo[a] = -1

    def place(self, a: int, k: int) -> list[tuple[int, int]]:
        """Give combo k to agent a; return the agents evicted (with the combo they lost)."""
        p = self.p
        if self.combo[a] >= 0:
            self.remove(a)
        combo = p.agents[a].combos[k]
        for s, u in combo:
            insort(self.holders[u], (p.rank[u][s], s))
            for d in p.days[s]:
                self.used[u][d] += 1
            self.assigned[s] = u
        self.combo[a] = k
        evicted: list[tuple[int, int]] = []
        for u in sorted({u for _, u in combo}):
            for d in range(5):
                while self.used[u][d] > p.cap[u][d]:
                    victim = self._lowest_needing(u, d)
                    evicted.append((victim, self.combo[victim]))
                    self.remove(victim)
        return evicted

    def _lowest_needing(self, u: int, d: int) -> int:
        bit = 1 << d
        for _, h in reversed(self.holders[u]):
            if self.mask[h] & bit:
                return self.p.agent_of[h]
        raise AssertionError("over capacity without a holder")

    def best_response(self, a: int, start: int = 0, stop: int | None = None) -> int:
        combos = self.p.agents[a].combos
        stop = len(combos) if stop is None else stop
        for k in range(start, stop):
            if self.can_take(a, k):
                return k
        return -1

    # Phases ----------------------------------------------------------------------------

    def propose_all(self, queue: deque[tuple[int, int]]) -> None:
        """Deferred acceptance: each queued (agent, first combo to try) proposes down its list.

        Stops when the proposal budget (``steps_left``, a count) is spent.
        """
        while queue and self.steps_left > 0:
            self.steps_left -= 1
            a, start = queue.popleft()
            if self.combo[a] >= 0:
                continue
            k = self.best_response(a, start)
            if k >= 0:
                for victim, lost in self.place(a, k):
                    # during deferred acceptance a rejected agent goes on down its list;
                    # during the repair it looks again from the top (seats may have freed)
                    queue.append((victim, 0 if self.repairing else lost + 1))

    def cutoffs(self, u: int) -> list[int]:
        """Rank of the child holding the last seat on each day (all ranks pass if free)."""
        p = self.p
        cap = p.cap[u]
        row = []
        for d in range(5):
            if cap[d] == 0:
                row.append(NEVER)
                continue
            bit, seen, cut = 1 << d, 0, p.rank.limit
            for rh, h in self.holders[u]:
                if self.mask[h] & bit:
                    seen += 1
                    if seen == cap[d]:
                        cut = rh
                        break
            row.append(cut)
        return row

    def envious(self, agents: list[int], cut: dict[int, list[int]]) -> list[tuple[int, int]]:
        """(agent, best combo it could take) for each agent of ``agents`` with justified envy."""
        p = self.p
        found = []
        for a in agents:
            agent = p.agents[a]
            outcome = self.combo[a] if self.combo[a] >= 0 else len(agent.combos)
            if agent.joint:
                k = self.best_response(a, 0, outcome)
            else:
                k = -1
                c = agent.children[0]
                for j in range(outcome):
                    u = agent.combos[j][0][1]
                    row = cut.get(u)
                    if row is None:
                        row = cut[u] = self.cutoffs(u)
                    r = p.rank[u][c]
                    if all(r < row[d] for d in p.days[c]):
                        k = j
                        break
            if k >= 0:
                found.append((a, k))
        return found

    STALL_ROUNDS = 20  # then one claim moves at a time
    GIVE_UP_ROUNDS = 100  # without a new best state: the conflict needs an exact repair

    def _claim(self, move: tuple[int, int]) -> tuple[int, int]:
        a, k = move
        c, u = self.p.agents[a].combos[k][0]
        return (self.p.rank[u][c], a)

    STEPS_PER_OPTION = 50  # proposals allowed per acceptable option of every agent

    def run(
        self,
        *,
        max_rounds: int = 500,
        max_steps: int | None = None,
        order_seed: int | None = None,
    ) -> HeuristicResult:
        """Search, bounded by ``max_rounds`` repair rounds and ``max_steps`` proposals.

        Both are counts: the result depends on the problem only, never on the time a
        machine takes (``max_steps`` defaults to 50 proposals per acceptable option).
        """
        if max_steps is None:
            options = sum(
                len(agent.units) if not agent.joint else len(agent.combos)
                for agent in self.p.agents
            )
            max_steps = self.STEPS_PER_OPTION * (options + len(self.p.agents))
        self.steps_left = max_steps
        self.repairing = False
        order = list(range(len(self.p.agents)))
        if order_seed is not None:  # another proposal order may reach a larger stable matching
            random.Random(order_seed).shuffle(order)
        self.propose_all(deque((a, 0) for a in order))
        self.repairing = True
        candidates = list(range(len(self.p.agents)))
        best = (len(self.p.agents) + 1, list(self.assigned))
        rounds = best_round = 0
        rng = random.Random(0)
        while rounds < max_rounds:
            rounds += 1
            self.dirty = set()
            blocking = self.envious(candidates, {})
            if len(blocking) < best[0] or not blocking:
                best = (len(blocking), list(self.assigned))
                best_round = rounds
            stalled = rounds - best_round > self.GIVE_UP_ROUNDS
            if not blocking or stalled or self.steps_left <= 0:
                break
            queue: deque[tuple[int, int]] = deque()
            movers = blocking
            if rounds > self.STALL_ROUNDS and len(blocking) >= best[0]:
                # all movers at once may cycle: let one claim move alone, the strongest
                # first, then a pseudo-random one (seeded: the result stays repeatable)
                pick = rng.randrange(len(blocking)) if rounds % 2 else None
                movers = [blocking[pick] if pick is not None else min(blocking, key=self._claim)]
            for a, _ in movers:
                outcome = self.combo[a] if self.combo[a] >= 0 else len(self.p.agents[a].combos)
                k = self.best_response(a, 0, outcome)
                if k >= 0:
                    queue.extend((victim, 0) for victim, _ in self.place(a, k))
            self.propose_all(queue)
            changed = {a for u in self.dirty for a in self.applying[u]}
            changed.update(a for a, _ in blocking)
            candidates = sorted(changed)
        converged = best[0] == 0
        return HeuristicResult(best[1], converged, rounds)


@dataclass(slots=True)
class HeuristicResult:
    assigned: list[int]  # child -> unit index, or -1
    converged: bool  # no justified envy left
    rounds: int
