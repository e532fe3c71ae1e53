"""Factories of the commission's models, and a published grid like the demo's."""

import datetime as dt

import factory

from sppe.allocation import services
from sppe.allocation.models import Deliberation
from sppe.dossiers.models import CommissionSession

GRID = [
    {"rule": "single_parent", "label": "Parent seul", "points": 20},
    {"rule": "parents_active", "label": "Parents en activité", "points": 10},
    {"rule": "child_disability", "label": "Enfant en situation de handicap", "points": 30},
    {"rule": "same_commune", "label": "Habite la commune de la crèche", "points": 5},
    {"rule": "sibling_there", "label": "Frère ou sœur dans la crèche", "points": 15},
    {"rule": "seniority", "label": "Par commission passée", "points": 10},
    {"rule": "declined_offer", "label": "Par refus d'une place adaptée", "points": -20},
]


def publish_grid(by=None, criteria=None):
    return services.grid_publish(criteria=criteria or GRID, note="Grille de test", by=by)


class CommissionSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommissionSession

    date = dt.date(2027, 3, 8)
    data_freeze_date = dt.date(2027, 2, 22)
    answer_date = dt.date(2027, 3, 15)


class DeliberationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliberation

    session = factory.SubFactory(CommissionSessionFactory)
    start_date = dt.date(2027, 9, 1)
    lottery_seed = "graine-de-test"


def validated_session(*, application, establishment, president, by, date=dt.date(2027, 3, 8)):
    """A validated session that offered `application`'s child a seat at `establishment`,
    with an appeal and an override: straight from the models, for the pages' tests."""
    from django.utils import timezone

    from sppe.allocation.enums import DeliberationStatus, OverrideReason
    from sppe.allocation.models import Appeal, FrozenDossier, Offer, Override, SeatUnit

    now = timezone.now()
    deliberation = DeliberationFactory(
        session__date=date,
        session__data_freeze_date=date - dt.timedelta(days=14),
        session__answer_date=date + dt.timedelta(days=7),
        status=DeliberationStatus.VALIDATED,
        president=president,
        validated_at=now,
        validated_by=president,
        grid=publish_grid(by=by),
    )
    deliberation.members.set([president])
    unit = SeatUnit.objects.create(
        deliberation=deliberation,
        establishment=establishment,
        section="babies",
        min_age_months=0,
        max_age_months=17,
        monday=1,
        tuesday=1,
        wednesday=1,
        thursday=1,
        friday=1,
    )
    child = application.children.first()
    frozen = FrozenDossier.objects.create(
        deliberation=deliberation,
        application=application,
        number="D0001",
        points=10,
        score={"lines": [], "total": 10, "bonuses": {}},
        facts={
            "commune": "Aizenay",
            "single_parent": True,
            "activities": ["employed"],
            "situations": [],
            "dependent_children": 1,
            "resources_bracket": "< 15 000 €",
            "sessions_passed": 0,
            "declined_offers": 0,
        },
        children=[{"pk": child.pk, "index": 1, "age_months": 8, "expected": False}],
        wishes=[f"E{establishment.pk}"],
        days=application.days,
        application_date=timezone.localdate(),
    )
    deliberation.instance = {
        "lottery_seed": deliberation.lottery_seed,
        "start_date": "2027-09-01",
        "creche_names": {f"E{establishment.pk}": establishment.name},
        "units": [
            {
                "id": unit.key,
                "creche_id": f"E{establishment.pk}",
                "section": "babies",
                "min_age_months": 0,
                "max_age_months": 17,
                "capacity": [1, 1, 1, 1, 1],
            }
        ],
        "children": [
            {
                "id": "D0001-1",
                "family_id": "D0001",
                "age_months": 8,
                "wishes": [f"E{establishment.pk}"],
                "days": [0, 1, 2, 3, 4],
                "points": 10,
                "application_date": "2026-10-01",
                "bonuses": {},
                "current_unit": None,
            }
        ],
        "families": [],
    }
    deliberation.proposal = {"D0001-1": unit.key}
    deliberation.report = {
        "blocking_count": 0,
        "placed": 1,
        "n_children": 1,
        "wasted": [],
        "capacity_violations": [],
        "is_stable": True,
    }
    deliberation.engine_method, deliberation.engine_status = "deferred-acceptance", "exact"
    deliberation.run_seconds = 0.01
    deliberation.save()
    offer = Offer.objects.create(
        deliberation=deliberation,
        application=application,
        child=child,
        child_key="D0001-1",
        unit=unit,
        start_date=deliberation.start_date,
        days=application.days,
        deadline=timezone.localdate() + dt.timedelta(days=15),
        created_at=now,
    )
    appeal = Appeal.objects.create(
        application=application,
        deliberation=deliberation,
        grounds="Mon critère de parent seul n'a pas été compté.",
        submitted_at=now,
    )
    override = Override.objects.create(
        deliberation=deliberation,
        child_key="D0001-1",
        unit=unit,
        reason=OverrideReason.DATA_ERROR,
        comment="Jours saisis par erreur",
        by=president,
        at=now,
    )
    return {
        "deliberation": deliberation,
        "offer": offer,
        "appeal": appeal,
        "override": override,
        "frozen": frozen,
        "unit": unit,
    }
