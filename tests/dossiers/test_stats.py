import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from sppe.accounts.enums import Role
from sppe.dossiers import stats
from sppe.dossiers.ages import AgeSection
from sppe.dossiers.enums import Status
from sppe.dossiers.models import StatusChange

from ..factories import CommuneFactory
from .model_factories import ApplicationFactory


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_small_counts_are_hidden_and_cannot_be_found_back():
    table = stats.protect([("Aizenay", 12), ("Apremont", 3), ("Coëx", 7), ("Vide", 0)])
    assert [row.display for row in table.rows] == [
        "12",
        "moins de 5",
        "non affiché (secret statistique)",  # else 3 = 22 - 12 - 7
        "0",
    ]
    assert table.total == 22


def test_two_small_counts_hide_each_other():
    table = stats.protect([("A", 2), ("B", 4), ("C", 30)])
    assert [row.display for row in table.rows] == ["moins de 5", "moins de 5", "30"]


def test_nothing_hidden_when_every_count_is_large_enough():
    table = stats.protect([("A", 5), ("B", 40)])
    assert [row.display for row in table.rows] == ["5", "40"]


def test_percentile_by_nearest_rank():
    values = list(range(1, 11))
    assert stats.percentile(values, 0.9) == 9
    assert stats.percentile(values, 0.5) == 5
    assert stats.percentile([4.0], 0.9) == 4.0


@pytest.fixture
def dossiers(communes):
    """Filed dossiers in two communes; drafts and other territories do not count."""
    made = []
    for _i in range(6):
        made.append(
            ApplicationFactory(
                household__commune=communes[0],
                age_section=AgeSection.BABIES,
                wished_start_date=dt.date(2027, 9, 1),
            )
        )
    for status in (Status.SUBMITTED, Status.NOT_PLACED):
        made.append(
            ApplicationFactory(
                household__commune=communes[1],
                status=status,
                age_section=AgeSection.OLDER,
                wished_start_date=dt.date(2027, 1, 15),
            )
        )
    ApplicationFactory(household__commune=communes[0], status=Status.DRAFT, submitted_at=None)
    ApplicationFactory(household__commune=CommuneFactory())
    return made


def test_counts_by_commune_section_month_and_state(territory, communes, dossiers):
    figures = stats.observatory(territory)
    assert figures["total"] == 8
    by_commune = {row.label: row.display for row in figures["by_commune"].rows}
    # With two communes, the 6 would give the hidden one away (8 - 6): both are hidden.
    assert by_commune == {
        communes[0].name: "non affiché (secret statistique)",
        communes[1].name: "moins de 5",
    }
    sections = {row.label: row.count for row in figures["by_age_section"].rows}
    assert sections == {
        str(AgeSection.BABIES.label): 6,
        str(AgeSection.MIDDLE.label): 0,
        str(AgeSection.OLDER.label): 2,
    }
    months = [(row.label, row.count) for row in figures["by_wished_month"].rows]
    assert months == [("Janvier 2027", 2), ("Septembre 2027", 6)]
    by_status = {row.label: row.count for row in figures["by_status"].rows}
    assert by_status == {
        str(Status.SUBMITTED.label): 1,
        str(Status.COMPLETE.label): 6,
        str(Status.NOT_PLACED.label): 1,
    }


def test_a_dossier_without_section_is_counted_apart(territory, communes):
    for _i in range(5):
        ApplicationFactory(household__commune=communes[0], age_section="")
    rows = stats.observatory(territory)["by_age_section"].rows
    assert (rows[-1].label, rows[-1].count) == ("Non renseignée", 5)


def test_the_period_filters_on_the_filing_date(territory, communes):
    now = timezone.now()
    ApplicationFactory(household__commune=communes[0], submitted_at=now - dt.timedelta(days=400))
    ApplicationFactory(household__commune=communes[0], submitted_at=now)
    today = timezone.localdate()
    assert stats.observatory(territory, submitted_from=today)["total"] == 1
    assert stats.observatory(territory, submitted_to=today - dt.timedelta(days=1))["total"] == 1
    assert stats.observatory(territory, submitted_from=today, submitted_to=today)["total"] == 1


def log(application, status, at):
    StatusChange.objects.create(application=application, to_status=status, at=at)


def test_delays_between_steps_need_five_dossiers(territory, communes):
    start = timezone.now() - dt.timedelta(days=200)
    for days in (10, 20, 30, 40, 100):
        application = ApplicationFactory(household__commune=communes[0], logged=False)
        log(application, Status.SUBMITTED, start)
        log(application, Status.COMPLETE, start + dt.timedelta(days=days))
        log(application, Status.PRESENTED, start + dt.timedelta(days=days + 5))
        # A second passage in a state does not count: the first arrival does.
        log(application, Status.COMPLETE, start + dt.timedelta(days=days + 50))
    few = ApplicationFactory(household__commune=communes[0], logged=False)
    log(few, Status.PRESENTED, start)
    log(few, Status.OFFERED, start + dt.timedelta(days=3))
    delays = {d.label: d for d in stats.observatory(territory)["delays"]}
    checked = delays[
        "De « Déposé, en attente de vérification » à « Complet : en attente de la commission »"
    ]
    assert checked.dossiers == 5
    assert checked.median_days == pytest.approx(30)
    assert checked.p90_days == pytest.approx(100)
    assert (checked.display_median, checked.display_p90) == ("30 j", "100 j")
    offered = delays["De « Présenté en commission » à « Place proposée »"]
    assert offered.dossiers == 1
    assert offered.median_days is None
    assert offered.display_median == "moins de 5 dossiers"
    admitted = delays["De « Place acceptée » à « Enfant accueilli »"]
    assert (admitted.dossiers, admitted.display_median) == (0, "aucun dossier")


STATS_ROLES = {
    Role.AGENT,
    Role.CRECHE_MANAGER,
    Role.COMMISSION_MEMBER,
    Role.ELECTED,
    Role.TERRITORY_ADMIN,
}


@pytest.mark.parametrize("role", list(Role))
def test_the_statistics_page_is_for_professionals_and_elected(client, make_user, role):
    client.force_login(make_user(role))
    response = client.get(reverse("campaigns:stats"))
    assert response.status_code == (200 if role in STATS_ROLES else 403)


def test_the_page_shows_aggregates_only(client, make_user, dossiers, communes):
    client.force_login(make_user(Role.ELECTED))
    page = text(client.get(reverse("campaigns:stats")))
    assert "8 demandes déposées sur la période." in page
    assert "moins de 5" in page
    assert communes[0].name in page
    for application in dossiers:
        assert application.reference not in page
        assert application.household.account.email not in page


def test_a_wrong_period_is_explained(client, make_user, dossiers):
    client.force_login(make_user(Role.AGENT))
    response = client.get(
        reverse("campaigns:stats"), {"submitted_from": "2027-02-01", "submitted_to": "2027-01-01"}
    )
    assert response.status_code == 200
    page = text(response)
    assert "La date de début doit précéder la date de fin." in page
    assert "8 demandes déposées sur la période." in page  # unfiltered figures meanwhile


def test_anonymous_visitors_are_sent_to_login(client, territory):
    response = client.get(reverse("campaigns:stats"))
    assert response.status_code == 302
