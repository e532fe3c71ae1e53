import pytest

from sppe.accounts.enums import Role

from ..factories import CommuneFactory
from .factories import desk_establishment, family, make_dossier


@pytest.fixture(autouse=True)
def commune_codes():
    """Commune codes 85900+ for these tests, leaving the shared sequence as it was.

    The shared factory writes f"85{n:03d}": past 999 communes in a session the codes
    get six digits. These many tests must not push other modules' codes there.
    """
    meta = CommuneFactory._meta
    meta._initialize_counter()
    saved = meta._counter.seq
    CommuneFactory.reset_sequence(900)
    yield
    CommuneFactory.reset_sequence(saved)


@pytest.fixture(autouse=True)
def documents_root(settings, tmp_path):
    """Families' documents go to a private folder of each test."""
    root = tmp_path / "documents"
    settings.DOCUMENTS_ROOT = root
    return root


@pytest.fixture
def communes(territory):
    # The first commune (by INSEE code) is the agent's perimeter (tests/conftest.py).
    return list(territory.communes.order_by("insee_code"))


@pytest.fixture
def creches(communes):
    return [desk_establishment(communes[0]), desk_establishment(communes[1])]


@pytest.fixture
def agent(make_user):
    return make_user(Role.AGENT)


@pytest.fixture
def dossier(communes, creches):
    """A family's draft in the agent's commune: born child, two ranked crèches."""
    return make_dossier(commune=communes[0], establishments=creches)


@pytest.fixture
def other_family():
    return family()
