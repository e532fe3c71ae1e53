"""Content-Security-Policy without inline script or style, and a Permissions-Policy.

Every page a visitor, a family or an agent opens is rendered and searched for inline
scripts, <style> elements and style attributes, which the policy would block.
"""

import re

from django.urls import reverse

from sppe.accounts.enums import Role

from .snapshot import drain
from .urlmap import GET, PUBLIC, RULES

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle=", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+=", re.IGNORECASE)


def _directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in (p.strip() for p in policy.split(";"))
        if part
    }


def test_the_policy_allows_our_own_files_only(client, territory):
    response = client.get(reverse("core:home"))
    directives = _directives(response)
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert "tile.openstreetmap.org" in directives["img-src"]
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions


def _html_pages(client, world, roles):
    for role in roles:
        if role is None:
            client.logout()
        else:
            client.force_login(world.users[role])
        for name, rule in sorted(RULES.items()):
            if GET not in rule.methods:
                continue
            if role is None and rule.who != PUBLIC:
                continue
            if role is not None and role not in rule.roles:
                continue
            url = reverse(name, kwargs=rule.kwargs(world) if rule.kwargs else None)
            response = client.get(url)
            drain(response)
            if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                yield name, role, response


def test_no_page_has_an_inline_script_or_style(client, world):
    checked = 0
    for name, role, response in _html_pages(
        client, world, [None, Role.FAMILY, Role.AGENT, Role.TERRITORY_ADMIN]
    ):
        assert "Content-Security-Policy" in response, name
        html = response.content.decode()
        for pattern in (INLINE_SCRIPT, STYLE_ELEMENT, STYLE_ATTRIBUTE, EVENT_ATTRIBUTE):
            found = pattern.search(html)
            assert found is None, (name, role, found and found.group(0)[:120])
        checked += 1
    assert checked > 40


def test_the_territory_colour_comes_from_a_stylesheet(client, territory):
    territory.primary_colour = "#1d4e89"
    territory.save()
    html = client.get(reverse("core:home")).content.decode()
    assert reverse("core:theme_css") in html
    response = client.get(reverse("core:theme_css"))
    assert response["Content-Type"].startswith("text/css")
    assert "--primary: #1d4e89;" in response.content.decode()
