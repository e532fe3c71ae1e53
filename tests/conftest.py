import datetime as dt
import os

import pytest
import time_machine

from sppe.accounts.enums import Role

from .factories import CommuneFactory, OrganisationFactory, TerritoryFactory, UserFactory

# --- The whole session on another day -------------------------------------------------
# SPPE_TEST_CLOCK_SHIFT_DAYS=365 runs every test as if today were a year later (the
# clock keeps ticking); .ci/run does so for one of its two passes. A test that depends
# on the date pins it with the `time_machine` fixture, which moves from this shifted now.
CLOCK_SHIFT_VARIABLE = "SPPE_TEST_CLOCK_SHIFT_DAYS"
_session_travel = None


def pytest_configure(config):
    global _session_travel
    days = int(os.environ.get(CLOCK_SHIFT_VARIABLE) or 0)
    if days:
        shifted = dt.datetime.now(dt.UTC) + dt.timedelta(days=days)
        _session_travel = time_machine.travel(shifted, tick=True)
        _session_travel.start()


def pytest_unconfigure(config):
    global _session_travel
    if _session_travel is not None:
        _session_travel.stop()
        _session_travel = None


def pytest_report_header(config):
    days = int(os.environ.get(CLOCK_SHIFT_VARIABLE) or 0)
    if days:
        return f"clock shifted by {days} days ({CLOCK_SHIFT_VARIABLE}): today is {dt.date.today()}"
    return None


@pytest.fixture
def territory(db):
    communes = CommuneFactory.create_batch(3)
    return TerritoryFactory(communes=communes)


@pytest.fixture
def make_user(territory):
    """A user of the given role; professionals belong to an organisation on one commune."""

    def make(role: Role, **kwargs):
        if role in (Role.AGENT, Role.CRECHE_MANAGER) and "organisation" not in kwargs:
            kwargs["organisation"] = OrganisationFactory(
                communes=list(territory.communes.order_by("insee_code")[:1])
            )
        if role == Role.TERRITORY_ADMIN:
            kwargs.setdefault("is_staff", True)
        return UserFactory(role=role, **kwargs)

    return make
