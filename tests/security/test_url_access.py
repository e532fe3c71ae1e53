"""Every URL of the project against anonymous visitors and every role.

The URL list comes from the resolver: a page added without a rule in urlmap.RULES
fails `test_every_url_has_a_rule`. Allowed roles get the page; the others get a 403
or a 404 and nothing is written; anonymous visitors are sent to log in. Django's
test client raises any server error, so no page may answer 500 either.
"""

import contextlib

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.urls import reverse

from sppe.accounts.enums import Role
from sppe.accounts.perms import ROLES_BY_CAPABILITY, Capability, has_capability

from .snapshot import changed_tables, database_snapshot, drain
from .urlmap import EXPECTED_ROLES, GET, POST, PUBLIC, RULES, project_url_names


@pytest.fixture
def world(module_world, db):
    """The module's world (built once: conftest.module_world); this test's writes are
    rolled back after it, and its objects are read again (a sign-in, for one, changes
    the user object in memory)."""
    for user in module_world.users.values():
        user.refresh_from_db()
    for value in vars(module_world).values():
        if isinstance(value, Model):
            # An object a previous test's own fixture made is gone (rolled back); that
            # fixture makes it again.
            with contextlib.suppress(ObjectDoesNotExist):
                value.refresh_from_db()
    return module_world


PROTECTED = [name for name, rule in RULES.items() if rule.who != PUBLIC]
WITH_POST = [name for name, rule in RULES.items() if POST in rule.methods and rule.who != PUBLIC]
POST_ONLY = [name for name, rule in RULES.items() if rule.methods == {POST}]


def url_of(name, world):
    rule = RULES[name]
    return reverse(name, kwargs=rule.kwargs(world) if rule.kwargs else None)


def test_every_url_has_a_rule():
    missing = project_url_names() - set(RULES)
    assert not missing, f"URLs without a security rule in tests/security/urlmap.py: {missing}"
    assert not set(RULES) - project_url_names(), "rules for URLs that no longer exist"


def test_every_capability_has_its_roles_written_in_the_tests():
    missing = set(Capability) - set(EXPECTED_ROLES)
    assert not missing, f"write the roles of {missing} in tests/security/urlmap.py"


@pytest.mark.parametrize("capability", sorted(Capability))
def test_each_capability_is_held_by_exactly_the_roles_written_here(capability):
    """The production table is checked against the literal one, page or not."""
    assert ROLES_BY_CAPABILITY[capability] == EXPECTED_ROLES[capability], capability


@pytest.mark.parametrize("capability", sorted(Capability))
def test_has_capability_follows_the_written_roles(capability):
    class Someone:
        is_authenticated = True
        is_active = True

    for role in Role:
        someone = Someone()
        someone.role = role
        assert has_capability(someone, capability) == (role in EXPECTED_ROLES[capability])
    someone.is_active = False
    assert not has_capability(someone, capability)


@pytest.mark.parametrize("name", sorted(RULES))
def test_anonymous_get(client, world, name):
    rule = RULES[name]
    response = client.get(url_of(name, world))
    drain(response)
    if GET not in rule.methods:
        # Some POST-only actions check the method first: 405 reveals nothing either.
        assert response.status_code in (302, 405), name
        if response.status_code == 302:
            assert response["Location"].startswith(reverse(rule.anonymous_to)), name
    elif rule.who == PUBLIC:
        assert response.status_code in rule.ok, name
    else:
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse(rule.anonymous_to)), name


@pytest.mark.parametrize("name", WITH_POST)
def test_anonymous_post_writes_nothing(client, world, name):
    before = database_snapshot()
    response = client.post(url_of(name, world), {"version": 1, "confirm": "1", "all": "1"})
    assert response.status_code in (302, 403, 404, 405), name
    if response.status_code == 302:
        assert response["Location"].startswith(reverse(RULES[name].anonymous_to)), name
    assert changed_tables(before) == [], name


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", sorted(RULES))
def test_role_get(client, world, name, role):
    rule = RULES[name]
    client.force_login(world.users[role])
    response = client.get(url_of(name, world))
    drain(response)
    if GET not in rule.methods:
        refused = (403, 404, 405) if role not in rule.roles else (405,)
        assert response.status_code in refused, (name, role)
    elif rule.who == PUBLIC:
        # The log-in and sign-up pages send a logged-in visitor on to their account.
        assert response.status_code in rule.ok | {302}, (name, role)
    elif role in rule.roles:
        assert response.status_code in rule.ok, (name, role)
    else:
        assert response.status_code in (403, 404), (name, role)


@pytest.mark.parametrize(
    ("name", "role"),
    [(name, role) for name in WITH_POST for role in Role if role not in RULES[name].roles],
)
def test_refused_role_post_writes_nothing(client, world, name, role):
    client.force_login(world.users[role])
    before = database_snapshot()
    response = client.post(url_of(name, world), {"version": 1, "confirm": "1", "all": "1"})
    assert response.status_code in (403, 404), (name, role)
    assert changed_tables(before) == [], (name, role)


@pytest.mark.parametrize("name", POST_ONLY)
def test_post_only_actions_refuse_get_and_change_nothing(client, world, name):
    rule = RULES[name]
    allowed = sorted(rule.roles)[0] if rule.who != PUBLIC else Role.FAMILY
    client.force_login(world.users[allowed])
    before = database_snapshot()
    response = client.get(url_of(name, world))
    assert response.status_code == 405, name
    assert changed_tables(before) == [], name
