"""The demo's single desk: about seventy generated dossiers, made through the services."""

import datetime as dt
import io
import re
from collections import Counter
from operator import attrgetter

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sppe.accounts.models import User
from sppe.demo.desk import AGENT_EMAIL, FAMILY_EMAIL, load_demo_desk
from sppe.demo.desk_generator import (
    DESK_DOSSIERS,
    EMAIL_DOMAIN,
    PHONE_PREFIX,
    STATE_SHARES,
    TWIN_DOSSIERS,
    plan_dossiers,
)
from sppe.demo.territory import DEMO_PASSWORD, VIE_ET_BOULOGNE_SIREN, load_demo_territory
from sppe.dossiers import selectors, services, states, stats
from sppe.dossiers.ages import AgeSection, third_birthday
from sppe.dossiers.enums import Channel, Status
from sppe.dossiers.forms import (
    ChoicesForm,
    CounterForm,
    RequestForm,
    SituationForm,
    choices_initial,
    request_initial,
    situation_initial,
)
from sppe.dossiers.models import AgentNote, Application, Document, Household, StatusChange
from sppe.notifications.enums import MessageChannel
from sppe.notifications.models import Message
from tests.factories import CommuneFactory, EpciFactory
from tests.offers.factories import EstablishmentFactory

from .test_offers import STAND_INS

# The three communal multi-accueils of the demo offer join the single desk.
DESK_COMMUNES = ("85003", "85178", "85019")
GENERATED = dict(STATE_SHARES)


@pytest.fixture(autouse=True)
def documents_root(settings, tmp_path):
    settings.DOCUMENTS_ROOT = tmp_path / "documents"


@pytest.fixture
def demo_territory(db):
    """The 15 communes (stand-ins), the territory, its accounts and its 3 desk crèches."""
    epci = EpciFactory(siren=VIE_ET_BOULOGNE_SIREN, name="CC de Vie et Boulogne")
    communes = {
        code: CommuneFactory(
            insee_code=code,
            name=name,
            population=population,
            epci=epci,
            latitude=46.7 + index * 0.01,
            longitude=-1.6 + index * 0.01,
        )
        for index, (code, name, population) in enumerate(STAND_INS)
    }
    territory = load_demo_territory()
    for code in DESK_COMMUNES:
        EstablishmentFactory(commune=communes[code], joins_single_desk=True)
    return territory


@pytest.fixture
def agent(demo_territory):
    return User.objects.get(email=AGENT_EMAIL)


def generated():
    return Application.objects.filter(household__phone__startswith=PHONE_PREFIX)


# --- the plan -----------------------------------------------------------------------


def test_the_plan_is_deterministic_and_varied():
    today = dt.date(2026, 11, 23)
    communes = [(code, population) for code, _name, population in STAND_INS]
    plans = plan_dossiers(today=today, communes=communes)
    assert plans == plan_dossiers(today=today, communes=communes)
    assert len(plans) == DESK_DOSSIERS
    assert Counter(p.target for p in plans) == GENERATED
    assert sum(p.twins for p in plans) == TWIN_DOSSIERS
    assert len({p.phone for p in plans}) == len({p.email or p.phone for p in plans}) == len(plans)
    assert all(p.email.endswith(f"@{EMAIL_DOMAIN}") for p in plans if p.email)
    assert len({p.commune_code for p in plans}) >= 10
    assert {p.choice_count for p in plans} == {1, 2, 3}
    assert {len(p.days) == 5 for p in plans} == {True, False}  # full and part weeks
    assert {p.channel for p in plans} == set(Channel)
    assert any(p.single_parent for p in plans) and any(p.resources_declined for p in plans)
    assert len({p.parent1_activity for p in plans}) >= 4
    wished = [p.wished_start_date for p in plans]
    assert today + dt.timedelta(days=14) <= min(wished) and max(wished) <= today.replace(year=2027)
    assert len({day.month for day in wished}) == 12
    for plan in plans:
        for child in plan.children:
            reference = child.birth_date or child.due_date
            assert plan.wished_start_date < third_birthday(reference)
            assert child.birth_date is None or child.birth_date <= today
            assert child.due_date is None or today < child.due_date <= today + dt.timedelta(300)
    assert {bool(p.children[0].birth_date) for p in plans} == {True, False}
    # Every history runs in order and ends before the day of the load.
    for plan in plans:
        moments = [m for m in vars(plan.history).values() if m is not None]
        assert moments == sorted(moments)
        assert timezone.localtime(moments[-1]).date() < today


@pytest.mark.parametrize(
    "today", [dt.date(2026, 1, 5) + dt.timedelta(days=9 * n) for n in range(41)]
)
def test_filed_dossiers_were_begun_one_to_eight_months_ago_whatever_the_day(today):
    """On any day of the year, a checked dossier was begun 30 to 245 days before the load
    and after its child's birth (or during the pregnancy, for an expected child)."""
    communes = [(code, population) for code, _name, population in STAND_INS]
    for plan in plan_dossiers(today=today, communes=communes):
        if plan.target not in (Status.COMPLETE, Status.INCOMPLETE):
            continue
        begun = timezone.localtime(plan.history.created).date()
        assert 30 <= (today - begun).days <= 245, (today, plan.number)
        birth = plan.children[0].birth_date
        assert birth is None or birth <= begun


def test_a_later_day_moves_the_dates_and_keeps_the_families():
    communes = [(code, population) for code, _name, population in STAND_INS]
    first = plan_dossiers(today=dt.date(2026, 11, 23), communes=communes)
    later = plan_dossiers(today=dt.date(2027, 2, 10), communes=communes)

    family = attrgetter(
        "phone",
        "email",
        "first_name",
        "last_name",
        "target",
        "commune_code",
        "annual_resources",
        "days",
        "choice_count",
        "missing_documents",
        "withdraw_reason",
    )
    assert [family(p) for p in first] == [family(p) for p in later]
    assert min(p.wished_start_date for p in later) >= dt.date(2027, 2, 24)


# --- loading ------------------------------------------------------------------------


def test_the_desk_holds_the_planned_spread_of_states(demo_territory, agent):
    report = load_demo_desk()
    assert report.created == DESK_DOSSIERS
    assert Counter(generated().values_list("status", flat=True)) == GENERATED
    # The demo family's own dossier is there too, filed online.
    family = Application.objects.get(household__account__email=FAMILY_EMAIL)
    assert family.status == Status.SUBMITTED
    assert report.total == DESK_DOSSIERS + 1
    assert report.by_status[Status.SUBMITTED] == GENERATED[Status.SUBMITTED] + 1

    for application in generated().prefetch_related("status_changes"):
        log = list(application.status_changes.all())
        assert (log[0].from_status, log[0].to_status) == ("", Status.DRAFT)
        assert log[-1].to_status == application.status
        for before, after in zip(log, log[1:], strict=False):
            assert after.from_status == before.to_status
            assert states.transition(after.from_status, after.to_status) is not None
        missing = selectors.missing_documents(application)
        if application.status == Status.COMPLETE:
            assert not missing
        if application.status in (Status.INCOMPLETE, Status.DRAFT):
            assert missing
        if application.status == Status.WITHDRAWN:
            assert log[-1].reason in states.WITHDRAW_REASONS
        if application.channel != Channel.ONLINE:
            assert application.consent_recorded_by == agent
    # Some complete dossiers were found incomplete first, then completed.
    completed_late = StatusChange.objects.filter(
        application__in=generated(), from_status=Status.INCOMPLETE, to_status=Status.SUBMITTED
    )
    assert completed_late.exists()
    assert Household.objects.filter(phone__startswith=PHONE_PREFIX, account=None).exists()


def test_a_second_load_adds_nothing_and_a_missing_dossier_comes_back(demo_territory):
    load_demo_desk()
    family = Application.objects.get(household__account__email=FAMILY_EMAIL)
    before = sorted(generated().values_list("reference", "status"))
    report = load_demo_desk()
    assert report.created == 0
    assert sorted(generated().values_list("reference", "status")) == before
    assert Application.objects.get(household__account__email=FAMILY_EMAIL) == family

    lost = generated().filter(household__account=None).first().household
    phone = lost.phone
    lost.delete()
    assert load_demo_desk().created == 1
    assert Household.objects.filter(phone=phone).count() == 1
    assert generated().count() == DESK_DOSSIERS


def test_load_demo_prints_the_desk_and_is_idempotent(demo_territory):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=out)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("Guichet unique")]
    total = DESK_DOSSIERS + 1
    assert lines[0].startswith(f"Guichet unique : {total} dossiers (")
    assert f"{GENERATED[Status.INCOMPLETE]} incomplets" in lines[0]
    assert lines[1] == lines[0]
    assert Application.objects.count() == total


def local_day(moment):
    return timezone.localtime(moment).date()


@pytest.fixture
def pinned_clock(time_machine, clock):
    """The clock pinned before the demo territory (and its family's dossier) is made."""
    time_machine.move_to(timezone.make_aware(dt.datetime.fromisoformat(clock)))


@pytest.mark.parametrize("clock", ["2026-12-06 10:00", "2027-08-30 16:30"])
def test_the_history_is_spread_over_the_past_months(
    pinned_clock, demo_territory, django_capture_on_commit_callbacks, clock
):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo_desk()
    now, today = timezone.now(), timezone.localdate()
    # Nothing is dated ahead of the clock.
    dated = {
        "created_at": Application.objects.values_list("created_at", flat=True),
        "updated_at": Application.objects.values_list("updated_at", flat=True),
        "submitted_at": Application.objects.exclude(submitted_at=None).values_list(
            "submitted_at", flat=True
        ),
        "consent": Application.objects.exclude(consent_recorded_at=None).values_list(
            "consent_recorded_at", flat=True
        ),
        "log": StatusChange.objects.values_list("at", flat=True),
        "documents": Document.objects.values_list("uploaded_at", flat=True),
        "notes": AgentNote.objects.values_list("at", flat=True),
        "messages": Message.objects.values_list("created_at", flat=True),
        "accounts": User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").values_list(
            "date_joined", flat=True
        ),
    }
    for name, moments in dated.items():
        assert moments and max(moments) <= now, name
    # A message to a family is dated with the move it announces.
    assert set(dated["messages"]) <= set(dated["log"])

    # Dossier numbers grow with the date the request was begun, as on a real desk.
    by_date = generated().order_by("created_at").values_list("pk", flat=True)
    assert list(by_date) == sorted(by_date)

    checked = generated().filter(status__in=[Status.COMPLETE, Status.INCOMPLETE])
    begun = [(today - local_day(a.created_at)).days for a in checked]
    assert min(begun) >= 30 and max(begun) <= 245  # one to eight months ago
    assert max(begun) - min(begun) >= 90
    for application in (
        generated()
        .exclude(status=Status.DRAFT)
        .prefetch_related("status_changes", "household__documents")
    ):
        log = list(application.status_changes.all())
        assert len({change.at for change in log}) == len(log)  # one moment per step
        assert application.created_at == log[0].at
        assert application.submitted_at == log[1].at
        filed_in = (application.submitted_at - application.created_at).days
        assert 0 <= filed_in <= 9
        first_check = next(
            (c for c in log if c.to_status in (Status.COMPLETE, Status.INCOMPLETE)), None
        )
        if first_check is not None:
            assert 2 <= (local_day(first_check.at) - local_day(log[1].at)).days <= 20
        for document in application.household.documents.all():
            assert application.created_at <= document.uploaded_at <= log[-1].at

    # The statistics' delays are no longer « 0 j »: the check takes days, as on a real desk.
    assert stats.STEPS[0] == (Status.SUBMITTED, Status.COMPLETE)
    verification = stats.observatory(demo_territory)["delays"][0]
    assert verification.dossiers >= GENERATED[Status.COMPLETE]
    assert 2 <= verification.median_days <= 20
    assert verification.median_days < verification.p90_days <= 60


# --- every dossier is one the desk's own forms and services accept --------------------


def _as_post(prefix: str, initial: dict) -> dict:
    data = {}
    for name, value in initial.items():
        if value is None or value is False or value == "":
            continue
        if value is True:
            value = "on"
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, dt.time):
            value = value.strftime("%H:%M")
        elif isinstance(value, list | tuple):
            value = [str(v) for v in value]
        else:
            value = str(value)
        data[f"{prefix}-{name}"] = value
    return data


def test_every_generated_dossier_passes_the_forms_and_the_services_checks(demo_territory, agent):
    load_demo_desk()
    territory = demo_territory
    for application in generated().select_related("household__account"):
        household = application.household
        situation_form = SituationForm(
            _as_post("situation", situation_initial(household)),
            territory=territory,
            prefix="situation",
        )
        request_form = RequestForm(
            _as_post("demande", request_initial(application)), prefix="demande"
        )
        choices_form = ChoicesForm(
            _as_post("choix", choices_initial(application)), territory=territory, prefix="choix"
        )
        for form in (situation_form, request_form, choices_form):
            assert form.is_valid(), (application.reference, form.errors)
        if application.channel != Channel.ONLINE:
            email = household.account.email if household.account else ""
            posted = {"channel": application.channel, "email": email, "consent": True}
            counter = CounterForm(_as_post("guichet", posted), prefix="guichet")
            assert counter.is_valid(), counter.errors
            assert email or household.phone
        if application.status not in states.EDITABLE_STATES:
            continue
        # The agent's correction service runs every check of the creation again.
        updated = services.application_update_by_agent(
            application=application,
            situation=situation_form.situation(),
            request=request_form.care_request(),
            children=request_form.children(),
            establishments=choices_form.establishments(),
            by=agent,
            expected_version=application.version,
        )
        assert updated.wished_start_date == application.wished_start_date
        assert updated.age_section == application.age_section


def test_messages_go_only_to_example_addresses(demo_territory, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo_desk()
    messages = Message.objects.all()
    assert messages.exists()
    assert not messages.exclude(channel=MessageChannel.EMAIL).exists()  # no SMS at all
    domains = {
        recipient.rsplit("@", 1)[1] for recipient in messages.values_list("recipient", flat=True)
    }
    assert domains <= {EMAIL_DOMAIN, "example.org", "example.test"}
    sent = {address for email in mail.outbox for address in email.to}
    assert sent and all(re.search(r"@([\w.-]+\.)?example\.(org|test)$", a) for a in sent)
    # Families without an account hear from the desk by phone, never by message.
    without_account = generated().filter(household__account=None).values_list("pk", flat=True)
    assert not messages.filter(related_id__in=list(without_account)).exists()


# --- the agents' pages --------------------------------------------------------------


def test_the_agent_desk_lists_and_filters_them(demo_territory, client):
    load_demo_desk()
    assert client.login(username=AGENT_EMAIL, password=DEMO_PASSWORD)
    html = client.get(reverse("dossiers:agent_queue")).content.decode()
    assert f"{DESK_DOSSIERS + 1} dossiers dans votre périmètre" in html
    assert len(re.findall(r"GU-\d{4}-\d{6}", html)) >= 25  # a full first page
    incomplete = client.get(reverse("dossiers:agent_queue"), {"etat": Status.INCOMPLETE})
    assert (
        len(set(re.findall(r"GU-\d{4}-\d{6}", incomplete.content.decode())))
        == (GENERATED[Status.INCOMPLETE])
    )
    for section in AgeSection:  # every age section has dossiers to filter
        page = client.get(reverse("dossiers:agent_queue"), {"section": section}).content.decode()
        assert re.search(r"GU-\d{4}-\d{6}", page), section
    twins = next(a for a in generated() if a.children.count() == 2)
    detail = client.get(reverse("dossiers:agent_detail", args=[twins.pk]))
    assert detail.status_code == 200
    response = client.get(reverse("campaigns:stats"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Complet : en attente de la commission" in page
    verification = re.search(
        r"De « Déposé[^<]*</th><td class=\"numeric\">\d+</td><td class=\"numeric\">(\d+) j<", page
    )
    assert verification and int(verification.group(1)) >= 2


def test_the_commission_can_prepare_the_complete_dossiers(demo_territory):
    load_demo_desk()
    session = selectors.next_commission(on=timezone.localdate())
    assert session is not None
    frozen = services.application_freeze_for_commission(session=session)
    assert frozen == GENERATED[Status.COMPLETE]
