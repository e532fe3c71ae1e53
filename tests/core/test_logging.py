import json
import logging

from django.urls import reverse

from sppe.core.logging import JsonFormatter, PersonalDataFilter, scrub


def test_scrub_masks_emails_and_phones():
    text = "contact jeanne.dupont+crèche@mairie.fr ou 06 12 34 56 78 ou +33 6 12 34 56 78"
    cleaned = scrub(text)
    assert "jeanne" not in cleaned
    assert "06 12" not in cleaned and "+33" not in cleaned
    assert cleaned.count("[e-mail masqué]") == 1
    assert cleaned.count("[téléphone masqué]") == 2


def test_scrub_keeps_ordinary_numbers():
    assert (
        scrub("commune 85003, 312 AM, dossier 1234567") == "commune 85003, 312 AM, dossier 1234567"
    )


def test_filter_and_json_formatter():
    record = logging.makeLogRecord(
        {"msg": "mail à %s", "args": ("a@b.fr",), "levelname": "INFO", "name": "x", "user_id": 4}
    )
    PersonalDataFilter().filter(record)
    payload = json.loads(JsonFormatter().format(record))
    assert payload["message"] == "mail à [e-mail masqué]"
    assert payload["user_id"] == 4
    assert payload["level"] == "INFO"


def test_request_log_has_no_query_string(client, territory, caplog):
    with caplog.at_level(logging.INFO, logger="sppe.request"):
        client.get(reverse("core:home") + "?adresse=12+rue+des+Lilas")
    records = [r for r in caplog.records if r.name == "sppe.request"]
    assert records and records[-1].path == "/"
    assert "Lilas" not in caplog.text
