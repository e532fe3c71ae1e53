import factory

from sppe.information.enums import ContactKind, ContentKey, ContentLanguage
from sppe.information.models import Contact, LocalContent
from sppe.offers.enums import EstablishmentKind, Funding, ManagerType
from sppe.offers.models import Childminder, Establishment, Mam
from sppe.offers.schedule import weekly_schedule

from ..factories import CommuneFactory


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    name = factory.Sequence(lambda n: f"Relais Petite Enfance {n}")
    kind = ContactKind.RPE
    address = "24 rue des Landes\n85170 Le Poiré-sur-Vie"
    phone = "02 51 00 00 00"
    email = factory.Sequence(lambda n: f"rpe{n}@exemple.test")
    opening_hours = "Mo-Fr 09:00-12:00,14:00-17:00"
    weekly_schedule = factory.LazyAttribute(lambda o: weekly_schedule(o.opening_hours))


class LocalContentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalContent

    key = ContentKey.AFTER_REFUSAL
    language = ContentLanguage.FRENCH
    title = "Après un refus, le RPE vous rappelle"
    body = "Le Relais vous appelle dans la semaine.\n\n- liste des places libres\n- rendez-vous"


class EstablishmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Establishment

    name = factory.Sequence(lambda n: f"Multi-accueil Les Petits Pas {n}")
    kind = EstablishmentKind.MULTI_ACCUEIL
    manager_type = ManagerType.PUBLIC
    funding = Funding.PSU
    address = "1 place de la Mairie"
    postal_code = "85190"
    commune = factory.SubFactory(CommuneFactory)
    capacity = 24


class MicroCrecheFactory(EstablishmentFactory):
    name = factory.Sequence(lambda n: f"Micro-crèche Les Loupiots {n}")
    kind = EstablishmentKind.MICRO_CRECHE
    manager_type = ManagerType.PRIVATE
    funding = Funding.PAJE
    capacity = 12


class MamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mam

    name = factory.Sequence(lambda n: f"MAM Les Lucioles {n}")
    address = "3 rue des Écoles"
    postal_code = "85190"
    commune = factory.SubFactory(CommuneFactory)


class ChildminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Childminder

    agrement_number = factory.Sequence(lambda n: f"AGR-INFO-{n:06d}")
    first_name = "Nathalie"
    last_name = factory.Sequence(lambda n: f"Durand{n}")
    commune = factory.SubFactory(CommuneFactory)
    places = 4
