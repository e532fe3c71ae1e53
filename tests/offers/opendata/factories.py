"""Factories of published offers for the open-data and API tests."""

import datetime as dt

import factory
from django.utils import timezone

from sppe.offers.enums import EstablishmentKind, Funding, HomeCareKind, ManagerType
from sppe.offers.models import (
    Availability,
    Childminder,
    Establishment,
    HomeCareProvider,
    Mam,
    Section,
)

from ...factories import CommuneFactory

HOURS = "Mo-Fr 07:30-18:30; PH off"


class EstablishmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Establishment

    name = factory.Sequence(lambda n: f"Crèche Les Petits Pas {n}")
    kind = EstablishmentKind.CRECHE_COLLECTIVE
    manager_type = ManagerType.PUBLIC
    manager_name = "Commune"
    funding = Funding.PSU
    address = "4 bis, rue des Écoles"
    postal_code = "85190"
    commune = factory.SubFactory(CommuneFactory)
    latitude = 46.71
    longitude = -1.61
    capacity = 40
    opening_hours = HOURS
    phone = "02 51 12 34 56"
    email = "creche@mairie.exemple.fr"
    website = "https://mairie.exemple.test/creche"
    description = "Une crèche au cœur du bourg, avec un grand jardin."


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    establishment = factory.SubFactory(EstablishmentFactory)
    name = factory.Sequence(lambda n: f"Section {n}")
    capacity = 12


class MamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mam

    name = factory.Sequence(lambda n: f"MAM Les Lucioles {n}")
    address = "3 rue du Stade"
    postal_code = "85190"
    commune = factory.SubFactory(CommuneFactory)
    latitude = 46.72
    longitude = -1.62
    opening_hours = "Mo-Fr 06:30-19:30"
    atypical_hours = True
    phone = "02 51 00 00 01"
    email = "mam@exemple.fr"


class ChildminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Childminder

    agrement_number = factory.Sequence(lambda n: f"AGR-{n:06d}")
    first_name = "Nadia"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    commune = factory.SubFactory(CommuneFactory)
    latitude = factory.SelfAttribute("commune.latitude")
    longitude = factory.SelfAttribute("commune.longitude")
    places = 3
    age_min_months = 0
    age_max_months = 36
    opening_hours = HOURS
    languages = ["français", "arabe"]
    description = "Maison avec jardin, sorties au relais chaque semaine."
    availability_updated_at = factory.LazyFunction(timezone.now)


class HomeCareProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HomeCareProvider
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Garde à domicile Vendée {n}")
    kind = HomeCareKind.PROVIDER
    phone = "02 51 00 00 02"
    email = "contact@garde.exemple.fr"
    website = "https://garde.exemple.test"
    description = "Garde d'enfants au domicile des parents, tôt le matin et le soir."

    @factory.post_generation
    def communes(self, create, extracted, **kwargs):
        if create and extracted:
            self.communes.set(extracted)


class AvailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Availability

    places = 1
    available_from = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=1))
