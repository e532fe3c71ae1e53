"""Why each family got what it got, in plain French, checkable by anyone.

For every crèche a child ranked above its outcome (every wish when it got no
place), the explanation names the weekdays that were full with children of
higher priority, the number of seats, and the priority that took the last
seat (the cut-off). Other children are never named.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from .model import DAY_NAMES_FR
from .problem import Agent, Problem
from .verifier import Occupancy, best_combo_taken, occupancy

MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
)  # fmt: skip
FOLLOW_UP = (
    "Votre demande reste active pour les prochaines commissions. Le relais petite enfance "
    "peut vous présenter les autres modes d'accueil disponibles près de chez vous "
    "(assistantes maternelles, maisons d'assistants maternels)."
)


@dataclass(frozen=True, slots=True)
class FullDay:
    """A weekday on which higher-priority children took every seat of a section."""

    child_id: str
    unit_id: str
    day: int
    seats: int
    kept_seats: int  # seats kept by children already enrolled there
    cutoff_score: int | None  # points of the child holding the last seat (None: kept seat)
    cutoff_date: date | None
    cutoff_lottery: int | None
    score: int
    application_date: date
    lottery: int


@dataclass(frozen=True, slots=True)
class WishReason:
    position: int
    creche_id: str
    creche_name: str
    # obtained, kept, no_seat (none open in the round), no_section, full, unfair (justified
    # envy: a verifier finding)
    status: str
    full_days: tuple[FullDay, ...] = ()


@dataclass(frozen=True, slots=True)
class Explanation:
    child_id: str
    unit_id: str | None
    wish_position: int | None
    reasons: tuple[WishReason, ...]
    text: str


def french_date(value: date) -> str:
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS_FR[value.month - 1]} {value.year}"


class Explainer:
    def __init__(self, problem: Problem, assigned: list[int], occ: Occupancy | None = None):
        self.p = problem
        self.assigned = assigned
        self.occ = occ or occupancy(problem, assigned)
        self.names = {u.creche_id: u.creche_name for u in problem.units if u.creche_name}
        self.names.update(problem.instance.creche_names)
        self._creches_with_seats = {u.creche_id for u in problem.units}

    def explain(self, child_id: str) -> Explanation:
        p = self.p
        c = p.child_index[child_id]
        agent = p.agents[p.agent_of[c]]
        k = best_combo_taken(p, self.assigned, agent)
        reasons = self._reasons(agent, k)
        unit = self.assigned[c]
        position = agent.wish_ranks[k] if k < len(agent.combos) and unit >= 0 else None
        text = self._text(c, agent, k, reasons)
        if unit < 0:  # a new sibling left out while its enrolled brother keeps his seat
            reasons = [
                replace(r, status="full" if r.full_days else "unfair") if r.status == "kept" else r
                for r in reasons
            ]
        unit_id = p.units[unit].id if unit >= 0 else None
        return Explanation(child_id, unit_id, position, tuple(reasons), text)

    # Reasons ----------------------------------------------------------------------------

    def _creche_name(self, creche: str) -> str:
        return self.names.get(creche) or f"crèche {creche}"

    def _wishes(self, agent: Agent) -> list[str]:
        child = self.p.children[agent.children[0]]
        seen: list[str] = []
        for creche in child.wishes:
            if creche not in seen:
                seen.append(creche)
        return seen

    def _reasons(self, agent: Agent, k: int) -> list[WishReason]:
        obtained = agent.wish_ranks[k] if k < len(agent.combos) else None
        reasons = []
        for position, creche in enumerate(self._wishes(agent), start=1):
            name = self._creche_name(creche)
            if obtained is not None and position >= obtained:
                if position == obtained:
                    kept = self._is_kept_seat(agent, k)
                    status = "kept" if kept else "obtained"
                    full: list[FullDay] = []
                    if kept:  # a family's new children could not join the enrolled ones here
                        for j in self._combos_at(agent, creche):
                            days = self._full_days(agent, j)
                            if not days:
                                full = []  # they could have: the verifier reports it
                                break
                            full.extend(days)
                    reasons.append(WishReason(position, creche, name, status, tuple(full)))
                break
            combos = self._combos_at(agent, creche)
            if not combos:
                # A crèche with no seat open in this round, or none for this child.
                status = "no_seat" if creche not in self._creches_with_seats else "no_section"
                reasons.append(WishReason(position, creche, name, status))
                continue
            full: list[FullDay] = []
            for j in combos:
                days = self._full_days(agent, j)
                if not days:
                    full = []
                    break
                full.extend(days)
            reasons.append(
                WishReason(position, creche, name, "full" if full else "unfair", tuple(full))
            )
        return reasons

    def _is_kept_seat(self, agent: Agent, j: int) -> bool:
        return agent.transfer and j == len(agent.combos) - 1

    def _combos_at(self, agent: Agent, creche: str) -> list[int]:
        """The agent's combos in ``creche``, the seat it already holds apart."""
        p = self.p
        return [
            j for j, combo in enumerate(agent.combos)
            if p.units[combo[0][1]].creche_id == creche and not self._is_kept_seat(agent, j)
        ]  # fmt: skip

    def _full_days(self, agent: Agent, j: int) -> list[FullDay]:
        """Days on which combo j was out of reach; empty when the agent could have taken it."""
        p, occ = self.p, self.occ
        combo = agent.combos[j]
        found = []
        for s, u in combo:
            r = p.rank[u][s]
            for d in p.days[s]:
                own = sum(
                    1 for t in agent.children
                    if t != s and self.assigned[t] == u and d in p.days[t]
                    and p.rank[u].get(t, -1) < r
                )  # fmt: skip
                siblings = sum(
                    1 for t, v in combo if v == u and d in p.days[t] and p.rank[u][t] <= r
                )
                if occ.higher(u, d, r) - own + siblings > p.cap[u][d]:
                    found.append(self._full_day(s, u, d))
        return found

    def _full_day(self, s: int, u: int, d: int) -> FullDay:
        p = self.p
        seats = p.cap[u][d]
        top = self.occ.ranks[u][d][:seats]
        holders = [p.rank.child_of(r) for r in top]
        unit = p.units[u]
        kept = sum(1 for h in holders if p.children[h].current_unit == unit.id)
        child = p.children[s]
        last = p.children[holders[-1]] if holders else None
        keeps = last is None or last.current_unit == unit.id
        return FullDay(
            child_id=child.id,
            unit_id=unit.id,
            day=d,
            seats=seats,
            kept_seats=kept,
            cutoff_score=None if keeps else last.score_at(unit.creche_id),
            cutoff_date=None if keeps else last.application_date,
            cutoff_lottery=None if keeps else p.lottery[holders[-1]],
            score=child.score_at(unit.creche_id),
            application_date=child.application_date,
            lottery=p.lottery[s],
        )

    # Text -------------------------------------------------------------------------------

    def _name(self, c: int) -> str:
        child = self.p.children[c]
        return child.label or f"l'enfant {child.id}"

    def _text(self, c: int, agent: Agent, k: int, reasons: list[WishReason]) -> str:
        p = self.p
        lines = []
        together = agent.joint
        who = "vos enfants" if together else "votre enfant"
        if together:
            names = ", ".join(self._name(t) for t in agent.children)
            lines.append(
                f"Vous avez demandé que vos enfants ({names}) soient accueillis "
                "dans la même crèche, ou pas du tout."
            )
        placed = self.assigned[c] >= 0
        if k < len(agent.combos) and placed:
            unit = p.units[self.assigned[c]]
            where = f"{self._creche_name(unit.creche_id)} ({unit.label_fr})"
            if self._is_kept_seat(agent, k):
                whom = "vos enfants ensemble" if together else "votre enfant"
                lines.append(
                    f"{self._name(c)} garde sa place actuelle à {where} : "
                    f"aucune des crèches demandées avant n'avait de place pour {whom}."
                )
            elif together and p.children[c].current_unit == unit.id:
                lines.append(
                    f"{self._name(c)} garde sa place actuelle à {where}, où ses frères et "
                    f"sœurs le rejoignent (votre choix n° {agent.wish_ranks[k]})."
                )
            else:
                lines.append(
                    f"{self._name(c)} a obtenu une place à {where}, "
                    f"votre choix n° {agent.wish_ranks[k]}."
                )
        elif together and k < len(agent.combos):  # the new child of a family that keeps a seat
            kept = ", ".join(self._name(t) for t, _ in agent.combos[k])
            lines.append(
                f"{self._name(c)} n'a pas obtenu de place lors de cette commission ; "
                f"{kept} garde sa place actuelle."
            )
        elif together:
            lines.append("Vos enfants n'ont pas obtenu de place lors de cette commission.")
        else:
            lines.append(f"{self._name(c)} n'a pas obtenu de place lors de cette commission.")
        if any(
            r.status not in ("obtained", "kept")
            or (r.status == "kept" and self._combos_at(agent, r.creche_id))
            for r in reasons
        ):
            verb = "n'y ont" if together else "n'y a"
            lines.append(
                f"Voici, pour chaque crèche demandée avant, pourquoi {who} {verb} pas eu de place :"
            )
        for reason in reasons:
            if reason.status == "kept" and self._combos_at(agent, reason.creche_id):
                status = "full" if reason.full_days else "unfair"
                lines.append(
                    f"- Choix n° {reason.position}, {reason.creche_name}, la crèche actuelle : "
                    + self._reason_text(replace(reason, status=status), together)
                )
            if reason.status in ("obtained", "kept"):
                continue
            lines.append(
                f"- Choix n° {reason.position}, {reason.creche_name} : "
                + self._reason_text(reason, together)
            )
        if not placed:
            lines.append(FOLLOW_UP)
        return "\n".join(lines)

    def _reason_text(self, reason: WishReason, together: bool) -> str:
        if reason.status == "no_seat":
            return "cette crèche n'ouvre aucune place à cette commission."
        if reason.status == "no_section":
            if together:
                return (
                    "cette crèche ne peut pas accueillir tous vos enfants ensemble "
                    "(âge ou jours demandés)."
                )
            return (
                "aucune section de cette crèche n'accueille un enfant de cet âge "
                "les jours demandés."
            )
        if reason.status == "unfair":
            return (
                "une place aurait dû vous revenir : signalez-le au service, "
                "la commission doit réexaminer ce dossier."
            )
        groups: dict[tuple, list[int]] = {}
        for full in reason.full_days:
            key = (
                full.child_id,
                full.unit_id,
                full.seats,
                full.kept_seats,
                full.cutoff_score,
                full.cutoff_date,
                full.cutoff_lottery,
            )
            groups.setdefault(key, []).append(full.day)
        firsts = {}
        for full in reason.full_days:
            key = (
                full.child_id,
                full.unit_id,
                full.seats,
                full.kept_seats,
                full.cutoff_score,
                full.cutoff_date,
                full.cutoff_lottery,
            )
            firsts.setdefault(key, full)
        parts = [self._day_text(firsts[key], days, together) for key, days in groups.items()]
        return " ; ".join(parts) + "."

    def _day_text(self, full: FullDay, days: list[int], together: bool) -> str:
        p = self.p
        unit = p.units[p.unit_index[full.unit_id]]
        seats = f"{full.seats} place" + ("s" if full.seats > 1 else "")
        names = [f"le {DAY_NAMES_FR[d]}" for d in days]
        when = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]
        name = self._name(p.child_index[full.child_id])
        who = f"pour {name}, " if together else ""
        subject = name if together else "votre enfant"
        single = full.seats == 1
        if full.cutoff_score is None:
            if single:
                return (
                    f"{who}{when}, la seule place de la {unit.label_fr} était gardée par un "
                    "enfant déjà accueilli"
                )
            return (
                f"{who}{when}, les {seats} de la {unit.label_fr} étaient gardées par des "
                "enfants déjà accueillis"
            )
        kept = ""
        if full.kept_seats == 1:
            kept = " (dont 1 gardée par un enfant déjà accueilli)"
        elif full.kept_seats > 1:
            kept = f" (dont {full.kept_seats} gardées par des enfants déjà accueillis)"
        went = (
            f"la seule place de la {unit.label_fr}{kept} est allée à un enfant ayant"
            if single
            else f"les {seats} de la {unit.label_fr}{kept} sont allées à des enfants ayant"
        )
        text = (
            f"{who}{when}, {went} au moins {full.cutoff_score} points ; {subject} en avait "
            f"{full.score}"
        )
        if full.score == full.cutoff_score:
            text += (
                f" : à égalité de points, la demande la plus ancienne passe d'abord ; "
                f"la dernière place est allée à une demande du "
                f"{french_date(full.cutoff_date)}, la vôtre date du "
                f"{french_date(full.application_date)}"
            )
            if full.cutoff_date == full.application_date:
                seed = p.instance.lottery_seed
                text += (
                    f" ; même date : le tirage au sort public (graine « {seed} ») a "
                    f"départagé, numéro {full.cutoff_lottery:016x} contre "
                    f"{full.lottery:016x} pour vous (le plus petit passe d'abord)"
                )
        return text
