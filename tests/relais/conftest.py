import datetime as dt

import pytest
from django.utils import timezone

from sppe.accounts.enums import Role

from ..factories import OrganisationFactory, UserFactory
from .factories import PlaceFactory, ThemeFactory

# A Monday morning, in Paris time.
NOW = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0))


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def relais(territory, clock):
    """Two relais, each with its commune, its place and its agent."""
    communes = list(territory.communes.order_by("insee_code"))
    home, other = communes[0], communes[1]
    agent = UserFactory(
        role=Role.AGENT,
        email="agent@exemple.test",
        organisation=OrganisationFactory(communes=[home]),
    )
    other_agent = UserFactory(
        role=Role.AGENT,
        email="autre-agent@exemple.test",
        organisation=OrganisationFactory(communes=[other]),
    )
    return {
        "commune": home,
        "other_commune": other,
        "agent": agent,
        "other_agent": other_agent,
        "place": PlaceFactory(commune=home, name="Relais d'Aizenay"),
        "other_place": PlaceFactory(commune=other, name="Mairie du Poiré"),
        "theme": ThemeFactory(),
    }
