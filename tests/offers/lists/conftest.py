import pytest

from sppe.accounts.enums import Role

from ...factories import CommuneFactory, OrganisationFactory, TerritoryFactory


@pytest.fixture
def communes(db):
    """Five communes of the territory, with distinct centres and postal codes."""
    return [CommuneFactory(latitude=46.7 + n / 100, longitude=-1.6 - n / 100) for n in range(5)]


@pytest.fixture
def territory(communes):
    # Overrides the suite's territory so that the list lines can use these communes.
    return TerritoryFactory(communes=communes)


@pytest.fixture
def agent(make_user, communes):
    """An agent of the intercommunal relais: every commune of the lists is hers."""
    return make_user(Role.AGENT, organisation=OrganisationFactory(communes=communes))
