import re

import pytest
from django.urls import reverse

from sppe.accounts.enums import Role
from sppe.accounts.perms import ROLES_BY_CAPABILITY, Capability
from sppe.steering.assessment.services import criterion_answer_record
from sppe.steering.errors import SteeringError
from sppe.steering.models import CriterionAnswer

pytestmark = pytest.mark.usefixtures("clock")


def test_roles_are_written_literally():
    assert ROLES_BY_CAPABILITY[Capability.STEER] == {Role.AGENT, Role.TERRITORY_ADMIN}
    assert ROLES_BY_CAPABILITY[Capability.VIEW_STEERING] == {
        Role.AGENT,
        Role.ELECTED,
        Role.TERRITORY_ADMIN,
    }


def test_recording_a_level_and_correcting_it(territory, agent):
    criterion_answer_record(territory=territory, year=2026, criterion=8, level=2, by=agent)
    criterion_answer_record(
        territory=territory, year=2026, criterion=8, level="3", evidence="Espace en ligne"
    )
    answer = CriterionAnswer.objects.get()
    assert (answer.level, answer.evidence) == (3, "Espace en ligne")


@pytest.mark.parametrize("level", [4, 0, "4", "deux", ""])
def test_a_level_outside_1_to_3_changes_nothing(territory, level):
    criterion_answer_record(territory=territory, year=2026, criterion=8, level=2)
    with pytest.raises(SteeringError, match="1, 2 ou 3 points"):
        criterion_answer_record(territory=territory, year=2026, criterion=8, level=level)
    assert CriterionAnswer.objects.get().level == 2


def test_unknown_criterion_and_year_are_refused(territory):
    with pytest.raises(SteeringError, match="1 à 29"):
        criterion_answer_record(territory=territory, year=2026, criterion=30, level=2)
    with pytest.raises(SteeringError, match="entre 2020 et 2027"):
        criterion_answer_record(territory=territory, year=2031, criterion=3, level=2)
    assert not CriterionAnswer.objects.exists()


def test_the_criterion_page_shows_the_guide_and_records(client, territory, agent):
    client.force_login(agent)
    url = reverse("steering:criterion", args=[2026, 25])
    page = client.get(url)
    assert "Satisfaction des usagers" in page.text
    assert "Conseils pratiques" in page.text and "p. 34" in page.text
    assert "Enquêtes de satisfaction menées en 2026" in page.text  # sppe's own evidence
    response = client.post(url, {"level": "2", "evidence": "Enquête annuelle", "comment": ""})
    assert response.status_code == 302
    assert CriterionAnswer.objects.get().level == 2


def test_a_level_of_4_through_the_page_is_refused_with_a_clear_message(client, territory, agent):
    criterion_answer_record(territory=territory, year=2026, criterion=25, level=1)
    client.force_login(agent)
    response = client.post(
        reverse("steering:criterion", args=[2026, 25]), {"level": "4", "evidence": "x"}
    )
    assert response.status_code == 400
    assert "« 4 » n&#x27;est pas accepté" in response.text
    answer = CriterionAnswer.objects.get()
    assert (answer.level, answer.evidence) == (1, "")


def test_grid_page_totals_radar_and_history(client, territory, elected):
    for number in (1, 2, 3, 4):
        criterion_answer_record(territory=territory, year=2025, criterion=number, level=1)
        criterion_answer_record(territory=territory, year=2026, criterion=number, level=3)
    criterion_answer_record(territory=territory, year=2026, criterion=27, level=2)
    client.force_login(elected)
    page = client.get(reverse("steering:grid"))
    assert page.status_code == 200
    text = page.text
    assert "<h1>Grille d'auto-positionnement 2026</h1>" in text
    assert "<svg" in text and "Données du radar" in text
    # SVG coordinates are written with a dot, whatever the page's language.
    assert re.search(r'(x|y|cx|cy|x1|y2)="\d+,\d', text) is None
    assert 'cx="210.0"' in text or 'cx="280.0"' in text
    # Information 12 / 12 (100 %), Gouvernance 2 / 9 (22 %): total 14 / 87.
    assert '<th scope="row">Information</th><td class="numeric">12</td>' in text
    assert '<th scope="row">Gouvernance</th><td class="numeric">2</td>' in text
    assert "22 %" in text and "total 14 points sur 87" in text
    # History: 2025 then 2026 with Information 4 then 12.
    assert text.index('?annee=2025">2025') < text.index('?annee=2026">2026')
    # Elected officials read the grid but get no link to edit it.
    assert reverse("steering:criterion", args=[2026, 1]) not in text


def test_an_agent_outside_the_territory_sees_and_changes_nothing(client, territory, outsider):
    client.force_login(outsider)
    assert client.get(reverse("steering:grid")).status_code == 403
    response = client.post(reverse("steering:criterion", args=[2026, 1]), {"level": "2"})
    assert response.status_code == 403
    assert not CriterionAnswer.objects.exists()
