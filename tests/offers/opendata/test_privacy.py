"""Acceptance: an assistant maternel's private data never leave through the open data
or the API; her address and phone only with her consent (issue 3, item 5)."""

import pytest
from django.urls import reverse

from sppe.offers.opendata.datasets import DATASETS

from .factories import AvailabilityFactory, MamFactory
from .fixtures import CONSENT_ONLY, NEVER, PRIVATE_ADDRESS, PRIVATE_PHONE, private_childminder

API_FILTERS = [
    {},
    {"type": "childminder"},
    {"type": "mam"},
    {"age_mois": "12"},
    {"disponible": "true"},
    {"horaires_atypiques": "true"},
    {"accueil_inclusif": "true"},
    {"page_size": "100"},
]


def every_public_byte(client, childminder, communes) -> bytes:
    """Everything the open data and the API serve, concatenated."""
    chunks = [client.get(reverse("opendata:index")).content]
    chunks.append(client.get(reverse("api:index")).content)
    chunks.append(client.get(reverse("api:openapi")).content)
    for slug, dataset in DATASETS.items():
        for fmt in dataset.formats:
            response = client.get(reverse("opendata:download", kwargs={"slug": slug, "fmt": fmt}))
            assert response.status_code == 200
            chunks.append(b"".join(response.streaming_content))
    for params in [*API_FILTERS, {"commune": childminder.commune.insee_code}]:
        response = client.get(reverse("api:offer_list"), params)
        assert response.status_code == 200, params
        assert response.json()["count"] >= 1 or params.get("type") == "mam"
        chunks.append(response.content)
    for kind, obj in (("childminder", childminder), ("mam", childminder.mam)):
        response = client.get(reverse("api:offer_detail", kwargs={"kind": kind, "pk": obj.pk}))
        assert response.status_code == 200
        chunks.append(response.content)
    return b"\n".join(chunks)


@pytest.fixture
def secret_am(communes):
    mam = MamFactory(commune=communes[0])
    am = private_childminder(
        communes[0], consent=False, mam=mam, inclusive_care=True, atypical_hours=True
    )
    AvailabilityFactory(childminder=am)
    return am


def test_without_consent_no_private_value_is_published(client, communes, secret_am):
    served = every_public_byte(client, secret_am, communes)
    assert secret_am.public_name.encode() in served  # she is published…
    for value in CONSENT_ONLY + NEVER:  # …but none of her private data.
        assert value.encode() not in served, value


def test_with_consent_address_and_phone_appear_but_never_the_rest(client, communes, secret_am):
    secret_am.address_is_public = secret_am.phone_is_public = True
    secret_am.save()
    served = every_public_byte(client, secret_am, communes)
    assert PRIVATE_ADDRESS.encode() in served
    assert PRIVATE_PHONE.encode() in served
    for value in NEVER:
        assert value.encode() not in served, value


def test_without_consent_her_position_is_the_public_point(client, communes, secret_am):
    data = client.get(
        reverse("api:offer_detail", kwargs={"kind": "childminder", "pk": secret_am.pk})
    ).json()
    assert (data["address"], data["postal_code"], data["phone"]) == ("", "", "")
    assert data["location_is_exact"] is False
    assert (data["latitude"], data["longitude"]) == (
        secret_am.commune.latitude,
        secret_am.commune.longitude,
    )
