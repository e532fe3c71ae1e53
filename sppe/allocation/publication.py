"""The session as data anyone can check: the anonymised instance, the report, the
cut-offs (points of the last child admitted) and positions on the waiting lists."""

from __future__ import annotations

import dataclasses

from .engine import Report
from .engine.priority import lottery_number


def report_to_dict(report: Report) -> dict:
    data = dataclasses.asdict(report)
    data["wish_ranks"] = {str(k): v for k, v in sorted(report.wish_ranks.items())}
    data["blocking_count"] = report.blocking_count
    data["is_stable"] = report.is_stable
    return data


def priority(child: dict, creche_id: str, seed: str) -> tuple:
    """Sort key of a child (instance dict) at a crèche: smaller is better."""
    score = child["points"] + child["bonuses"].get(creche_id, 0)
    return (-score, child["application_date"], lottery_number(seed, child["id"]))


def unit_lists(instance: dict, matching: dict) -> dict[str, dict]:
    """Per unit: the children admitted and the waiting list (children who wished its
    crèche, fit its age and days, and are not placed at a crèche they prefer), in
    priority order; the cut-off is the score of the last child admitted."""
    units = {u["id"]: u for u in instance["units"]}
    seed = instance["lottery_seed"]
    result = {}
    for unit_id, unit in units.items():
        creche = unit["creche_id"]
        admitted, waiting = [], []
        for child in instance["children"]:
            if creche not in child["wishes"]:
                continue
            if not unit["min_age_months"] <= child["age_months"] <= unit["max_age_months"]:
                continue
            if not all(unit["capacity"][d] > 0 for d in child["days"]):
                continue
            got = matching.get(child["id"])
            if got == unit_id:
                admitted.append(child)
                continue
            got_creche = units[got]["creche_id"] if got in units else None
            if got_creche is not None and child["wishes"].index(got_creche) < child["wishes"].index(
                creche
            ):
                continue  # placed at a crèche it prefers
            waiting.append(child)
        admitted.sort(key=lambda c: priority(c, creche, seed))
        waiting.sort(key=lambda c: priority(c, creche, seed))
        cutoff = None
        if admitted:
            last = admitted[-1]
            cutoff = last["points"] + last["bonuses"].get(creche, 0)
        result[unit_id] = {
            "admitted": [c["id"] for c in admitted],
            "waiting": [c["id"] for c in waiting],
            "cutoff": cutoff,
        }
    return result
