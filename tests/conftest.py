import pytest

from sppe.accounts.enums import Role

from .factories import CommuneFactory, OrganisationFactory, TerritoryFactory, UserFactory


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
