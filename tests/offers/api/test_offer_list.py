import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sppe.offers.api.filters import MAX_PAGE_SIZE

from ...factories import CommuneFactory
from ..opendata.factories import (
    AvailabilityFactory,
    ChildminderFactory,
    EstablishmentFactory,
    HomeCareProviderFactory,
    SectionFactory,
)

LIST_URL = "/api/v1/offres/"


def names(response):
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["results"]]


def kinds(response):
    return sorted(item["kind"] for item in response.json()["results"])


def test_route():
    assert reverse("api:offer_list") == LIST_URL


def test_lists_every_published_offer_with_open_headers(client, offer):
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"
    data = response.json()
    assert (data["count"], data["page"], data["pages"]) == (5, 1, 1)
    assert data["next"] is None and data["previous"] is None
    assert [item["kind"] for item in data["results"]] == [
        "establishment",
        "mam",
        "childminder",
        "childminder",
        "home_care",
    ]
    crèche = data["results"][0]
    assert crèche["url"] == f"http://testserver/api/v1/offres/establishment/{crèche['id']}/"
    assert crèche["opening_hours_valid"] is True
    assert crèche["hourly_price"] is None


def test_pagination_is_bounded_and_links_pages(client, communes):
    for index in range(5):
        EstablishmentFactory(commune=communes[0], name=f"Crèche {index}")
    ChildminderFactory(commune=communes[0], first_name="Zoé")
    response = client.get(LIST_URL, {"page_size": 2, "page": 2, "type": "establishment"})
    data = response.json()
    assert names(response) == ["Crèche 2", "Crèche 3"]
    assert (data["count"], data["pages"]) == (5, 3)
    assert data["next"] == "http://testserver/api/v1/offres/?page_size=2&page=3&type=establishment"
    assert data["previous"] == (
        "http://testserver/api/v1/offres/?page_size=2&page=1&type=establishment"
    )
    # A page that spans two kinds.
    response = client.get(LIST_URL, {"page_size": 4, "page": 2})
    assert names(response) == ["Crèche 4", "Zoé M."]


@pytest.mark.parametrize(
    ("params", "parameter", "message"),
    [
        ({"page_size": MAX_PAGE_SIZE + 1}, "page_size", "entre 1 et 100"),
        ({"page_size": "0"}, "page_size", "entre 1 et 100"),
        ({"page": "0"}, "page", "au moins 1"),
        ({"page": "deux"}, "page", "nombre entier"),
        ({"page": "2"}, "page", "la dernière page est la page 1"),
        ({"age_mois": "-3"}, "age_mois", "nombre entier"),
        ({"age_mois": "73"}, "age_mois", "entre 0 et 72"),
        ({"type": "creche"}, "type", "Valeurs possibles"),
        ({"commune": "85"}, "commune", "5 caractères"),
        ({"commune": "75056"}, "commune", "ne fait pas partie du territoire"),
        ({"disponible": "peut-être"}, "disponible", "true ou false"),
        ({"horaires_atypiques": "2"}, "horaires_atypiques", "true ou false"),
        ({"accueil_inclusif": "vrai"}, "accueil_inclusif", "true ou false"),
        ({"ville": "Aizenay"}, "ville", "Paramètre inconnu"),
        ({"type": ["mam", "childminder"]}, "type", "une seule fois"),
    ],
)
def test_invalid_parameters_get_a_400_in_french(client, offer, params, parameter, message):
    response = client.get(LIST_URL, params)
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data["message"] == "Paramètres invalides."
    assert message in data["erreurs"][parameter][0]


def test_filter_by_type(client, offer):
    assert kinds(client.get(LIST_URL, {"type": "childminder"})) == ["childminder", "childminder"]
    assert kinds(client.get(LIST_URL, {"type": "home_care"})) == ["home_care"]


def test_filter_by_commune(client, offer, communes):
    response = client.get(LIST_URL, {"commune": communes[1].insee_code})
    assert kinds(response) == ["childminder", "mam"]  # the MAM and its member
    response = client.get(LIST_URL, {"commune": communes[0].insee_code})
    assert kinds(response) == ["childminder", "establishment", "home_care"]


def test_filter_by_age(client, communes):
    EstablishmentFactory(commune=communes[0], name="Bébés", age_min_months=2, age_max_months=18)
    EstablishmentFactory(commune=communes[0], name="Grands", age_min_months=18, age_max_months=48)
    HomeCareProviderFactory(communes=[communes[0]], name="Garde")
    assert names(client.get(LIST_URL, {"age_mois": "1"})) == ["Garde"]
    assert names(client.get(LIST_URL, {"age_mois": "18"})) == ["Bébés", "Grands", "Garde"]
    assert names(client.get(LIST_URL, {"age_mois": "40"})) == ["Grands", "Garde"]


def test_filter_available_only(client, offer, communes):
    full = EstablishmentFactory(commune=communes[0], name="Pleine")
    later = SectionFactory(establishment=full)
    AvailabilityFactory(section=later, available_from=timezone.localdate() + dt.timedelta(days=30))
    response = client.get(LIST_URL, {"disponible": "true"})
    assert kinds(response) == ["childminder", "establishment"]
    assert "Pleine" not in names(response)
    # The MAM is available as soon as one of its assistants maternels is.
    AvailabilityFactory(childminder=offer["member"])
    assert kinds(client.get(LIST_URL, {"disponible": "oui"})) == [
        "childminder",
        "childminder",
        "establishment",
        "mam",
    ]
    assert client.get(LIST_URL, {"disponible": "false"}).json()["count"] == 6


def test_filter_atypical_hours(client, offer):
    # The MAM (6:30-19:30) and the home-care provider.
    assert kinds(client.get(LIST_URL, {"horaires_atypiques": "true"})) == ["home_care", "mam"]


def test_filter_inclusive_care(client, offer):
    # The MAM's member accepts children with disabilities, so the MAM does too.
    assert kinds(client.get(LIST_URL, {"accueil_inclusif": "1"})) == ["childminder", "mam"]


def test_filters_combine(client, offer, communes):
    response = client.get(
        LIST_URL,
        {
            "commune": communes[0].insee_code,
            "age_mois": "10",
            "disponible": "true",
            "type": "childminder",
        },
    )
    assert [item["id"] for item in response.json()["results"]] == [offer["childminder"].pk]


def test_out_of_territory_and_inactive_offers_are_not_listed(client, communes):
    EstablishmentFactory(commune=CommuneFactory(), name="Ailleurs")
    EstablishmentFactory(commune=communes[0], name="Fermée", is_active=False)
    assert client.get(LIST_URL).json()["count"] == 0


def test_without_territory_the_list_is_empty(client, db):
    data = client.get(LIST_URL).json()
    assert (data["count"], data["pages"], data["results"]) == (0, 1, [])


def test_list_is_read_only(client, db):
    response = client.delete(LIST_URL)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_list_does_not_query_per_row(client, communes, django_assert_max_num_queries):
    for index in range(40):
        commune = communes[index % 3]
        EstablishmentFactory(commune=commune)
        ChildminderFactory(commune=commune)
        HomeCareProviderFactory(communes=[commune])
    with django_assert_max_num_queries(12):
        response = client.get(
            LIST_URL, {"page_size": 100, "commune": communes[0].insee_code, "age_mois": 12}
        )
    assert len(response.json()["results"]) > 30
