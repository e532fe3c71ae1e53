"""Security headers and cookies of the production settings (SPPE_DEBUG=0).

The production settings are read in a fresh interpreter, the way a server starts;
the headers are then checked on real responses with those values in force.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from sppe.accounts.enums import Role

from .conftest import family_login_token

ROOT = Path(__file__).resolve().parents[2]
SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "ALLOWED_HOSTS",
]
PRODUCTION_ENV = {
    "SPPE_DEBUG": "0",
    "SPPE_SECRET_KEY": "une-cle-de-test-assez-longue-pour-la-production-0123456789",
    "SPPE_ALLOWED_HOSTS": "petite-enfance.exemple.fr",
}


def production_settings(**env) -> dict:
    script = (
        "import json, django\n"
        "from django.conf import settings\n"
        f"print(json.dumps({{k: getattr(settings, k) for k in {SECURITY_SETTINGS!r}}}))\n"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SPPE_", "DJANGO_"))}
    clean.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="sppe.settings", **env)
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def production():
    return production_settings()


def test_production_settings_are_strict(production):
    assert production["DEBUG"] is False
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert production["SECURE_REFERRER_POLICY"] in ("same-origin", "strict-origin", "no-referrer")
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert production["SESSION_COOKIE_SECURE"] and production["SESSION_COOKIE_HTTPONLY"]
    assert production["CSRF_COOKIE_SECURE"] and production["CSRF_COOKIE_HTTPONLY"]
    assert production["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert production["ALLOWED_HOSTS"] == ["petite-enfance.exemple.fr"]


def test_production_refuses_to_start_without_a_secret_key():
    with pytest.raises(subprocess.CalledProcessError) as refused:
        production_settings(SPPE_SECRET_KEY="")
    assert "SPPE_SECRET_KEY" in refused.value.stderr


def _as_in_production(production):
    values = {k: v for k, v in production.items() if k not in ("DEBUG", "ALLOWED_HOSTS")}
    return override_settings(**values, ALLOWED_HOSTS=["testserver"])


def test_plain_http_is_sent_to_https(production, world):
    with _as_in_production(production):
        response = Client().get(reverse("core:legal_notice"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.parametrize("name", ["core:home", "accounts:login", "information:index"])
def test_security_headers_on_pages(production, world, name):
    with _as_in_production(production):
        response = Client().get(reverse(name), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response["Strict-Transport-Security"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == production["SECURE_REFERRER_POLICY"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_cookies_are_secure_and_http_only(production, world):
    with _as_in_production(production):
        client = Client()
        url = reverse("accounts:magic_login", args=[family_login_token(world.users[Role.FAMILY])])
        client.get(url, secure=True)
        response = client.post(
            url, {"csrfmiddlewaretoken": client.cookies["csrftoken"].value}, secure=True
        )
    assert response.status_code == 302
    for name in ("sessionid", "csrftoken"):
        cookie = client.cookies[name]
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] in ("Lax", "Strict"), name


def test_personal_pages_are_not_cached(production, world):
    with _as_in_production(production):
        client = Client()
        client.force_login(world.users[Role.FAMILY])
        response = client.get(
            reverse("dossiers:family_detail", args=[world.dossier.pk]), secure=True
        )
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    "name", ["accounts:home", "offers:freshness", "offer_lists:index", "information:manage"]
)
def test_every_signed_in_page_is_kept_by_no_browser(client, world, name):
    client.force_login(world.users[Role.TERRITORY_ADMIN])
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_public_pages_stay_cacheable_for_visitors(client, world):
    response = client.get(reverse("offers:search"))
    assert "no-store" not in response.get("Cache-Control", "")
