"""POST data of the single desk's forms, as a browser would send them."""

import datetime as dt

from django.utils import timezone


def application_data(commune, creches, *, twins=False, **overrides):
    today = timezone.localdate()
    data = {
        "situation-first_name": "Camille",
        "situation-last_name": "Martin",
        "situation-commune": commune.pk,
        "situation-address": "3 rue des Lilas",
        "situation-phone": "0601020304",
        "situation-parent1_activity": "employed",
        "situation-parent2_activity": "training",
        "situation-annual_resources": "28000",
        "situation-dependent_children": "2",
        "demande-wished_start_date": (today + dt.timedelta(days=200)).isoformat(),
        "demande-days": ["0", "1", "3"],
        "demande-start_time": "08:30",
        "demande-end_time": "17:45",
        "demande-open_to_other_modes": ["childminder"],
    }
    if twins:
        data.update(
            {
                "demande-child_status": "expected",
                "demande-due_date": (today + dt.timedelta(days=60)).isoformat(),
                "demande-expected_count": "2",
            }
        )
    else:
        data.update(
            {
                "demande-child_status": "born",
                "demande-child1_first_name": "Léo",
                "demande-child1_birth_date": (today - dt.timedelta(days=120)).isoformat(),
            }
        )
    for rank, creche in enumerate(creches, start=1):
        data[f"choix-rank_{rank}"] = creche.pk
    data.update(overrides)
    return data


def unprefixed(data, prefix):
    return {k.removeprefix(prefix + "-"): v for k, v in data.items() if k.startswith(prefix)}
