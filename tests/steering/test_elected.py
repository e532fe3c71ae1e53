import pytest
from django.urls import reverse

from sppe.steering.assessment.services import criterion_answer_record
from sppe.steering.plans import services as plans
from sppe.steering.surveys import services

from .factories import answer, parents_survey, small_plan

pytestmark = pytest.mark.usefixtures("clock")


def test_the_elected_page_hides_small_counts(client, territory, elected):
    survey = parents_survey(territory)
    invitations = services.invitation_links_create(survey=survey, count=10)
    for invitation, note in zip(invitations[:4], (9, 8, 7, 10), strict=False):
        answer(survey, invitation, scale=note)
    client.force_login(elected)
    page = client.get(reverse("steering:elected"))
    assert page.status_code == 200
    assert "non affiché (moins de 5 réponses)" in page.text
    assert "8.50" not in page.text and "8,50" not in page.text
    answer(survey, invitations[4], scale=6)
    page = client.get(reverse("steering:elected"))
    # (9 + 8 + 7 + 10 + 6) / 5 = 8.00; 5 answers for 10 invitations: 50 %.
    assert "8,00 / 10" in page.text and "50 %" in page.text
    assert "Très" not in page.text  # no free text


def test_the_elected_page_key_figures(client, territory, elected):
    for number in range(1, 30):
        criterion_answer_record(territory=territory, year=2026, criterion=number, level=2)
    plan, _sheet, _indicator, action = small_plan(territory)
    plans.action_status_set(action=action, status="done")
    client.force_login(elected)
    page = client.get(reverse("steering:elected"))
    text = page.text
    # Every criterion at 2: 8 / 12, 18 / 27, 8 / 12, 18 / 27, 6 / 9, i.e. 58 / 87.
    assert '<th scope="row">Gouvernance</th><td class="numeric">6</td>' in text
    assert '<td class="numeric">58</td><td class="numeric">87</td>' in text
    assert "100 % des actions réalisées" in text
    assert reverse("steering:plan", args=[plan.pk]) in text
    assert "Demandes déposées en 2026" in text


def test_families_and_childminders_do_not_see_it(client, make_user):
    from sppe.accounts.enums import Role

    for role in (Role.FAMILY, Role.CHILDMINDER, Role.CRECHE_MANAGER, Role.COMMISSION_MEMBER):
        client.force_login(make_user(role))
        assert client.get(reverse("steering:elected")).status_code == 403
