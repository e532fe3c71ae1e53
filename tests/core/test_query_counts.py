"""The busiest pages make a fixed number of queries, whatever the number of rows: a page
that queries once per dossier, per crèche or per result fails here (N+1 queries)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sppe.accounts.enums import Role
from sppe.dossiers import services

from ..dossiers.factories import add_all_documents, desk_establishment, make_dossier
from ..offers.factories import AvailabilityFactory, ChildminderFactory, SectionFactory


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def desk(territory, make_user, settings, tmp_path):
    settings.DOCUMENTS_ROOT = tmp_path / "documents"
    commune = territory.communes.order_by("insee_code").first()
    creches = [desk_establishment(commune) for _n in range(3)]
    agent = make_user(Role.AGENT)

    def add(n):
        made = []
        for _i in range(n):
            application = make_dossier(commune=commune, establishments=creches[:2])
            add_all_documents(application)
            services.application_submit(application=application, by=application.household.account)
            made.append(application)
        return made

    return {"commune": commune, "creches": creches, "agent": agent, "add": add}


def test_the_agents_queue_does_not_grow_with_its_dossiers(client, desk):
    client.force_login(desk["agent"])
    url = reverse("dossiers:agent_queue")
    desk["add"](2)
    queries(client, url)  # the first request also reads what the process caches
    few = queries(client, url)
    desk["add"](8)
    assert queries(client, url) == few
    assert few <= 20


def test_a_dossier_page_makes_a_bounded_number_of_queries(client, desk):
    [application] = desk["add"](1)
    client.force_login(desk["agent"])
    assert queries(client, reverse("dossiers:agent_detail", args=[application.pk])) <= 40
    client.force_login(application.household.account)
    assert queries(client, reverse("dossiers:family_detail", args=[application.pk])) <= 30


def test_the_search_does_not_grow_with_its_results(client, desk):
    commune = desk["commune"]
    url = reverse("offers:search") + f"?commune={commune.insee_code}&age_mois=10&rayon=20"

    def childminders(n):
        for _i in range(n):
            AvailabilityFactory(childminder=ChildminderFactory(commune=commune))

    childminders(2)
    queries(client, url)  # the first request also reads what the process caches
    few = queries(client, url)
    childminders(12)
    assert queries(client, url) == few
    # 14 childminders and the 3 crèches of the commune, on one page
    assert "17 résultats" in client.get(url).content.decode()


def test_a_place_page_makes_a_bounded_number_of_queries(client, desk):
    creche = desk["creches"][0]
    for _n in range(3):
        AvailabilityFactory(section=SectionFactory(establishment=creche))
    assert queries(client, reverse("offers:establishment", args=[creche.pk])) <= 25
    childminder = ChildminderFactory(commune=desk["commune"])
    AvailabilityFactory(childminder=childminder)
    assert queries(client, reverse("offers:childminder", args=[childminder.pk])) <= 25
