import pytest

from sppe.accounts.enums import Role

from ..factories import OrganisationFactory, UserFactory


@pytest.fixture
def agent(make_user):
    return make_user(Role.AGENT)


@pytest.fixture
def outsider(db):
    """An agent whose organisation serves a commune outside the territory."""
    return UserFactory(role=Role.AGENT, organisation=OrganisationFactory())


@pytest.fixture
def elected(make_user):
    return make_user(Role.ELECTED)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to("2026-03-15 10:00:00+01:00", tick=False)
