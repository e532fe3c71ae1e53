import datetime as dt

import factory
from django.utils import timezone

from sppe.offers.enums import EstablishmentKind, Funding, ManagerType
from sppe.offers.models import Availability, Childminder, Establishment, Mam, Section
from sppe.offers.schedule import is_atypical, weekly_schedule

from ..factories import CommuneFactory

STANDARD_HOURS = "Mo-Fr 07:30-18:30"


class ScheduledFactoryMixin:
    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        schedule = weekly_schedule(kwargs.get("opening_hours", ""))
        kwargs.setdefault("weekly_schedule", schedule)
        kwargs.setdefault("atypical_hours", is_atypical(schedule))
        return super()._create(model_class, *args, **kwargs)


class ChildminderFactory(ScheduledFactoryMixin, factory.django.DjangoModelFactory):
    class Meta:
        model = Childminder

    agrement_number = factory.Sequence(lambda n: f"AGR-{n:06d}")
    first_name = "Nathalie"
    last_name = factory.Sequence(lambda n: f"Durand{n}")
    commune = factory.SubFactory(CommuneFactory)
    latitude = factory.SelfAttribute("commune.latitude")
    longitude = factory.SelfAttribute("commune.longitude")
    places = 4
    opening_hours = STANDARD_HOURS
    email = factory.Sequence(lambda n: f"am{n}@exemple.test")
    availability_updated_at = factory.LazyFunction(timezone.now)


class EstablishmentFactory(ScheduledFactoryMixin, factory.django.DjangoModelFactory):
    class Meta:
        model = Establishment

    name = factory.Sequence(lambda n: f"Multi-accueil {n}")
    kind = EstablishmentKind.MULTI_ACCUEIL
    manager_type = ManagerType.PUBLIC
    funding = Funding.PSU
    address = "1 place de la Mairie"
    postal_code = "85190"
    commune = factory.SubFactory(CommuneFactory)
    latitude = factory.SelfAttribute("commune.latitude")
    longitude = factory.SelfAttribute("commune.longitude")
    capacity = 30
    opening_hours = STANDARD_HOURS
    availability_updated_at = factory.LazyFunction(timezone.now)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    establishment = factory.SubFactory(EstablishmentFactory)
    name = factory.Sequence(lambda n: f"Section {n}")
    age_min_months = 2
    age_max_months = 36
    capacity = 10


class MamFactory(ScheduledFactoryMixin, factory.django.DjangoModelFactory):
    class Meta:
        model = Mam

    name = factory.Sequence(lambda n: f"MAM Les Lucioles {n}")
    address = "3 rue des Écoles"
    postal_code = "85190"
    commune = factory.SubFactory(CommuneFactory)
    latitude = factory.SelfAttribute("commune.latitude")
    longitude = factory.SelfAttribute("commune.longitude")
    opening_hours = STANDARD_HOURS


class AvailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Availability

    places = 1
    available_from = factory.LazyFunction(lambda: timezone.localdate())
    days = 0b11111
    age_min_months = 0
    age_max_months = 36


def today():
    return timezone.localdate()


def in_days(n):
    return today() + dt.timedelta(days=n)
