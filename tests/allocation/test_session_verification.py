"""Generated sessions run through the commission's services, exported as published, and
re-checked by the project's verifier: nobody passed over except through the listed
overrides, cascades included; a tampered document is caught."""

import datetime as dt
import json
import random

import pytest
from django.core.management import CommandError, call_command

from sppe.accounts.enums import Role
from sppe.allocation import services
from sppe.allocation.engine import export
from sppe.allocation.enums import OfferStatus, OverrideReason
from sppe.allocation.models import FrozenDossier, Offer
from sppe.dossiers.enums import ParentActivity, SpecificSituation
from sppe.dossiers.models import ApplicationChoice

from ..dossiers.model_factories import ApplicationFactory
from ..factories import UserFactory
from ..offers.factories import EstablishmentFactory
from .factories import DeliberationFactory, publish_grid

NOW = dt.datetime(2027, 2, 23, 10, 0, tzinfo=dt.UTC)
WEEKS = (0b11111, 0b11011, 0b01111, 0b01011, 0b10101)


def generated_session(territory, seed: int, *, dossiers=40):
    rng = random.Random(seed)
    communes = list(territory.communes.order_by("insee_code"))
    creches = [
        EstablishmentFactory(commune=communes[i % len(communes)], joins_single_desk=True)
        for i in range(4)
    ]
    admin = UserFactory(role=Role.TERRITORY_ADMIN)
    publish_grid(by=admin)
    president = UserFactory(role=Role.COMMISSION_MEMBER)
    deliberation = DeliberationFactory(president=president, lottery_seed=f"graine-{seed}")
    deliberation.members.set([president])
    for creche in creches:
        for section in ("babies", "middle"):
            seats = [rng.randint(0, 2)] * 5
            seats[2] = max(0, seats[2] - rng.randint(0, 1))
            services.seat_unit_set(
                deliberation=deliberation,
                establishment=creche,
                section=section,
                capacity=seats,
                by=None,
            )
    for _n in range(dossiers):
        single = rng.random() < 0.2
        twins = rng.random() < 0.1
        birth = dt.date(2025, 9, 1) + dt.timedelta(days=rng.randint(0, 360))
        situations = [SpecificSituation.CHILD_DISABILITY] if rng.random() < 0.05 else []
        application = ApplicationFactory(
            household__commune=rng.choice(communes),
            household__single_parent=single,
            household__parent1_activity=ParentActivity.EMPLOYED,
            household__parent2_activity=""
            if single
            else rng.choice([ParentActivity.EMPLOYED, ParentActivity.PARENTAL_LEAVE]),
            household__specific_situations=situations,
            days=rng.choice(WEEKS),
            children=[(birth, None)] * (2 if twins else 1),
        )
        for rank, creche in enumerate(rng.sample(creches, rng.randint(1, 3)), start=1):
            ApplicationChoice.objects.create(
                application=application, establishment=creche, rank=rank
            )
    services.deliberation_freeze(deliberation=deliberation, by=admin)
    services.deliberation_run(deliberation=deliberation, by=president)
    deliberation.refresh_from_db()
    return deliberation, president, rng


@pytest.mark.parametrize("seed", [3, 17, 40])
def test_generated_sessions_re_check_with_overrides_and_cascades(
    territory, time_machine, django_capture_on_commit_callbacks, seed
):
    time_machine.move_to(NOW, tick=False)
    deliberation, president, rng = generated_session(territory, seed)
    assert deliberation.report["blocking_count"] == 0
    # One override: a child not placed is given a seat of its first wish.
    waiting = sorted(k for k, v in deliberation.proposal.items() if v is None)
    unit = None
    for key in waiting:
        frozen = FrozenDossier.objects.get(deliberation=deliberation, number=key.split("-")[0])
        for candidate in deliberation.units.filter(establishment_id=int(frozen.wishes[0][1:])):
            try:
                services.override_effects(deliberation, key, candidate)
            except services.CommissionError:
                continue
            unit = candidate
            break
        if unit is not None:
            services.override_add(
                deliberation=deliberation,
                child_key=key,
                unit=unit,
                reason=OverrideReason.MEDICAL_URGENCY,
                comment="Certificat médical du 12/02/2027",
                by=president,
            )
            break
    services.deliberation_validate(deliberation=deliberation, by=president)
    # Families answer: about a third decline; each decline cascades.
    for offer in Offer.objects.filter(deliberation=deliberation).order_by("child_key"):
        account = offer.application.household.account
        with django_capture_on_commit_callbacks(execute=True):
            if rng.random() < 0.35:
                services.offer_answer(offer=offer, accept=False, reason="too_far", by=account)
            else:
                services.offer_answer(offer=offer, accept=True, by=account)
    deliberation.refresh_from_db()
    document = json.loads(export.dumps(services.session_document(deliberation)))
    check = export.verify_session(document)
    assert check.ok, check.text()
    if unit is not None:
        assert document["overrides"], "the override is published"
    assert len(document["cascades"]) == len(deliberation.report.get("cascades", []))
    assert Offer.objects.filter(deliberation=deliberation, cascade_round__gt=0).exists() or not (
        Offer.objects.filter(status=OfferStatus.DECLINED).exists()
        and any(s["matching"] and any(s["matching"].values()) for s in document["cascades"])
    )

    # A child moved without an override is caught.
    placed = [k for k, v in document["matching"].items() if v]
    waiting = [k for k, v in document["matching"].items() if v is None]
    if placed and waiting:
        tampered = json.loads(json.dumps(document))
        tampered["matching"][waiting[0]] = tampered["matching"][placed[0]]
        tampered["matching"][placed[0]] = None
        assert not export.verify_session(tampered).ok


def test_the_command_checks_a_published_file_and_a_session(territory, time_machine, tmp_path):
    time_machine.move_to(NOW, tick=False)
    deliberation, president, _rng = generated_session(territory, 5, dossiers=15)
    services.deliberation_validate(deliberation=deliberation, by=president)
    path = tmp_path / "seance.json"
    path.write_text(export.dumps(services.session_document(deliberation)))
    call_command("verify_session", str(path))
    call_command("verify_session", session=deliberation.pk)
    document = json.loads(path.read_text())
    document["instance"]["children"][0]["points"] = None
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError, match="Document invalide"):
        call_command("verify_session", str(path))
    with pytest.raises(CommandError, match="l'un ou l'autre"):
        call_command("verify_session")
