import re

import pytest
from django.urls import URLPattern, get_resolver, reverse
from openapi_spec_validator import validate

from sppe.offers.api import urls as api_urls
from sppe.offers.api.filters import PARAMETERS
from sppe.offers.api.openapi import SCHEMAS_BY_KIND, build_openapi


@pytest.fixture
def document(client, db):
    response = client.get(reverse("api:openapi"))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def test_document_is_valid_openapi_3_1(document):
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "http://testserver/api/v1"}]
    validate(document)


def _openapi_path(pattern: URLPattern) -> str:
    route = str(pattern.pattern)
    route = re.sub(r"<(?:\w+:)?pk>", "{id}", route)
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def test_every_json_route_is_described(document):
    routes = {_openapi_path(p) for p in api_urls.urlpatterns if p.name != "index"}
    assert routes == set(document["paths"])
    assert get_resolver().resolve("/api/v1/openapi.json").url_name == "openapi"


def test_every_list_parameter_is_described(document):
    parameters = document["paths"]["/offres/"]["get"]["parameters"]
    assert [p["name"] for p in parameters] == list(PARAMETERS)


@pytest.mark.parametrize("kind", list(SCHEMAS_BY_KIND))
def test_every_field_served_is_described(client, offer, document, kind):
    """The served fields and the documented ones are the same, kind by kind."""
    name, _ = SCHEMAS_BY_KIND[kind]
    schema = document["components"]["schemas"][name]
    served = client.get(reverse("api:offer_detail", kwargs={"kind": kind, "pk": offer[kind].pk}))
    assert set(served.json()) == set(schema["properties"]) == set(schema["required"])


def test_server_url_follows_the_request():
    assert build_openapi("https://exemple.fr/api/v1")["servers"][0]["url"] == (
        "https://exemple.fr/api/v1"
    )


def test_openapi_is_read_only(client, db):
    assert client.post(reverse("api:openapi")).status_code == 405
