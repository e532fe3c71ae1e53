"""`next` and other return addresses only ever lead to this site."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from sppe.accounts.enums import Role

from ..factories import TEST_PASSWORD
from .conftest import family_login_token

FOREIGN = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "https:evil.example",
    "http://testserver@evil.example/",
    " https://evil.example/",
    "javascript:alert(1)",
]


def _stays_here(response):
    assert response.status_code == 302
    location = response["Location"]
    parts = urlsplit(location)
    assert not parts.scheme and not parts.netloc, location
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    assert "evil" not in parts.path, location


@pytest.mark.parametrize("target", FOREIGN)
def test_login_next(client, world, target):
    user = world.users[Role.AGENT]
    page = client.get(reverse("accounts:login"), {"next": target})
    # The form keeps only a safe `next` (the language switch keeps the page's own path).
    assert '<input type="hidden" name="next" value="">' in page.content.decode()
    response = client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": TEST_PASSWORD, "next": target},
    )
    _stays_here(response)


def test_login_next_on_this_site_is_kept(client, world):
    user = world.users[Role.AGENT]
    response = client.post(
        reverse("accounts:login") + "?next=/guichet/agents/",
        {"username": user.email, "password": TEST_PASSWORD},
    )
    assert response["Location"] == "/guichet/agents/"


@pytest.mark.parametrize("target", FOREIGN)
def test_logout_next(client, world, target):
    client.force_login(world.users[Role.FAMILY])
    _stays_here(client.post(reverse("accounts:logout"), {"next": target}))


@pytest.mark.parametrize("target", FOREIGN)
def test_language_switch_next_and_referer(client, world, target):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": target}, HTTP_REFERER=target
    )
    _stays_here(response)


@pytest.mark.parametrize("target", FOREIGN)
def test_magic_link_ignores_next(client, world, target):
    token = family_login_token(world.users[Role.FAMILY])
    url = reverse("accounts:magic_login", args=[token])
    _stays_here(client.post(f"{url}?next={target}", {"next": target}))


@pytest.mark.parametrize("target", FOREIGN)
def test_document_delete_return_address(client, world, target):
    client.force_login(world.users[Role.FAMILY])
    url = reverse("dossiers:family_document_delete", args=[world.document.pk])
    _stays_here(client.post(url, {"dossier": target}))


@pytest.mark.parametrize("target", FOREIGN)
def test_freshness_reminders_return_to_the_list(client, world, target):
    client.force_login(world.users[Role.AGENT])
    response = client.post(reverse("offers:freshness") + "?next=" + target, {"all": "1"})
    _stays_here(response)
    assert response["Location"].startswith(reverse("offers:freshness"))


def test_a_path_that_looks_like_a_host_is_not_a_redirect(client, world):
    # CommonMiddleware adds a slash to a path it cannot find: never to another host.
    response = client.get("//evil.example/compte/connexion")
    assert response.status_code in (301, 302, 404)
    if response.status_code != 404:
        assert not response["Location"].startswith("//")
