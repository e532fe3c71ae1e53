"""Fixtures of the commission's tests: a small territory with two crèches of the desk,
a published grid, a session with its president and a member, the clock pinned."""

import datetime as dt

import pytest

from sppe.accounts.enums import Role

from ..factories import UserFactory
from ..offers.factories import EstablishmentFactory
from .factories import DeliberationFactory, publish_grid

NOW = dt.datetime(2027, 2, 23, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def world(territory, clock):
    communes = list(territory.communes.order_by("insee_code"))
    north = EstablishmentFactory(name="Les Lucioles", commune=communes[0], joins_single_desk=True)
    south = EstablishmentFactory(name="Les Mésanges", commune=communes[1], joins_single_desk=True)
    president = UserFactory(role=Role.COMMISSION_MEMBER, first_name="Anne", last_name="Présidente")
    member = UserFactory(role=Role.COMMISSION_MEMBER)
    agent = UserFactory(role=Role.TERRITORY_ADMIN)
    publish_grid(by=agent)
    deliberation = DeliberationFactory(president=president)
    deliberation.members.set([president, member])
    return {
        "north": north,
        "south": south,
        "communes": communes,
        "president": president,
        "member": member,
        "agent": agent,
        "deliberation": deliberation,
    }
