"""CSRF: every POST form carries its token, and a POST without one is refused."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from sppe.accounts.enums import Role

from .snapshot import changed_tables, database_snapshot, drain
from .urlmap import GET, POST, PUBLIC, RULES


class PostForms(HTMLParser):
    """The POST forms of a page, each with whether it holds a CSRF token."""

    def __init__(self):
        super().__init__()
        self.forms = []  # [action, has_token]
        self._open = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._open = [attrs.get("action", ""), False]
            self.forms.append(self._open)
        elif tag == "input" and self._open and attrs.get("name") == "csrfmiddlewaretoken":
            self._open[1] = bool(attrs.get("value"))

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = None


def post_forms(html):
    parser = PostForms()
    parser.feed(html)
    return parser.forms


PAGES = [name for name, rule in RULES.items() if GET in rule.methods]


@pytest.mark.parametrize("name", PAGES)
def test_every_post_form_carries_a_csrf_token(client, world, name):
    rule = RULES[name]
    url = reverse(name, kwargs=rule.kwargs(world) if rule.kwargs else None)
    visitors = [None] if rule.who == PUBLIC else []
    visitors += [role for role in Role if role in rule.roles]
    for role in visitors:
        if role is not None:
            client.force_login(world.users[role])
        response = client.get(url)
        if response.get("Content-Type", "").startswith("text/html"):
            missing = [f[0] for f in post_forms(response.content.decode()) if not f[1]]
            assert not missing, (name, role, missing)
        drain(response)
        client.logout()


def _csrf_client(user=None):
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


# (url name, role or None, kwargs) for a sample of POST actions, public and protected.
SAMPLE = [
    ("accounts:login", None),
    ("accounts:signup", None),
    ("accounts:link_request", None),
    ("accounts:magic_login", None),
    ("accounts:logout", Role.FAMILY),
    ("offers:availability_request", None),
    ("offers:availability_link", None),
    ("campaigns:confirm", None),
    ("set_language", None),
    ("accounts:password_set", Role.FAMILY),
    ("dossiers:family_withdraw", Role.FAMILY),
    ("dossiers:family_documents", Role.FAMILY),
    ("dossiers:family_document_delete", Role.FAMILY),
    ("offers:shared_care_contact", Role.FAMILY),
    ("offers:my_availability", Role.CHILDMINDER),
    ("offers:establishment_availability", Role.CRECHE_MANAGER),
    ("dossiers:agent_transition", Role.AGENT),
    ("dossiers:agent_document_upload", Role.AGENT),
    ("offer_lists:index", Role.AGENT),
    ("offer_lists:apply", Role.AGENT),
    ("campaigns:cancel", Role.AGENT),
    ("information:manage_contact_delete", Role.AGENT),
    ("territories:appearance", Role.TERRITORY_ADMIN),
]


def test_the_sample_covers_every_kind_of_post():
    assert {RULES[name].who for name, _role in SAMPLE} >= {PUBLIC}
    assert all(POST in RULES[name].methods for name, _role in SAMPLE)


@pytest.mark.parametrize(("name", "role"), SAMPLE)
def test_a_post_without_csrf_token_is_refused(world, name, role):
    rule = RULES[name]
    client = _csrf_client(world.users[role] if role else None)
    url = reverse(name, kwargs=rule.kwargs(world) if rule.kwargs else None)
    before = database_snapshot()
    response = client.post(
        url,
        {"confirm": "1", "email": "famille@exemple.test", "answer": "yes", "language": "en"},
    )
    assert response.status_code == 403, name
    assert changed_tables(before) == [], name


def test_a_post_with_the_token_goes_through(world):
    client = _csrf_client(world.users[Role.FAMILY])
    page = client.get(reverse("accounts:home"))
    token = page.cookies["csrftoken"].value
    response = client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
