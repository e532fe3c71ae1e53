import dataclasses
import datetime as dt
import html as html_lib
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from sppe.accounts.enums import Role
from sppe.dossiers import campaigns, states
from sppe.dossiers.campaign_models import (
    BirthFollowUp,
    CampaignStatus,
    ConfirmationAnswer,
    ConfirmationCampaign,
    ConfirmationRequest,
)
from sppe.dossiers.enums import Status
from sppe.dossiers.models import CommissionSession, StatusChange
from sppe.notifications.models import Message

from ..factories import CommuneFactory
from ..notifications.clock import Clock
from .model_factories import ApplicationFactory

PARIS = ZoneInfo("Europe/Paris")
START = dt.datetime(2027, 1, 4, 9, 0, tzinfo=PARIS)
DEADLINE = dt.date(2027, 2, 3)


def at(day: dt.date, hour=6):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=PARIS)


def text(response) -> str:
    return html_lib.unescape(response.content.decode())


def events(application):
    return list(
        Message.objects.filter(related_id=application.pk)
        .order_by("created_at", "pk")
        .values_list("event", flat=True)
    )


@pytest.fixture
def clock():
    with Clock(START) as clock:
        yield clock


@pytest.fixture
def waiting(communes):
    def make(status=Status.COMPLETE, **kwargs):
        kwargs.setdefault("household__commune", communes[0])
        return ApplicationFactory(status=status, **kwargs)

    return make


@pytest.fixture
def only_agents_reopen(monkeypatch):
    """A state machine where only agents reopen a lapsed dossier (a territory's choice)."""
    for target in (Status.SUBMITTED, Status.COMPLETE, Status.NOT_PLACED):
        found = states._BY_PAIR.get((Status.LAPSED, target))
        if found is not None:
            monkeypatch.setitem(
                states._BY_PAIR,
                (Status.LAPSED, target),
                dataclasses.replace(found, actors=frozenset({states.Actor.AGENT})),
            )


@pytest.fixture
def age_limit_reason(monkeypatch):
    """The state machine accepts the age-limit reason for a lapse (asked of states.py)."""
    for source in states.WAITING_STATES:
        key = (source, Status.LAPSED)
        found = states._BY_PAIR[key]
        monkeypatch.setitem(
            states._BY_PAIR,
            key,
            dataclasses.replace(
                found, reasons=(*found.reasons, states.Reason.AGE_LIMIT), reason_required=True
            ),
        )


def launch(agent, **kwargs):
    kwargs.setdefault("deadline", DEADLINE)
    kwargs.setdefault("reminder_days", [14, 7])
    kwargs.setdefault("warning_days", 3)
    return campaigns.campaign_launch(by=agent, **kwargs)


def request_of(application):
    return ConfirmationRequest.objects.get(application=application)


# --- the campaign, clock moved forward -----------------------------------------------


def test_a_campaign_reminds_warns_lapses_the_silent_and_keeps_the_answered(
    clock, waiting, agent, communes, django_capture_on_commit_callbacks
):
    answered = waiting(Status.COMPLETE)
    silent = waiting(Status.NOT_PLACED)
    incomplete = waiting(Status.INCOMPLETE)
    declined = waiting(Status.SUBMITTED)
    presented = waiting(Status.PRESENTED)
    draft = waiting(Status.DRAFT)
    elsewhere = ApplicationFactory(status=Status.COMPLETE, household__commune=CommuneFactory())

    campaign = launch(agent)
    assert campaign.status == CampaignStatus.OPEN
    included = set(campaign.requests.values_list("application_id", flat=True))
    assert included == {answered.pk, silent.pk, incomplete.pk, declined.pk}
    for application in (presented, draft, elsewhere):
        assert events(application) == []
    assert events(silent) == ["confirmation_request"]
    body = Message.objects.get(related_id=silent.pk).body
    assert reverse("campaigns:confirm", args=[request_of(silent).token]) in body

    clock.now = at(dt.date(2027, 1, 6))
    assert campaigns.confirmation_answer(token=request_of(answered).token, still_needed=True)[
        1
    ] == (campaigns.Outcome.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        _, outcome = campaigns.confirmation_answer(
            token=request_of(declined).token, still_needed=False
        )
    assert outcome == campaigns.Outcome.WITHDRAWN
    declined.refresh_from_db()
    assert declined.status == Status.WITHDRAWN
    assert events(declined) == ["confirmation_request", "withdrawn"]

    # Nothing is due before the first reminder (14 days before the deadline).
    clock.now = at(dt.date(2027, 1, 19))
    assert campaigns.campaign_run(now=clock.now)["reminders"] == 0

    clock.now = at(dt.date(2027, 1, 20))
    assert campaigns.campaign_run(now=clock.now)["reminders"] == 2
    assert campaigns.campaign_run(now=clock.now)["reminders"] == 0  # idempotent
    clock.now = at(dt.date(2027, 1, 27))
    assert campaigns.campaign_run(now=clock.now)["reminders"] == 2
    clock.now = at(dt.date(2027, 1, 31))
    counts = campaigns.campaign_run(now=clock.now)
    assert (counts["reminders"], counts["warnings"]) == (0, 2)
    clock.now = at(dt.date(2027, 2, 3), hour=23)  # the deadline: still time to answer
    assert campaigns.campaign_run(now=clock.now)["lapsed"] == 0

    assert events(answered) == ["confirmation_request"]
    assert events(silent) == [
        "confirmation_request",
        "confirmation_reminder",
        "confirmation_reminder",
        "lapse_warning",
    ]
    assert request_of(silent).reminder_count == 2

    clock.now = at(dt.date(2027, 2, 4))
    with django_capture_on_commit_callbacks(execute=True):
        counts = campaigns.campaign_run(now=clock.now)
    assert counts["lapsed"] == 2
    for application, before in ((silent, Status.NOT_PLACED), (incomplete, Status.INCOMPLETE)):
        application.refresh_from_db()
        assert application.status == Status.LAPSED
        request = request_of(application)
        assert request.lapsed_at == clock.now
        assert request.status_before_lapse == before
        log = application.status_changes.last()
        assert (log.by, log.reason) == (None, states.Reason.NO_CONFIRMATION)
        assert events(application)[-1] == "confirmation_lapsed"
    lapsed_message = (
        Message.objects.filter(related_id=silent.pk).order_by("created_at", "pk").last()
    )
    assert request_of(silent).token in lapsed_message.body
    assert "6 mars 2027" in lapsed_message.body  # 30 days of grace

    answered.refresh_from_db()
    assert answered.status == Status.COMPLETE
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED
    assert campaigns.campaign_run(now=clock.now)["lapsed"] == 0


def test_a_late_answer_within_the_grace_period_puts_the_dossier_back(
    clock, waiting, agent, django_capture_on_commit_callbacks
):
    silent = waiting(Status.COMPLETE)
    launch(agent)
    clock.now = at(DEADLINE + dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.campaign_run(now=clock.now)
    silent.refresh_from_db()
    assert silent.status == Status.LAPSED

    clock.now = at(DEADLINE + dt.timedelta(days=10))
    with django_capture_on_commit_callbacks(execute=True):
        _, outcome = campaigns.confirmation_answer(
            token=request_of(silent).token, still_needed=True
        )
    assert outcome == campaigns.Outcome.REINSTATED
    silent.refresh_from_db()
    assert silent.status == Status.COMPLETE  # back where it was
    log = silent.status_changes.last()
    assert (log.from_status, log.by, log.reason) == (
        Status.LAPSED,
        None,
        states.Reason.LATE_CONFIRMATION,
    )
    assert events(silent)[-1] == "confirmation_reinstated"
    assert request_of(silent).late_answer_at == clock.now
    # A second click changes nothing.
    assert (
        campaigns.confirmation_answer(token=request_of(silent).token, still_needed=True)[1]
        == campaigns.Outcome.ALREADY
    )


def test_a_late_answer_goes_to_the_agents_when_only_they_may_reopen(
    clock, waiting, agent, client, only_agents_reopen, django_capture_on_commit_callbacks
):
    silent = waiting(Status.COMPLETE)
    campaign = launch(agent)
    clock.now = at(DEADLINE + dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.campaign_run(now=clock.now)
    clock.now = at(DEADLINE + dt.timedelta(days=2))
    _, outcome = campaigns.confirmation_answer(token=request_of(silent).token, still_needed=True)
    assert outcome == campaigns.Outcome.REINSTATEMENT_PENDING
    silent.refresh_from_db()
    assert silent.status == Status.LAPSED

    client.force_login(agent)
    page = client.get(reverse("campaigns:detail", args=[campaign.pk]))
    assert "Réponses tardives : dossiers à rouvrir" in text(page)
    url = reverse("campaigns:reinstate", args=[campaign.pk, request_of(silent).pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    silent.refresh_from_db()
    assert silent.status == Status.COMPLETE
    assert silent.status_changes.last().by == agent
    assert events(silent)[-1] == "confirmation_reinstated"
    # Twice: nothing more to reopen.
    response = client.post(url, follow=True)
    assert "Ce dossier n'attend pas de réouverture." in text(response)


def test_a_late_answer_after_the_grace_period_is_refused(clock, waiting, agent):
    silent = waiting(Status.COMPLETE)
    launch(agent, grace_days=10)
    clock.now = at(DEADLINE + dt.timedelta(days=1))
    campaigns.campaign_run(now=clock.now)
    clock.now = at(DEADLINE + dt.timedelta(days=12))
    with pytest.raises(campaigns.CampaignError, match="s'est terminé le 14 février 2027"):
        campaigns.confirmation_answer(token=request_of(silent).token, still_needed=True)
    request = request_of(silent)
    assert request.late_answer_at is None
    assert request.answer == ""


def test_no_longer_needed_after_the_lapse_is_only_recorded(clock, waiting, agent):
    silent = waiting(Status.COMPLETE)
    launch(agent)
    clock.now = at(DEADLINE + dt.timedelta(days=1))
    campaigns.campaign_run(now=clock.now)
    _, outcome = campaigns.confirmation_answer(token=request_of(silent).token, still_needed=False)
    assert outcome == campaigns.Outcome.NOTED
    silent.refresh_from_db()
    assert silent.status == Status.LAPSED


def test_a_family_without_account_saying_no_is_left_to_the_agents(clock, waiting, agent, client):
    phone_only = waiting(Status.COMPLETE, household__without_account=True)
    campaign = launch(agent)
    assert events(phone_only) == []  # neither e-mail nor SMS: the agents call
    _, outcome = campaigns.confirmation_answer(
        token=request_of(phone_only).token, still_needed=False
    )
    assert outcome == campaigns.Outcome.NOTED
    client.force_login(agent)
    html = text(client.get(reverse("campaigns:detail", args=[campaign.pk])))
    assert "dossiers à retirer" in html
    assert phone_only.reference in html


def test_an_answer_on_a_dossier_no_longer_waiting_is_refused(clock, waiting, agent):
    application = waiting(Status.COMPLETE)
    launch(agent)
    application.status = Status.PRESENTED
    application.save()
    with pytest.raises(campaigns.CampaignError, match="plus sur la liste d'attente"):
        campaigns.confirmation_answer(token=request_of(application).token, still_needed=True)


@pytest.mark.parametrize("token", ["", "inconnu", "x" * 100])
def test_an_unknown_link_is_refused(db, token):
    with pytest.raises(campaigns.CampaignError, match="Ce lien n'est pas valable"):
        campaigns.confirmation_answer(token=token, still_needed=True)


def test_a_dossier_moved_on_during_the_campaign_does_not_lapse(
    clock, waiting, agent, django_capture_on_commit_callbacks
):
    application = waiting(Status.COMPLETE)
    launch(agent)
    application.status = Status.PRESENTED
    application.save()
    clock.now = at(DEADLINE + dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert campaigns.campaign_run(now=clock.now)["lapsed"] == 0
    application.refresh_from_db()
    assert application.status == Status.PRESENTED


# --- scheduling ---------------------------------------------------------------------


def test_a_scheduled_campaign_opens_on_its_day_and_repeats(clock, waiting, agent):
    application = waiting(Status.COMPLETE)
    campaign = launch(
        agent,
        starts_on=dt.date(2027, 1, 11),
        deadline=dt.date(2027, 2, 10),
        repeat_every_months=3,
    )
    assert campaign.status == CampaignStatus.SCHEDULED
    assert events(application) == []
    clock.now = at(dt.date(2027, 1, 10))
    assert campaigns.campaign_run(now=clock.now)["opened"] == 0
    clock.now = at(dt.date(2027, 1, 11))
    assert campaigns.campaign_run(now=clock.now) == {
        "opened": 1,
        "requests": 1,
        "reminders": 0,
        "warnings": 0,
        "lapsed": 0,
    }
    assert campaigns.campaign_run(now=clock.now)["opened"] == 0
    campaigns.confirmation_answer(token=request_of(application).token, still_needed=True)
    clock.now = at(dt.date(2027, 2, 11))
    campaigns.campaign_run(now=clock.now)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED
    following = ConfirmationCampaign.objects.exclude(pk=campaign.pk).get()
    assert following.status == CampaignStatus.SCHEDULED
    assert (following.starts_on, following.deadline) == (dt.date(2027, 4, 11), dt.date(2027, 5, 11))
    assert following.reminder_days_before_deadline == [14, 7]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"deadline": dt.date(2027, 1, 10)}, "au moins 14 jours"),
        ({"deadline": dt.date(2027, 6, 1)}, "moins de 90 jours"),
        ({"starts_on": dt.date(2027, 1, 3)}, "dans le passé"),
        ({"reminder_days": [40]}, "entre le lancement et la date limite"),
        ({"warning_days": 0}, "entre le lancement et la date limite"),
        ({"repeat_every_months": 30}, r"de 0 \(aucune\) à 24 mois"),
        ({"grace_days": 400}, "de 0 à 365 jours"),
    ],
)
def test_a_campaign_with_wrong_dates_is_refused(clock, agent, kwargs, message):
    with pytest.raises(campaigns.CampaignError, match=message):
        launch(agent, **kwargs)
    assert not ConfirmationCampaign.objects.exists()


def test_one_campaign_at_a_time_and_a_scheduled_one_can_be_cancelled(clock, agent):
    scheduled = launch(agent, starts_on=dt.date(2027, 1, 20), deadline=dt.date(2027, 2, 20))
    with pytest.raises(campaigns.CampaignError, match="déjà programmée ou en cours"):
        launch(agent)
    campaigns.campaign_cancel(campaign=scheduled, by=agent)
    scheduled.refresh_from_db()
    assert scheduled.status == CampaignStatus.CANCELLED
    opened = launch(agent)
    with pytest.raises(campaigns.CampaignError, match="Seule une campagne programmée"):
        campaigns.campaign_cancel(campaign=opened, by=agent)


def test_add_months_keeps_the_end_of_month():
    assert campaigns.add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert campaigns.add_months(dt.date(2027, 11, 15), 3) == dt.date(2028, 2, 15)
    assert campaigns.add_months(dt.date(2027, 3, 31), -1) == dt.date(2027, 2, 28)


# --- births to declare --------------------------------------------------------------


def test_a_child_expected_a_month_ago_and_not_declared_is_flagged_once(
    clock, waiting, agent, client, communes
):
    expected = waiting(Status.COMPLETE, children=[(None, dt.date(2026, 12, 3))])
    recent = waiting(Status.COMPLETE, children=[(None, dt.date(2026, 12, 10))])
    born = waiting(Status.COMPLETE)
    closed = waiting(Status.WITHDRAWN, children=[(None, dt.date(2026, 11, 1))])
    elsewhere = waiting(
        Status.COMPLETE, children=[(None, dt.date(2026, 11, 1))], household__commune=communes[1]
    )

    clock.now = at(dt.date(2027, 1, 3))  # exactly one month after 3 December: not yet
    assert campaigns.flag_expected_not_born(now=clock.now) == 1  # elsewhere
    clock.now = at(dt.date(2027, 1, 4))
    assert campaigns.flag_expected_not_born(now=clock.now) == 1  # expected
    assert campaigns.flag_expected_not_born(now=clock.now) == 0
    assert events(expected) == ["birth_declaration_requested"]
    assert "3 décembre 2026" in Message.objects.get(related_id=expected.pk).body
    for application in (recent, born, closed):
        assert events(application) == []
    follow_up = BirthFollowUp.objects.get(application=expected)
    assert follow_up.family_asked_at == clock.now

    client.force_login(agent)
    html = text(client.get(reverse("campaigns:births")))
    assert expected.reference in html
    assert elsewhere.reference not in html  # outside the agent's perimeter

    child = expected.children.get()
    child.birth_date = dt.date(2026, 12, 20)
    child.save()
    clock.now = at(dt.date(2027, 1, 5))
    campaigns.flag_expected_not_born(now=clock.now)
    follow_up.refresh_from_db()
    assert follow_up.resolved_at == clock.now
    assert expected.reference not in text(client.get(reverse("campaigns:births")))


def test_a_family_that_cannot_be_reached_is_flagged_for_a_call(clock, waiting, agent, client):
    unreachable = waiting(
        Status.COMPLETE,
        children=[(None, dt.date(2026, 11, 1))],
        household__without_account=True,
    )
    assert campaigns.flag_expected_not_born(now=clock.now) == 1
    assert BirthFollowUp.objects.get(application=unreachable).family_asked_at is None
    client.force_login(agent)
    assert "à appeler" in text(client.get(reverse("campaigns:births")))


# --- age limit ----------------------------------------------------------------------


def commission_on(day):
    return CommissionSession.objects.create(
        date=day, data_freeze_date=day - dt.timedelta(days=10), answer_date=day
    )


def test_children_three_at_the_next_commission_leave_the_list_with_a_message(
    clock, waiting, age_limit_reason, django_capture_on_commit_callbacks
):
    commission_on(dt.date(2027, 3, 15))
    too_old = waiting(Status.NOT_PLACED, children=[(dt.date(2024, 3, 10), None)])
    on_the_day = waiting(Status.COMPLETE, children=[(dt.date(2024, 3, 15), None)])
    just_young_enough = waiting(Status.COMPLETE, children=[(dt.date(2024, 3, 16), None)])
    siblings = waiting(
        Status.COMPLETE, children=[(dt.date(2024, 1, 1), None), (dt.date(2025, 6, 1), None)]
    )
    offered = waiting(Status.OFFERED, children=[(dt.date(2023, 1, 1), None)])

    with django_capture_on_commit_callbacks(execute=True):
        assert campaigns.age_limit_exit(now=clock.now) == 2
    for application in (too_old, on_the_day):
        application.refresh_from_db()
        assert application.status == Status.LAPSED
        log = application.status_changes.last()
        assert (log.by, log.reason) == (None, states.Reason.AGE_LIMIT)
        assert events(application) == ["age_limit_exit"]
        body = Message.objects.get(related_id=application.pk).body
        assert "15 mars 2027" in body
        assert "assistant maternel" in body
    for application in (just_young_enough, siblings, offered):
        status = application.status
        application.refresh_from_db()
        assert application.status == status
    assert campaigns.age_limit_exit(now=clock.now) == 0


def test_without_a_commission_the_age_is_judged_today(clock, waiting, age_limit_reason):
    tomorrow_three = waiting(Status.COMPLETE, children=[(dt.date(2024, 1, 5), None)])
    today_three = waiting(Status.COMPLETE, children=[(dt.date(2024, 1, 4), None)])
    assert campaigns.age_limit_exit(now=clock.now) == 1
    today_three.refresh_from_db()
    tomorrow_three.refresh_from_db()
    assert (today_three.status, tomorrow_three.status) == (Status.LAPSED, Status.COMPLETE)


def test_the_daily_command_runs_everything(clock, waiting, agent):
    waiting(Status.COMPLETE, children=[(None, dt.date(2026, 11, 1))])
    launch(agent, starts_on=dt.date(2027, 1, 5), deadline=dt.date(2027, 2, 5))
    clock.now = at(dt.date(2027, 1, 5))
    out = io.StringIO()
    call_command("run_desk_campaigns", stdout=out)
    assert "Campagnes ouvertes : 1 (1 famille(s) sollicitée(s))" in out.getvalue()
    assert "naissances à déclarer signalées : 1" in out.getvalue()


# --- pages ----------------------------------------------------------------------------


AGENT_PAGES = ["campaigns:list", "campaigns:births"]


@pytest.mark.parametrize("page", AGENT_PAGES)
@pytest.mark.parametrize("role", list(Role))
def test_only_desk_agents_open_the_campaign_pages(client, make_user, page, role):
    client.force_login(make_user(role))
    allowed = role in (Role.AGENT, Role.TERRITORY_ADMIN)
    assert client.get(reverse(page)).status_code == (200 if allowed else 403)


@pytest.mark.parametrize("page", AGENT_PAGES)
def test_anonymous_visitors_are_sent_to_login(client, territory, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_agent_schedules_a_campaign_from_the_page(clock, client, agent, waiting):
    waiting(Status.COMPLETE)
    client.force_login(agent)
    page = client.get(reverse("campaigns:list"))
    assert "1 dossier est aujourd'hui en attente" in text(page)
    response = client.post(
        reverse("campaigns:list"),
        {
            "starts_on": "2027-01-04",
            "deadline": "2027-02-03",
            "reminder_days": "14; 7",
            "warning_days": "3",
            "grace_days": "30",
            "repeat_every_months": "3",
        },
        follow=True,
    )
    campaign = ConfirmationCampaign.objects.get()
    assert response.redirect_chain[-1][0] == reverse("campaigns:detail", args=[campaign.pk])
    assert "La campagne est lancée : 1 famille(s) sollicitée(s)." in text(response)
    assert campaign.reminder_days_before_deadline == [14, 7]
    assert campaign.created_by == agent


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"reminder_days": "dans deux semaines"}, "Indiquez des nombres de jours"),
        ({"reminder_days": "1,2,3,4,5,6"}, "Cinq rappels au plus"),
        ({"deadline": "2027-01-08"}, "Laissez au moins 14 jours"),
        ({"deadline": "pas une date"}, "Saisissez une date valide"),
    ],
)
def test_a_wrong_campaign_form_says_what_to_fix(clock, client, agent, data, error):
    client.force_login(agent)
    values = {
        "starts_on": "2027-01-04",
        "deadline": "2027-02-03",
        "reminder_days": "14",
        "warning_days": "3",
        "grace_days": "30",
        "repeat_every_months": "0",
    }
    values.update(data)
    response = client.post(reverse("campaigns:list"), values)
    assert response.status_code == 200
    assert error in text(response)
    assert not ConfirmationCampaign.objects.exists()


def test_an_agent_schedules_then_cancels(clock, client, agent):
    campaign = launch(agent, starts_on=dt.date(2027, 1, 20), deadline=dt.date(2027, 2, 20))
    client.force_login(agent)
    html = text(client.get(reverse("campaigns:detail", args=[campaign.pk])))
    assert "Annuler cette campagne programmée" in html
    response = client.post(reverse("campaigns:cancel", args=[campaign.pk]), follow=True)
    assert "La campagne est annulée." in text(response)
    response = client.post(reverse("campaigns:cancel", args=[campaign.pk]), follow=True)
    assert "Seule une campagne programmée" in text(response)


def test_an_agent_records_an_answer_given_by_phone(
    clock, client, agent, waiting, communes, make_user, django_capture_on_commit_callbacks
):
    phone_only = waiting(Status.COMPLETE, household__without_account=True)
    elsewhere = waiting(Status.COMPLETE, household__commune=communes[1])
    # A campaign of the whole territory: the agent sees only her commune's families.
    campaign = launch(make_user(Role.TERRITORY_ADMIN))
    client.force_login(agent)
    html = text(client.get(reverse("campaigns:detail", args=[campaign.pk])))
    assert phone_only.reference in html
    assert "téléphone seulement : à appeler" in html
    assert elsewhere.reference not in html

    url = reverse("campaigns:record_answer", args=[campaign.pk, request_of(phone_only).pk])
    assert client.post(url, {"answer": "peut-être"}, follow=True).status_code == 200
    assert request_of(phone_only).answer == ""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"answer": "no"}, follow=True)
    assert f"Réponse enregistrée pour le dossier {phone_only.reference}." in (text(response))
    phone_only.refresh_from_db()
    assert phone_only.status == Status.WITHDRAWN
    assert phone_only.status_changes.last().by == agent

    # Outside the agent's perimeter: as if it did not exist.
    other = reverse("campaigns:record_answer", args=[campaign.pk, request_of(elsewhere).pk])
    assert client.post(other, {"answer": "yes"}).status_code == 404


def test_the_family_page_changes_nothing_until_a_button_is_pressed(clock, client, waiting, agent):
    application = waiting(Status.COMPLETE)
    launch(agent)
    token = request_of(application).token
    url = reverse("campaigns:confirm", args=[token])
    page = client.get(url)
    assert page.status_code == 200
    html = text(page)
    assert application.reference in html
    assert "Oui, j'ai toujours besoin d'une place" in html
    assert application.household.account.email not in html
    assert request_of(application).answered_at is None

    assert client.post(url, {"answer": "maybe"}).status_code == 400
    response = client.post(url, {"answer": "yes"}, follow=True)
    assert "Merci : votre demande reste sur la liste d'attente." in text(response)
    request = request_of(application)
    assert request.answer == ConfirmationAnswer.STILL_NEEDED
    assert "Vous avez indiqué avoir toujours besoin d'une place." in (text(response))


def test_the_family_page_explains_a_refusal(clock, client, waiting, agent):
    application = waiting(Status.COMPLETE)
    launch(agent)
    application.status = Status.OFFERED
    application.save()
    url = reverse("campaigns:confirm", args=[request_of(application).token])
    response = client.post(url, {"answer": "yes"})
    assert response.status_code == 400
    assert "n'est plus sur la liste d'attente" in text(response)


def test_an_unknown_link_shows_a_clear_page(client, territory):
    response = client.get(reverse("campaigns:confirm", args=["pas-un-jeton"]))
    assert response.status_code == 404
    assert "Ce lien n'est pas valable" in text(response)


def test_the_late_family_page_gives_the_last_day(clock, client, waiting, agent):
    application = waiting(Status.COMPLETE)
    launch(agent)
    clock.now = at(DEADLINE + dt.timedelta(days=1))
    campaigns.campaign_run(now=clock.now)
    html = text(client.get(reverse("campaigns:confirm", args=[request_of(application).token])))
    assert "jusqu'au 6 mars 2027" in html


def test_status_changes_keep_the_campaign_history(clock, waiting, agent):
    application = waiting(Status.COMPLETE)
    launch(agent)
    clock.now = at(DEADLINE + dt.timedelta(days=1))
    campaigns.campaign_run(now=clock.now)
    assert StatusChange.objects.filter(
        application=application, to_status=Status.LAPSED, reason="no_confirmation"
    ).exists()
