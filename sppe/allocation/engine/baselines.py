"""Two current practices, for the benchmark only (never used to allocate).

- ``first_choices_first``: each crèche first takes, by priority, the children
  who ranked it first, then those who ranked it second, and so on; a seat once
  given is never reconsidered.
- ``creche_by_creche``: each crèche offers its seats to its best applicants
  at once; each family keeps its best offer and declines the others, and the
  declined seats are not offered again in the round.

Both keep a transferring child's current seat unless it gets a better one.
"""

from __future__ import annotations

from .problem import Agent, Problem


class _Seats:
    def __init__(self, problem: Problem) -> None:
        self.p = problem
        self.used = [[0] * 5 for _ in problem.units]
        self.assigned = [-1] * problem.n_children

    def fits(self, agent: Agent, k: int) -> bool:
        load: dict[tuple[int, int], int] = {}
        for c, u in agent.combos[k]:
            if self.assigned[c] == u:
                continue
            for d in self.p.days[c]:
                load[u, d] = load.get((u, d), 0) + 1
        return all(self.used[u][d] + n <= self.p.cap[u][d] for (u, d), n in load.items())

    def take(self, agent: Agent, k: int) -> None:
        for c in agent.children:
            self.leave(c)
        for c, u in agent.combos[k]:
            self.assigned[c] = u
            for d in self.p.days[c]:
                self.used[u][d] += 1

    def leave(self, c: int) -> None:
        u = self.assigned[c]
        if u >= 0:
            for d in self.p.days[c]:
                self.used[u][d] -= 1
            self.assigned[c] = -1


def _sort_key(problem: Problem, agent: Agent, k: int):
    c, u = agent.combos[k][0]
    return (problem.key(c, u), agent.index)


def _keep_current_seats(problem: Problem, seats: _Seats) -> list[int]:
    """Give transferring children their seat; return each agent's current combo index."""
    current = [-1] * len(problem.agents)
    for agent in problem.agents:
        if agent.transfer:
            current[agent.index] = len(agent.combos) - 1
            seats.take(agent, current[agent.index])
    return current


def first_choices_first(problem: Problem) -> list[int]:
    seats = _Seats(problem)
    current = _keep_current_seats(problem, seats)
    rounds = max((max(a.wish_ranks, default=0) for a in problem.agents), default=0)
    for position in range(1, rounds + 1):
        by_creche: dict[str, list[tuple[Agent, list[int]]]] = {}
        for agent in problem.agents:
            ks = [
                k for k, rank in enumerate(agent.wish_ranks)
                if rank == position and (current[agent.index] < 0 or k < current[agent.index])
            ]  # fmt: skip
            if ks:
                creche = problem.units[agent.combos[ks[0]][0][1]].creche_id
                by_creche.setdefault(creche, []).append((agent, ks))
        for creche in sorted(by_creche):
            queue = sorted(by_creche[creche], key=lambda item: _sort_key(problem, *_first(item)))
            for agent, ks in queue:
                for k in ks:
                    if seats.fits(agent, k):
                        seats.take(agent, k)
                        current[agent.index] = k
                        break
    return seats.assigned


def _first(item: tuple[Agent, list[int]]) -> tuple[Agent, int]:
    agent, ks = item
    return agent, ks[0]


def creche_by_creche(problem: Problem) -> list[int]:
    seats = _Seats(problem)
    current = _keep_current_seats(problem, seats)
    applicants: dict[str, list[tuple[Agent, list[int]]]] = {}
    for agent in problem.agents:
        by_creche: dict[str, list[int]] = {}
        last = current[agent.index] if current[agent.index] >= 0 else len(agent.combos)
        for k in range(last):
            creche = problem.units[agent.combos[k][0][1]].creche_id
            by_creche.setdefault(creche, []).append(k)
        for creche, ks in by_creche.items():
            applicants.setdefault(creche, []).append((agent, ks))
    offers: dict[int, list[int]] = {}
    for creche in sorted(applicants):
        queue = sorted(applicants[creche], key=lambda item: _sort_key(problem, *_first(item)))
        for agent, ks in queue:
            for k in ks:
                if seats.fits(agent, k):
                    _reserve(problem, seats, agent, k)
                    offers.setdefault(agent.index, []).append(k)
                    break
    # each family keeps its best offer; the seats of declined offers stay empty
    assigned = [u if problem.agents[problem.agent_of[c]].transfer else -1
                for c, u in enumerate(seats.assigned)]  # fmt: skip
    for a, ks in sorted(offers.items()):
        for c, u in problem.agents[a].combos[min(ks)]:
            assigned[c] = u
    return assigned


def _reserve(problem: Problem, seats: _Seats, agent: Agent, k: int) -> None:
    for c, u in agent.combos[k]:
        for d in problem.days[c]:
            seats.used[u][d] += 1
