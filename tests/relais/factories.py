import datetime as dt

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sppe.accounts.enums import Role
from sppe.relais.appointments.services import appointment_token
from sppe.relais.enums import EventKind, JobOfferStatus, Mode, PersonKind, RegistrationStatus
from sppe.relais.events.models import Event, Registration
from sppe.relais.events.services import registration_token
from sppe.relais.jobs.models import JobOffer, JobOfferDiffusion
from sppe.relais.jobs.services import answer_token, offer_token
from sppe.relais.models import Appointment, Place, Slot, Theme
from sppe.relais.resources.services import resource_publish

from ..factories import CommuneFactory, UserFactory


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Relais, salle {n}")
    address = "1 place de la Mairie"
    commune = factory.SubFactory(CommuneFactory)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["label"]

    label = "Recherche d'un mode d'accueil"


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    place = factory.SubFactory(PlaceFactory)
    agent = factory.SubFactory(UserFactory, role=Role.AGENT)
    mode = Mode.ON_SITE
    starts_at = factory.Sequence(
        lambda n: timezone.now().replace(microsecond=0) + dt.timedelta(days=2, hours=n)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=30))


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    slot = factory.SubFactory(SlotFactory)
    person_kind = PersonKind.FAMILY
    name = "Camille Martin"
    email = factory.Sequence(lambda n: f"parent{n}@exemple.test")
    phone = "06 12 34 56 78"
    commune = factory.SelfAttribute("slot.place.commune")
    theme = factory.SubFactory(ThemeFactory)
    created_at = factory.LazyFunction(timezone.now)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = EventKind.MATINEE
    title = "Matinée d'éveil : comptines et jeux de doigts"
    place = factory.SubFactory(PlaceFactory)
    starts_at = factory.LazyFunction(
        lambda: timezone.now().replace(microsecond=0) + dt.timedelta(days=7)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    capacity_adults = 6
    capacity_children = 12
    created_by = factory.SubFactory(UserFactory, role=Role.AGENT)
    created_at = factory.LazyFunction(timezone.now)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    person_kind = PersonKind.CHILDMINDER
    name = "Sophie Bernard"
    email = factory.Sequence(lambda n: f"am{n}@exemple.test")
    children = 2
    status = RegistrationStatus.CONFIRMED
    created_at = factory.LazyFunction(timezone.now)


class JobOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobOffer

    parent_name = "Camille Martin"
    email = factory.Sequence(lambda n: f"parent-offre{n}@exemple.test")
    commune = factory.SubFactory(CommuneFactory)
    distance_km = 0
    days = 0b00111
    start_time = dt.time(8, 30)
    end_time = dt.time(17, 30)
    start_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    ends_on = factory.SelfAttribute("start_date")
    child_age_months = 10
    status = JobOfferStatus.DIFFUSED
    created_at = factory.LazyFunction(timezone.now)


def relais_world(world):
    """Slots and an appointment inside and outside the agent's communes (security tests)."""
    if not hasattr(world, "relais"):
        inside, outside = world.communes[0], world.communes[1]
        agent = world.users[Role.AGENT]
        slot = SlotFactory(place=PlaceFactory(commune=inside), agent=agent)
        appointment = AppointmentFactory(slot=SlotFactory(place=slot.place, agent=agent))
        other = AppointmentFactory(slot=SlotFactory(place=PlaceFactory(commune=outside)))
        event = EventFactory(place=slot.place)
        registration = RegistrationFactory(event=event)
        offer = JobOfferFactory(commune=inside)
        diffusion = JobOfferDiffusion.objects.create(
            offer=offer, childminder=world.childminder, sent_at=timezone.now()
        )
        world.relais = {
            "resource": resource_publish(
                by=agent,
                category="legal",
                title="Convention collective",
                audience="both",
                uploaded_file=SimpleUploadedFile("cc.pdf", b"%PDF-1.4\n%%EOF\n"),
            ),
            "job_offer": offer,
            "job_offer_token": offer_token(offer),
            "job_answer_token": answer_token(diffusion),
            "event": event,
            "registration_token": registration_token(registration),
            "slot": slot,
            "appointment": appointment,
            "token": appointment_token(appointment),
            "other_appointment": other,
        }
    return world.relais
