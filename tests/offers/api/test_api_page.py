from django.urls import reverse

from sppe.offers.api.filters import PARAMETERS


def test_api_page_describes_routes_parameters_and_examples(client, db):
    response = client.get(reverse("api:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "http://testserver/api/v1/offres/" in page
    assert reverse("api:openapi") in page
    assert 'curl "http://testserver/api/v1/offres/?type=childminder&amp;age_mois=10' in page
    for name in PARAMETERS:
        assert f"<code>{name}</code>" in page
