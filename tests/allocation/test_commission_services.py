"""The commission from freeze to admission, through its services, on a small territory."""

import datetime as dt

import pytest

from sppe.accounts.enums import Role
from sppe.allocation import services
from sppe.allocation.engine import export
from sppe.allocation.enums import DeliberationStatus, OfferStatus, OverrideReason
from sppe.allocation.models import FrozenDossier, Offer
from sppe.allocation.services import CommissionError
from sppe.dossiers.enums import ParentActivity, Status
from sppe.dossiers.models import ApplicationChoice
from sppe.notifications.models import Message

from ..dossiers.model_factories import ApplicationFactory
from ..factories import UserFactory
from .factories import DeliberationFactory, publish_grid


def dossier(world, *wishes, single=False, commune=0, birth=dt.date(2026, 9, 1), days=0b11111):
    application = ApplicationFactory(
        household__commune=world["communes"][commune],
        household__last_name="Kowalczyk",
        household__address="12 rue des Tilleuls",
        household__single_parent=single,
        household__parent1_activity=ParentActivity.EMPLOYED,
        household__parent2_activity="" if single else ParentActivity.EMPLOYED,
        days=days,
        children=[(birth, None)],
    )
    for rank, establishment in enumerate(wishes, start=1):
        ApplicationChoice.objects.create(
            application=application, establishment=establishment, rank=rank
        )
    return application


def seats(world, establishment, n=1):
    return services.seat_unit_set(
        deliberation=world["deliberation"],
        establishment=establishment,
        section="babies",
        capacity=(n,) * 5,
        by=None,
    )


def run(world):
    services.deliberation_freeze(deliberation=world["deliberation"], by=world["agent"])
    services.deliberation_run(deliberation=world["deliberation"], by=world["president"])
    world["deliberation"].refresh_from_db()
    return world["deliberation"]


def test_a_session_from_freeze_to_offers(world, django_capture_on_commit_callbacks):
    north, south = world["north"], world["south"]
    seats(world, north)
    seats(world, south)
    # Points: single parent 20 + active 10; others 10; +5 at the crèche of their commune.
    first = dossier(world, north, south, single=True)  # 35 at north, 30 at south
    second = dossier(world, north, south, commune=1)  # 10 at north, 15 at south
    third = dossier(world, north, commune=2)  # 10 at north
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.deliberation_freeze(deliberation=world["deliberation"], by=world["agent"])
    assert counts["presented"] == 3
    frozen = {f.application_id: f for f in FrozenDossier.objects.all()}
    assert frozen[first.pk].points == 30
    assert frozen[first.pk].score["bonuses"] == {
        f"E{north.pk}": [
            {
                "rule": "same_commune",
                "label": "Habite la commune de la crèche",
                "points": 5,
                "times": 1,
                "note": "",
            }
        ]
    }
    first.refresh_from_db()
    assert first.status == Status.PRESENTED and first.frozen_at is not None
    assert Message.objects.filter(event="presented").count() == 3
    # Members never see names or addresses in the frozen facts.
    facts = str(frozen[first.pk].facts) + str(frozen[first.pk].children)
    assert first.household.last_name not in facts and first.household.address not in facts

    services.deliberation_run(deliberation=world["deliberation"], by=world["president"])
    deliberation = world["deliberation"]
    deliberation.refresh_from_db()
    assert deliberation.status == DeliberationStatus.PROPOSED
    assert deliberation.report["blocking_count"] == 0
    by_number = {f.application_id: f.number for f in FrozenDossier.objects.all()}
    unit = {u.establishment_id: u.key for u in deliberation.units.all()}
    assert deliberation.proposal == {
        f"{by_number[first.pk]}-1": unit[north.pk],
        f"{by_number[second.pk]}-1": unit[south.pk],
        f"{by_number[third.pk]}-1": None,
    }
    assert deliberation.explanations[f"{by_number[third.pk]}-1"]

    with django_capture_on_commit_callbacks(execute=True):
        counts = services.deliberation_validate(
            deliberation=deliberation, by=world["president"], expected_version=deliberation.version
        )
    assert counts == {"offered": 2, "not_placed": 1}
    for application, status in (
        (first, Status.OFFERED),
        (second, Status.OFFERED),
        (third, Status.NOT_PLACED),
    ):
        application.refresh_from_db()
        assert application.status == status
    offer = Offer.objects.get(application=first)
    assert offer.deadline == dt.date(2027, 3, 10)  # 15 days after the validation
    assert offer.monthly_fee is not None and offer.monthly_fee > 0
    message = Message.objects.get(event="offer_made", related_id=first.pk)
    assert "Les Lucioles" in message.body and "10 mars 2027" in message.body
    assert Message.objects.filter(event="not_placed", related_id=third.pk).exists()


def test_a_decline_cascades_to_the_next_child_and_stays_fair(
    world, django_capture_on_commit_callbacks
):
    north = world["north"]
    seats(world, north)
    first = dossier(world, north, single=True)
    second = dossier(world, north)
    third = dossier(world, north, commune=2)
    deliberation = run(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.deliberation_validate(deliberation=deliberation, by=world["president"])
    offer = Offer.objects.get(application=first)
    family = first.household.account
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_answer(offer=offer, accept=False, reason="too_far", by=family)
    first.refresh_from_db()
    assert first.status == Status.DECLINED
    # The seat goes to the child of highest priority still waiting: second and third
    # have the same points; the earlier application (then the lottery) decides.
    cascaded = Offer.objects.get(cascade_round=1)
    assert cascaded.application_id in (second.pk, third.pk)
    cascaded.application.refresh_from_db()
    assert cascaded.application.status == Status.OFFERED
    deliberation.refresh_from_db()
    [step] = deliberation.report["cascades"]
    assert step["withdrawn"] == [Offer.objects.get(application=first).child_key]
    # The published document re-checks: nobody passed over, the cascade step included.
    check = export.verify_session(services.session_document(deliberation))
    assert check.ok, check.text()
    assert len(check.cascades) == 1


def test_accept_then_admission_closes_the_dossier(world, django_capture_on_commit_callbacks):
    seats(world, world["north"])
    first = dossier(world, world["north"])
    deliberation = run(world)
    services.deliberation_validate(deliberation=deliberation, by=world["president"])
    offer = Offer.objects.get(application=first)
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_answer(offer=offer, accept=True, by=first.household.account)
    first.refresh_from_db()
    assert first.status == Status.ACCEPTED
    manager = UserFactory(role=Role.CRECHE_MANAGER)
    services.admission_confirm(offer=offer, by=manager)
    first.refresh_from_db()
    assert first.status == Status.ADMITTED
    with pytest.raises(CommissionError, match="déjà confirmé"):
        services.admission_confirm(offer=offer, by=manager)


def test_an_answer_twice_or_after_the_deadline_is_refused(world, clock):
    seats(world, world["north"], 2)
    first = dossier(world, world["north"])
    second = dossier(world, world["north"])
    deliberation = run(world)
    services.deliberation_validate(deliberation=deliberation, by=world["president"])
    offer = Offer.objects.get(application=first)
    services.offer_answer(offer=offer, accept=True, by=first.household.account)
    with pytest.raises(CommissionError, match="déjà répondu"):
        services.offer_answer(offer=offer, accept=False, reason="too_far", by=None)
    late = Offer.objects.get(application=second)
    clock.move_to(dt.datetime(2027, 3, 11, 9, tzinfo=dt.UTC), tick=False)
    with pytest.raises(CommissionError, match="délai de réponse s'est terminé le 10/03/2027"):
        services.offer_answer(offer=late, accept=True, by=second.household.account)
    late.refresh_from_db()
    assert late.status == OfferStatus.PENDING
    # The daily job lapses it and closes the dossier.
    assert services.offers_lapse_due() == 1
    second.refresh_from_db()
    assert second.status == Status.LAPSED


def test_validation_is_done_once_by_the_president_on_the_page_seen(world):
    seats(world, world["north"])
    dossier(world, world["north"])
    deliberation = run(world)
    with pytest.raises(CommissionError, match="président"):
        services.deliberation_validate(deliberation=deliberation, by=world["member"])
    with pytest.raises(CommissionError, match="a changé"):
        services.deliberation_validate(
            deliberation=deliberation, by=world["president"], expected_version=0
        )
    services.deliberation_validate(deliberation=deliberation, by=world["president"])
    with pytest.raises(CommissionError, match="déjà été validée"):
        services.deliberation_validate(deliberation=deliberation, by=world["president"])
    assert Offer.objects.count() == 1


def test_an_override_needs_a_listed_reason_and_a_fact_and_shows_who_is_passed_over(world):
    north = world["north"]
    seats(world, north)
    first = dossier(world, north, single=True)
    second = dossier(world, north)
    deliberation = run(world)
    number = FrozenDossier.objects.get(application=second).number
    unit = deliberation.units.get()
    for reason, comment, message in (
        ("", "Mesure de protection du 12/01", "motif"),
        ("favour", "Mesure de protection du 12/01", "motif"),
        (OverrideReason.CHILD_PROTECTION, "", "fait constaté"),
    ):
        with pytest.raises(CommissionError, match=message):
            services.override_add(
                deliberation=deliberation,
                child_key=f"{number}-1",
                unit=unit,
                reason=reason,
                comment=comment,
                by=world["member"],
            )
    assert not deliberation.overrides.exists()
    override = services.override_add(
        deliberation=deliberation,
        child_key=f"{number}-1",
        unit=unit,
        reason=OverrideReason.CHILD_PROTECTION,
        comment="Ordonnance du juge du 12/01/2027",
        by=world["member"],
    )
    first_number = FrozenDossier.objects.get(application=first).number
    assert override.passed_over == []  # the first child holds the seat: it is displaced
    assert override.displaced == [f"{first_number}-1"]
    assert services.final_matching(deliberation) == {
        f"{first_number}-1": None,
        f"{number}-1": unit.key,
    }


@pytest.mark.parametrize(
    "capacity, message",
    [
        ((-1, 0, 0, 0, 0), "négatif"),
        ((1, 1), "chaque jour"),
        (("a",) * 5, "nombre de places"),
        ((500,) * 5, "Au plus"),
    ],
)
def test_absurd_seats_are_refused_and_change_nothing(world, capacity, message):
    with pytest.raises(CommissionError, match=message):
        services.seat_unit_set(
            deliberation=world["deliberation"],
            establishment=world["north"],
            section="babies",
            capacity=capacity,
            by=None,
        )
    assert not world["deliberation"].units.exists()


def test_a_session_without_seats_cannot_freeze(world):
    dossier(world, world["north"])
    with pytest.raises(CommissionError, match="aucune"):
        services.deliberation_freeze(deliberation=world["deliberation"], by=world["agent"])
    assert not FrozenDossier.objects.exists()
    assert world["deliberation"].status == DeliberationStatus.PREPARING


def test_a_child_three_or_not_yet_born_at_the_start_date_is_not_presented(world):
    seats(world, world["north"])
    old = dossier(world, world["north"], birth=dt.date(2024, 8, 1))
    unborn = ApplicationFactory(
        household__commune=world["communes"][0], children=[(None, dt.date(2027, 10, 1))]
    )
    ApplicationChoice.objects.create(application=unborn, establishment=world["north"], rank=1)
    counts = services.deliberation_freeze(deliberation=world["deliberation"], by=world["agent"])
    assert counts["too_old"] == 1 and counts["not_born"] == 1 and counts["presented"] == 0
    for application in (old, unborn):
        application.refresh_from_db()
        assert application.status == Status.COMPLETE
        assert application.frozen_at is None  # its family may still update it


def test_an_agent_cannot_open_seats_outside_her_communes(world, make_user):
    agent = make_user(Role.AGENT)  # organisation on the first commune only
    with pytest.raises(CommissionError, match="communes que vous suivez"):
        services.seat_unit_set(
            deliberation=world["deliberation"],
            establishment=world["south"],
            section="babies",
            capacity=(1,) * 5,
            by=agent,
        )
    assert services.seat_unit_set(
        deliberation=world["deliberation"],
        establishment=world["north"],
        section="babies",
        capacity=(1,) * 5,
        by=agent,
    )


def test_seniority_and_a_declined_offer_count_at_the_next_session(
    world, django_capture_on_commit_callbacks
):
    north = world["north"]
    seats(world, north)
    placed = dossier(world, north, single=True)
    waiting = dossier(world, north)
    deliberation = run(world)
    services.deliberation_validate(deliberation=deliberation, by=world["president"])
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_answer(
            offer=Offer.objects.get(application=placed),
            accept=False,
            reason="too_far",
            by=placed.household.account,
        )
    # The seat went to the waiting dossier; the decliner is closed (declined).
    later = DeliberationFactory(
        session__date=dt.date(2027, 6, 7),
        session__data_freeze_date=dt.date(2027, 5, 24),
        session__answer_date=dt.date(2027, 6, 14),
        president=world["president"],
    )
    placed.refresh_from_db()
    assert placed.status == Status.DECLINED
    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED
    del later


def test_the_grid_refuses_a_criterion_that_costs_a_family_for_its_situation(world):
    before = services.grid_in_force()
    with pytest.raises(CommissionError, match="ne peut pas retirer de points"):
        publish_grid(criteria=[{"rule": "single_parent", "label": "Parent seul", "points": -5}])
    assert services.grid_in_force() == before


def test_a_large_family_is_never_held_to_both_parents_working():
    from sppe.allocation import scoring

    grid = [scoring.CriterionSpec(rule="parents_active", points=10, label="Parents actifs")]
    idle = scoring.Facts(
        single_parent=False,
        activities=("employed", "parental_leave"),
        dependent_children=3,
        oldest_child_months=26,
    )
    assert scoring.score(idle, grid).total == 10
    younger = scoring.Facts(
        single_parent=False,
        activities=("employed", "parental_leave"),
        dependent_children=3,
        oldest_child_months=14,
    )
    assert scoring.score(younger, grid).total == 0
    two = scoring.Facts(
        single_parent=False,
        activities=("employed", "parental_leave"),
        dependent_children=2,
        oldest_child_months=26,
    )
    assert scoring.score(two, grid).total == 0


def test_the_daily_job_reminds_then_closes_unanswered_offers(
    world, clock, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    seats(world, world["north"])
    silent = dossier(world, world["north"])
    deliberation = run(world)
    services.deliberation_validate(deliberation=deliberation, by=world["president"])
    clock.move_to(dt.datetime(2027, 3, 8, 7, tzinfo=dt.UTC), tick=False)  # 2 days before
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_commission_jobs", stdout=out)
        call_command("run_commission_jobs", stdout=out)  # twice: one reminder only
    assert Message.objects.filter(event="offer_reminder", related_id=silent.pk).count() == 1
    clock.move_to(dt.datetime(2027, 3, 11, 7, tzinfo=dt.UTC), tick=False)
    call_command("run_commission_jobs", stdout=out)
    silent.refresh_from_db()
    assert silent.status == Status.LAPSED
    assert Offer.objects.get(application=silent).status == OfferStatus.LAPSED
