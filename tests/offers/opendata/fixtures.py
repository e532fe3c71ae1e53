"""Fixtures shared by the open-data and API tests (imported by their conftest.py)."""

import datetime as dt

import pytest

from .factories import (
    AvailabilityFactory,
    ChildminderFactory,
    EstablishmentFactory,
    HomeCareProviderFactory,
    MamFactory,
    SectionFactory,
)

# Distinctive private values of an assistant maternel: none may ever leave the platform
# without her consent, and the last three never at all.
PRIVATE_ADDRESS = "12 rue Secrète"
PRIVATE_PHONE = "06 99 88 77 66"
PRIVATE_POSTAL_CODE = "85777"
PRIVATE_EMAIL = "am.confidentielle@secret.exemple.test"
PRIVATE_BIRTH_DATE = dt.date(1971, 3, 14)
PRIVATE_LAST_NAME = "Confidentielle"

CONSENT_ONLY = [PRIVATE_ADDRESS, "rue Secr", PRIVATE_PHONE, "99 88 77 66", "699887766"]
NEVER = [
    PRIVATE_EMAIL,
    "secret.exemple",
    PRIVATE_LAST_NAME,
    "1971-03-14",
    "14/03/1971",
    "1971",
]


def private_childminder(commune, *, consent: bool, **kwargs):
    return ChildminderFactory(
        commune=commune,
        first_name="Odile",
        last_name=PRIVATE_LAST_NAME,
        address=PRIVATE_ADDRESS,
        postal_code=PRIVATE_POSTAL_CODE,
        phone=PRIVATE_PHONE,
        email=PRIVATE_EMAIL,
        birth_date=PRIVATE_BIRTH_DATE,
        address_is_public=consent,
        phone_is_public=consent,
        **kwargs,
    )


@pytest.fixture
def communes(territory):
    return list(territory.communes.order_by("insee_code"))


@pytest.fixture
def offer(communes):
    """One published offer of each kind, with open places for the establishment and AM."""
    first, second = communes[0], communes[1]
    establishment = EstablishmentFactory(commune=first, age_min_months=2, age_max_months=36)
    section = SectionFactory(establishment=establishment)
    AvailabilityFactory(section=section, places=2)
    mam = MamFactory(commune=second)
    member = ChildminderFactory(commune=second, mam=mam, inclusive_care=True)
    childminder = ChildminderFactory(commune=first, age_min_months=0, age_max_months=36)
    AvailabilityFactory(childminder=childminder, places=1)
    home_care = HomeCareProviderFactory(communes=[first], atypical_hours=True)
    return {
        "establishment": establishment,
        "mam": mam,
        "member": member,
        "childminder": childminder,
        "home_care": home_care,
    }
