"""No token, sign-in link or e-mail address in any log line: Django's error and
CSRF-failure logs and gunicorn's access log (sppe/core/gunicorn_logging.py)."""

import datetime as dt
import logging

from django.test import Client
from django.urls import reverse
from gunicorn.config import Config

from sppe.accounts import magic_link
from sppe.core.gunicorn_logging import MaskedLogger
from sppe.core.logging import JsonFormatter, PersonalDataFilter, mask_path

from ..factories import UserFactory

# The format given in docs/operations.md.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(r)s" %(s)s %(B)s %(M)sms'


def _written(caplog, logger_name) -> str:
    handler_filter, formatter = PersonalDataFilter(), JsonFormatter()
    lines = []
    for record in caplog.records:
        if record.name == logger_name:
            handler_filter.filter(record)
            lines.append(formatter.format(record))
    assert lines, logger_name
    return "\n".join(lines)


def test_a_csrf_failure_on_a_sign_in_link_logs_no_token(db, caplog):
    token = magic_link.make_token(UserFactory(email="famille@exemple.test"))
    client = Client(enforce_csrf_checks=True)
    with caplog.at_level(logging.WARNING, logger="django.security.csrf"):
        response = client.post(reverse("accounts:magic_login", args=[token]))
    assert response.status_code == 403
    text = _written(caplog, "django.security.csrf")
    assert token not in text
    assert "[jeton masqué]" in text


def test_a_not_found_confirmation_link_logs_no_token(client, db, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("campaigns:confirm", args=["jeton-secret-inconnu"]))
    assert response.status_code == 404
    text = _written(caplog, "django.request")
    assert "jeton-secret-inconnu" not in text
    assert "[jeton masqué]" in text


def test_mask_path():
    token = "AbC123-xyz"
    assert token not in mask_path(f"/compte/lien/{token}/")
    assert mask_path("/offre/?adresse=12+rue+des+Lilas") == "/offre/"
    assert "jeanne" not in mask_path("/inconnu/jeanne.dupont@exemple.test/")


class _Response:
    status = "200 OK"
    sent = 1234
    headers = [("Set-Cookie", "sessionid=secret-session")]


class _Request:
    headers = [("COOKIE", "sessionid=secret-session"), ("REFERER", "http://x/compte/lien/t/")]


def test_the_documented_access_log_masks_links_queries_and_referrers(db):
    token = magic_link.make_token(UserFactory(email="famille@exemple.test"))
    path = reverse("accounts:magic_login", args=[token])
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?email=famille@exemple.test",
        "PATH_INFO": path,
        "QUERY_STRING": "email=famille@exemple.test",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_REFERER": f"https://sppe.example{path}",
        "HTTP_USER_AGENT": "Mozilla",
    }
    logger = MaskedLogger(Config())
    atoms = logger.atoms(_Response(), _Request(), environ, dt.timedelta(milliseconds=12))
    line = ACCESS_LOG_FORMAT % atoms
    assert token not in line
    assert "famille@exemple.test" not in line
    assert "[jeton masqué]" in line
    assert '"GET /compte/lien/[jeton masqué]/ HTTP/1.1" 200' in line
    # Every atom, whatever format an operator writes, is masked.
    everything = " ".join(str(v) for v in atoms.values())
    assert token not in everything
    assert "secret-session" not in everything
    assert "famille@exemple.test" not in everything


def test_operations_doc_gives_this_format_and_logger_class():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "operations.md").read_text()
    assert "--logger-class sppe.core.gunicorn_logging.MaskedLogger" in doc
    assert f"--access-logformat '{ACCESS_LOG_FORMAT}'" in doc
