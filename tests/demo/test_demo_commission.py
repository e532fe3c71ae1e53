"""The demo's commission: a published grid, a past session with its whole story, and the
upcoming one ready to run; loading twice changes nothing; the past session re-checks."""

import datetime as dt

import pytest
from django.utils import timezone

from sppe.allocation import services
from sppe.allocation.engine import export
from sppe.allocation.enums import AppealStatus, DeliberationStatus, OfferStatus
from sppe.allocation.models import Appeal, Deliberation, FollowUp, Offer
from sppe.demo.commission import PAST_TITLE, load_demo_commission
from sppe.demo.desk import FAMILY_EMAIL, load_demo_desk
from sppe.dossiers.enums import Status
from sppe.dossiers.models import Application


@pytest.mark.slow
@pytest.mark.parametrize("clock", ["2026-12-06 10:00", "2027-06-21 09:30"])
def test_the_demo_commission_tells_a_whole_story_on_any_day(
    demo_territory, agent, time_machine, django_capture_on_commit_callbacks, clock
):
    time_machine.move_to(timezone.make_aware(dt.datetime.fromisoformat(clock)))
    with django_capture_on_commit_callbacks(execute=True):
        load_demo_desk()
        report = load_demo_commission()
    assert report.grid == 1 and services.grid_in_force().criteria.count() == 11
    past = Deliberation.objects.get(session__title=PAST_TITLE)
    assert past.status == DeliberationStatus.VALIDATED
    assert past.session.date < timezone.localdate()
    offers = past.offers
    assert offers.filter(status__in=(OfferStatus.ACCEPTED, OfferStatus.ADMITTED)).exists()
    assert offers.filter(status=OfferStatus.DECLINED).exists()
    assert offers.filter(status=OfferStatus.ADMITTED).exists()
    assert FollowUp.objects.filter(deliberation=past).exists()
    appeal = Appeal.objects.get(deliberation=past)
    assert appeal.status == AppealStatus.REJECTED
    check = export.verify_session(services.session_document(past))
    assert check.ok, check.text()
    # The upcoming session: seats, members and its president, ready to freeze.
    upcoming = report.upcoming
    assert upcoming.status == DeliberationStatus.PREPARING
    assert upcoming.units.exists() and upcoming.president is not None
    assert upcoming.members.count() == 3
    family = Application.objects.get(household__account__email=FAMILY_EMAIL)
    assert family.status == Status.COMPLETE
    # A second load adds nothing.
    counts = (Offer.objects.count(), FollowUp.objects.count(), Deliberation.objects.count())
    load_demo_commission()
    assert (Offer.objects.count(), FollowUp.objects.count(), Deliberation.objects.count()) == counts
