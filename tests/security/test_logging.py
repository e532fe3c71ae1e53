"""The request log and the JSON logs carry no personal data and no secret link."""

import json
import logging

import pytest
from django.conf import settings
from django.urls import reverse

from sppe.accounts.enums import Role
from sppe.core.logging import JsonFormatter, PersonalDataFilter

from .conftest import availability_token, family_login_token


@pytest.fixture
def request_log(caplog):
    with caplog.at_level(logging.INFO, logger="sppe.request"):
        yield caplog


def _lines(caplog):
    """The request records as the production handler writes them."""
    handler_filter, formatter = PersonalDataFilter(), JsonFormatter()
    lines = []
    for record in caplog.records:
        if record.name == "sppe.request":
            handler_filter.filter(record)
            lines.append(formatter.format(record))
    assert lines
    return "\n".join(lines)


def test_secret_links_are_masked_in_the_request_log(client, world, request_log):
    tokens = [
        family_login_token(world.users[Role.FAMILY]),
        availability_token(world.childminder),
        world.confirmation.token,
    ]
    client.get(reverse("accounts:magic_login", args=[tokens[0]]))
    client.get(reverse("offers:availability_link", args=[tokens[1]]))
    client.get(reverse("campaigns:confirm", args=[tokens[2]]))
    client.get(reverse("campaigns:confirm", args=["jeton-inconnu"]))
    text = _lines(request_log)
    for token in tokens:
        assert token not in text
    assert text.count("[jeton masqué]") == 4


def test_query_strings_bodies_and_personal_data_stay_out(client, world, request_log):
    family = world.users[Role.FAMILY]
    client.get(reverse("offers:search"), {"adresse": "12 rue des Lilas", "email": family.email})
    client.post(reverse("accounts:link_request"), {"email": family.email})
    client.post(
        reverse("accounts:signup"),
        {"email": "jeanne.dupont@exemple.test", "first_name": "Jeanne", "last_name": "Dupont"},
    )
    client.get("/inconnu/jeanne.dupont@exemple.test/06 12 34 56 78/")
    text = _lines(request_log)
    for private in ("Lilas", family.email, "jeanne", "Dupont", "06 12 34 56 78"):
        assert private not in text
    record = json.loads(text.splitlines()[0])
    assert set(record) >= {"method", "path", "status", "duration_ms", "user_id"}


def test_extra_fields_are_scrubbed_too():
    record = logging.makeLogRecord(
        {
            "msg": "message delivery failed",
            "levelname": "WARNING",
            "name": "sppe.notifications",
            "error": "550 5.1.1 <jeanne.dupont@exemple.fr>: Recipient address rejected",
            "message_id": 12,
        }
    )
    PersonalDataFilter().filter(record)
    payload = json.loads(JsonFormatter().format(record))
    assert "jeanne" not in payload["error"]
    assert "[e-mail masqué]" in payload["error"]
    assert payload["message_id"] == 12


def test_every_log_handler_has_the_personal_data_filter():
    for name, handler in settings.LOGGING["handlers"].items():
        assert "no_personal_data" in handler.get("filters", []), name
