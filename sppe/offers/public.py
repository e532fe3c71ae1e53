"""What of the offer is public, in one place.

The place pages, the open-data exports and the API all build their output from these
functions, so a private field (an AM's exact address, phone or date of birth without
consent) cannot leak through one of them and not the others.
"""

from .enums import OfferKind
from .models import Childminder, Establishment, HomeCareProvider, Mam

# Fields of a Childminder that are public whatever the consent.
CHILDMINDER_PUBLIC_FIELDS = (
    "places",
    "age_min_months",
    "age_max_months",
    "opening_hours",
    "atypical_hours",
    "languages",
    "has_garden",
    "trainings",
    "inclusive_care",
    "on_monenfant",
    "description",
)
# Never public, even with consent: tests assert they never appear.
CHILDMINDER_PRIVATE_FIELDS = ("birth_date", "email", "last_name")


def childminder_public(am: Childminder) -> dict:
    data = {field: getattr(am, field) for field in CHILDMINDER_PUBLIC_FIELDS}
    data.update(
        kind=OfferKind.CHILDMINDER.value,
        id=am.pk,
        name=am.public_name,
        commune=am.commune.name,
        insee_code=am.commune.insee_code,
        postal_code=am.postal_code if am.address_is_public else "",
        address=am.address if am.address_is_public else "",
        location_is_exact=am.address_is_public,
        latitude=am.latitude,
        longitude=am.longitude,
        phone=am.phone if am.phone_is_public else "",
        mam=am.mam.name if am.mam_id else "",
        availability_updated_at=am.availability_updated_at,
        updated_at=am.updated_at,
    )
    return data


def establishment_public(establishment: Establishment) -> dict:
    e = establishment
    return {
        "kind": OfferKind.ESTABLISHMENT.value,
        "id": e.pk,
        "external_id": e.external_id or "",
        "name": e.name,
        "establishment_kind": e.kind,
        "manager_type": e.manager_type,
        "manager_name": e.manager_name,
        "funding": e.funding,
        "address": e.address,
        "postal_code": e.postal_code,
        "commune": e.commune.name,
        "insee_code": e.commune.insee_code,
        "latitude": e.latitude,
        "longitude": e.longitude,
        "capacity": e.capacity,
        "age_min_months": e.age_min_months,
        "age_max_months": e.age_max_months,
        "opening_hours": e.opening_hours,
        "closures": e.closures,
        "atypical_hours": e.atypical_hours,
        "meals_provided": e.meals_provided,
        "nappies_provided": e.nappies_provided,
        "inclusive_care": e.inclusive_care,
        "emergency_care": e.emergency_care,
        "occasional_care": e.occasional_care,
        "description": e.description,
        "hourly_price": e.hourly_price,
        "phone": e.phone,
        "email": e.email,
        "website": e.website,
        "availability_updated_at": e.availability_updated_at,
        "updated_at": e.updated_at,
    }


def mam_public(mam: Mam) -> dict:
    return {
        "kind": OfferKind.MAM.value,
        "id": mam.pk,
        "name": mam.name,
        "address": mam.address,
        "postal_code": mam.postal_code,
        "commune": mam.commune.name,
        "insee_code": mam.commune.insee_code,
        "latitude": mam.latitude,
        "longitude": mam.longitude,
        "opening_hours": mam.opening_hours,
        "atypical_hours": mam.atypical_hours,
        "description": mam.description,
        "phone": mam.phone,
        "email": mam.email,
    }


def home_care_public(provider: HomeCareProvider) -> dict:
    """Public record of a home-care provider (a service or an auxiliaire parental).

    A provider is a professional offer: every field below is its public contact data.
    The communes must be prefetched (`published_home_care` does it).
    """
    communes = sorted(provider.communes.all(), key=lambda c: c.insee_code)
    return {
        "kind": OfferKind.HOME_CARE.value,
        "id": provider.pk,
        "name": provider.name,
        "provider_kind": provider.kind,
        "communes": [c.name for c in communes],
        "insee_codes": [c.insee_code for c in communes],
        "description": provider.description,
        "phone": provider.phone,
        "email": provider.email,
        "website": provider.website,
        "atypical_hours": provider.atypical_hours,
    }
