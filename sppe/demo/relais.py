"""The demo's relais petite enfance: a year of appointments and contacts, entered
through the relais's services with the clock of each moment (`now`).

Orders of magnitude of the RPE Vie et Boulogne (reference document 003): about 1,100
contacts a year (454 families looking for care, 364 parents as employers, 206
childminders about their rights, 57 candidates to the agrément, 41 project holders),
online appointments at the relais and its antennas, closed three weeks in summer and
at Christmas. Everything is drawn from one seed: the same day gives the same year.
The e-mails of the year count as sent at the time (the demo's worker does not send
hundreds of old confirmations).
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from sppe.accounts.enums import Role
from sppe.accounts.models import User
from sppe.notifications.enums import MessageStatus
from sppe.notifications.models import Message
from sppe.offers.models import Childminder
from sppe.relais.appointments import services as appointments
from sppe.relais.contacts.services import contact_log
from sppe.relais.enums import (
    ContactChannel,
    EventKind,
    Mode,
    Orientation,
    PersonKind,
    RegistrationStatus,
)
from sppe.relais.events import services as events
from sppe.relais.jobs import services as jobs
from sppe.relais.jobs.models import JobOffer
from sppe.relais.models import Appointment, Contact, Event, Place, Registration, Theme
from sppe.relais.resources.services import resource_publish
from sppe.territories.models import Territory

from .generator import FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES
from .generator import ascii_slug as slug
from .territory import ACCOUNTS

SEED = 2026
AGENT_EMAIL = next(a.email for a in ACCOUNTS if a.role == Role.AGENT)
EMAIL_DOMAIN = "relais.demo.example.org"
UPCOMING_DAYS = 56
# (name, address, commune INSEE code)
PLACES = (
    ("Relais Petite Enfance — siège", "24 rue des Landes", "85178"),
    ("Antenne d'Aizenay — maison de l'enfance", "8 rue de la Gare", "85003"),
    ("Antenne des Lucs-sur-Boulogne — mairie", "1 place de l'Église", "85129"),
)
# (place index, weekday, start, end, minutes, mode)
PERMANENCES = (
    (0, 1, dt.time(9, 0), dt.time(12, 0), 45, Mode.ON_SITE),
    (0, 3, dt.time(13, 30), dt.time(16, 30), 45, Mode.PHONE),
    (1, 2, dt.time(9, 0), dt.time(12, 0), 45, Mode.ON_SITE),
    (2, 4, dt.time(9, 0), dt.time(11, 15), 45, Mode.VIDEO),
)
# Share of the slots taken, past and upcoming; share of bookings cancelled.
BOOKED_PAST, BOOKED_UPCOMING, CANCELLED = 0.62, 0.4, 0.08
# Contacts of a year besides appointments, by kind: document 003's yearly figures
# (818 families, 206 childminders, 57 candidates) less the ~400 appointments' contacts.
CONTACT_TARGETS = {
    PersonKind.FAMILY: 578,
    PersonKind.CHILDMINDER: 94,
    PersonKind.CANDIDATE: 10,
    PersonKind.PROJECT_HOLDER: 41,
    PersonKind.PARTNER: 60,
}
CHANNELS = (
    (ContactChannel.PHONE, 50),
    (ContactChannel.EMAIL, 25),
    (ContactChannel.VISIT, 15),
    (ContactChannel.EVENT, 10),
)
# Theme positions (migration 0003) by kind of person, with weights.
THEMES_BY_KIND = {
    PersonKind.FAMILY: ((1, 55), (2, 15), (3, 25), (8, 5)),
    PersonKind.CHILDMINDER: ((2, 35), (4, 35), (6, 20), (8, 10)),
    PersonKind.CANDIDATE: ((5, 90), (6, 10)),
    PersonKind.PROJECT_HOLDER: ((7, 100),),
    PersonKind.PARTNER: ((1, 40), (6, 30), (8, 30)),
}
ORIENTATIONS = {
    PersonKind.FAMILY: (
        (Orientation.NONE, 40),
        (Orientation.CHILDMINDERS, 25),
        (Orientation.SINGLE_DESK, 20),
        (Orientation.CAF, 10),
        (Orientation.PAJEMPLOI, 5),
    ),
    PersonKind.CHILDMINDER: (
        (Orientation.NONE, 60),
        (Orientation.LABOUR, 20),
        (Orientation.PAJEMPLOI, 15),
        (Orientation.PMI, 5),
    ),
    PersonKind.CANDIDATE: ((Orientation.PMI, 80), (Orientation.NONE, 20)),
    PersonKind.PROJECT_HOLDER: ((Orientation.PMI, 50), (Orientation.OTHER_PARTNER, 50)),
    PersonKind.PARTNER: ((Orientation.NONE, 100),),
}
# Events of a year: matinées d'éveil on Tuesday and Thursday mornings, moving across the
# communes; evenings, trainings and talks now and then. About 110 different
# childminders come (document 003).
MATINEE_WEEKDAYS = (1, 3)
OTHER_EVENTS = (  # (kind, title, every n weeks, weekday, start, end, adults, children, parents)
    (EventKind.EVENING, "Soirée d'information : le contrat de travail", 8, 1, 20, 22, 40, 0, False),
    (EventKind.TRAINING, "Formation : sauveteur secouriste du travail", 6, 5, 9, 17, 12, 0, False),
    (
        EventKind.CONFERENCE,
        "Conférence : les écrans et les tout-petits",
        26,
        3,
        20,
        22,
        80,
        0,
        True,
    ),
    (EventKind.PRACTICE_GROUP, "Groupe d'analyse de la pratique", 5, 0, 20, 22, 10, 0, False),
)
ATTENDING_CHILDMINDERS = 110
# Scores out of 10 and their weights: about 8.4 on average (document 003: 8.42/10).
SATISFACTION = ((10, 25), (9, 25), (8, 25), (7, 15), (6, 6), (5, 4))
# The resources library, updated every quarter (document 003: a Padlet).
RESOURCES = (
    (
        0,
        "legal",
        "Convention collective des particuliers employeurs",
        "both",
        "https://www.legifrance.gouv.fr/",
    ),
    (
        0,
        "news",
        "Pajemploi : les nouveautés de l'année",
        "both",
        "https://www.pajemploi.urssaf.fr/",
    ),
    (1, "local", "Les médiathèques de Vie et Boulogne", "both", "https://www.vieetboulogne.fr/"),
    (
        3,
        "training",
        "Le calendrier des formations continues",
        "childminders",
        "https://www.iperia.eu/",
    ),
    (3, "pedagogy", "Jeux de doigts et comptines", "both", "https://www.monenfant.fr/"),
    (
        5,
        "legal",
        "Rémunération : le salaire minimum conventionnel",
        "both",
        "https://www.pajemploi.urssaf.fr/",
    ),
    (6, "news", "Le CMG réformé : ce qui change", "parents", "https://www.caf.fr/"),
    (7, "local", "La ludothèque intercommunale", "both", "https://www.vieetboulogne.fr/"),
    (9, "training", "Se former au secourisme", "childminders", "https://www.iperia.eu/"),
    (9, "pedagogy", "Les écrans et les tout-petits", "parents", "https://www.mpedia.fr/"),
    (
        11,
        "news",
        "Les congés payés des assistants maternels",
        "both",
        "https://www.pajemploi.urssaf.fr/",
    ),
)
JOB_OFFERS = 185  # parents' job offers diffused to childminders in a year (document 003)
BOOKING_KINDS = ((PersonKind.FAMILY, 60), (PersonKind.CHILDMINDER, 28), (PersonKind.CANDIDATE, 12))


@dataclass
class RelaisReport:
    places: int
    slots: int
    appointments: int
    cancelled: int
    upcoming: int
    contacts: int
    events: int = 0
    registrations: int = 0
    job_offers: int = 0

    def lines(self) -> list[str]:
        return [
            f"Relais petite enfance : {self.places} lieux, {self.slots} créneaux publiés, "
            f"{self.appointments} rendez-vous pris ({self.cancelled} annulés, "
            f"{self.upcoming} à venir), {self.contacts} contacts notés, {self.events} "
            f"animations et {self.registrations} inscriptions, {self.job_offers} offres "
            "d'emploi de parents sur un an."
        ]


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _closures(start: dt.date, end: dt.date):
    """Three weeks from the first Monday of August, and Christmas to New Year."""
    for year in range(start.year, end.year + 1):
        august = dt.date(year, 8, 1)
        monday = august + dt.timedelta(days=(7 - august.weekday()) % 7)
        yield monday, monday + dt.timedelta(days=20), "Congés d'été"
        yield dt.date(year, 12, 24), dt.date(year + 1, 1, 1), "Fêtes de fin d'année"


def _at(day: dt.date, hour: int, minute: int = 0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


class _People:
    def __init__(self, rng, communes):
        self.rng = rng
        self.communes = communes
        self.weights = [c.population or 1 for c in communes]
        self.count = 0

    def commune(self):
        return self.rng.choices(self.communes, weights=self.weights)[0]

    def person(self):
        self.count += 1
        female = self.rng.random() < 0.8
        first = self.rng.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES)
        last = self.rng.choice(LAST_NAMES)
        number = 10_000 + self.count
        return {
            "name": f"{first} {last}",
            "email": f"{slug(first)}.{slug(last)}.{number}@{EMAIL_DOMAIN}",
            "phone": f"06 48 {number // 10_000 % 100:02d} {number // 100 % 100:02d} "
            f"{number % 100:02d}",
        }


def _theme(rng, kind, themes):
    return themes[_weighted(rng, THEMES_BY_KIND[kind])]


def _working_day(rng, start: dt.date, days: int, closed: set) -> dt.date:
    while True:
        day = start + dt.timedelta(days=rng.randrange(days))
        if day.weekday() < 5 and day not in closed:
            return day


@transaction.atomic
def load_demo_relais(*, now=None) -> RelaisReport | None:
    """A year of the relais up to `now`, and its next eight weeks of slots (once)."""
    now = now or timezone.now()
    territory = Territory.objects.current()
    agent = User.objects.filter(email=AGENT_EMAIL, role=Role.AGENT).first()
    themes = {t.position: t for t in Theme.objects.all()}
    if territory is None or agent is None or len(themes) < 8:
        return None
    communes = {c.insee_code: c for c in territory.communes.all()}
    if not Place.objects.filter(name=PLACES[0][0]).exists() and all(
        code in communes for _n, _a, code in PLACES
    ):
        _generate(now=now, agent=agent, communes=communes, themes=themes)
    places = Place.objects.filter(name__in=[name for name, _a, _c in PLACES])
    booked = Appointment.objects.filter(slot__place__in=places)
    held = Event.objects.filter(place__commune__in=communes.values())
    return RelaisReport(
        places=places.count(),
        slots=sum(p.slots.count() for p in places),
        appointments=booked.count(),
        cancelled=booked.filter(cancelled_at__isnull=False).count(),
        upcoming=booked.filter(cancelled_at__isnull=True, slot__starts_at__gt=now).count(),
        contacts=Contact.objects.filter(commune__in=communes.values()).count(),
        events=held.count(),
        registrations=Registration.objects.filter(event__in=held).count(),
        job_offers=JobOffer.objects.filter(commune__in=communes.values()).count(),
    )


def _generate(*, now, agent, communes, themes):
    rng = random.Random(SEED)
    last_message = Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    today = timezone.localdate(now)
    start = today - dt.timedelta(days=364)
    start_at = _at(start, 0)
    places = [
        Place.objects.create(name=name, address=address, commune=communes[code])
        for name, address, code in PLACES
    ]
    closed = set()
    for first, last, reason in _closures(start, today + dt.timedelta(days=UPCOMING_DAYS)):
        if last < start:
            continue
        appointments.closure_add(
            by=agent,
            place=None,
            places=places,
            start_date=first,
            end_date=last,
            reason=reason,
            now=start_at,
        )
        closed.update(first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    periods = (
        (start_at, start, today - dt.timedelta(days=1)),
        (now, today, today + dt.timedelta(days=UPCOMING_DAYS)),
    )
    for period_now, first, last in periods:
        for index, weekday, begin, end, minutes, mode in PERMANENCES:
            appointments.permanence_publish(
                by=agent,
                place=places[index],
                agent=agent,
                mode=mode,
                weekday=weekday,
                start_time=begin,
                end_time=end,
                slot_minutes=minutes,
                valid_from=first,
                valid_until=last,
                now=period_now,
            )
    people = _People(rng, sorted(communes.values(), key=lambda c: c.insee_code))
    for slot in list(appointments.free_slots(now=start_at).filter(place__in=places)):
        upcoming = slot.starts_at > now
        if rng.random() >= (BOOKED_UPCOMING if upcoming else BOOKED_PAST):
            continue
        lead = dt.timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 10))
        booked_at = max(start_at, slot.starts_at - lead)
        if booked_at >= now:
            booked_at = now - dt.timedelta(minutes=rng.randint(5, 600))
        if booked_at >= slot.starts_at or booked_at < start_at:
            continue
        kind = _weighted(rng, BOOKING_KINDS)
        appointment = appointments.appointment_book(
            slot=slot,
            person_kind=kind,
            commune=people.commune(),
            theme=_theme(rng, kind, themes),
            now=booked_at,
            **people.person(),
        )
        if rng.random() < CANCELLED:
            appointments.appointment_cancel(
                appointment=appointment, now=booked_at + (slot.starts_at - booked_at) / 2
            )
        elif not upcoming:
            _contact(
                rng,
                agent,
                themes,
                appointment=appointment,
                kind=kind,
                commune=appointment.commune,
                day=timezone.localdate(slot.starts_at),
                channel=ContactChannel.APPOINTMENT,
                now=slot.ends_at,
            )
    childminders = {}
    for cm in Childminder.objects.filter(commune__in=communes.values(), is_active=True):
        childminders.setdefault(cm.commune_id, []).append(cm)
    for kind, target in CONTACT_TARGETS.items():
        for _ in range(target):
            day = _working_day(rng, start, 364, closed)
            commune = people.commune()
            childminder = None
            if kind == PersonKind.CHILDMINDER and childminders.get(commune.pk):
                childminder = rng.choice(childminders[commune.pk])
                commune = childminder.commune
            _contact(
                rng,
                agent,
                themes,
                kind=kind,
                commune=commune,
                day=day,
                channel=_weighted(rng, CHANNELS),
                childminder=childminder,
                now=_at(day, 17, 30),
            )
    _events(rng, now=now, start=start, agent=agent, communes=communes, closed=closed)
    _job_offers(rng, now=now, start=start, agent=agent, communes=communes)
    for months, category, title, audience, url in RESOURCES:
        when = _at(start + dt.timedelta(days=months * 30 + 10), 11)
        if when < now:
            resource_publish(
                by=agent, category=category, title=title, audience=audience, url=url, now=when
            )
    Message.objects.filter(
        pk__gt=last_message, event__startswith="relais_", status=MessageStatus.PENDING
    ).update(status=MessageStatus.SENT, sent_at=now, next_attempt_at=None)


def _events(rng, *, now, start, agent, communes, closed):
    """A year of events, then the next eight weeks; registrations by the demo offer's AM."""
    halls = {
        code: Place.objects.create(name=f"Salle municipale de {c.name}", commune=c)
        for code, c in sorted(communes.items())
    }
    rotation = list(halls.values())
    main_hall = halls.get("85178", rotation[0])
    pool = list(
        Childminder.objects.filter(commune__in=communes.values(), is_active=True)
        .exclude(email="")
        .order_by("agrement_number")
    )
    pool = rng.sample(pool, min(ATTENDING_CHILDMINDERS, len(pool)))
    if not pool:
        return
    plans = []
    last_day = timezone.localdate(now) + dt.timedelta(days=UPCOMING_DAYS)
    day, turn = start, 0
    while day <= last_day:
        week = (day - start).days // 7
        if day not in closed:
            if day.weekday() in MATINEE_WEEKDAYS:
                place = rotation[turn % len(rotation)]
                turn += 1
                title = f"Matinée d'éveil à {place.commune.name}"
                plans.append((EventKind.MATINEE, title, place, day, 9, 11, 6, 14, False))
            for kind, title, every, weekday, begin, end, adults, kids, parents in OTHER_EVENTS:
                if day.weekday() == weekday and week % every == every - 1:
                    place = (
                        main_hall
                        if kind != EventKind.PRACTICE_GROUP
                        else rotation[week % len(rotation)]
                    )
                    plans.append((kind, title, place, day, begin, end, adults, kids, parents))
        day += dt.timedelta(days=1)
    for kind, title, place, day, begin, end, adults, kids, parents in plans:
        starts_at, ends_at = _at(day, begin), _at(day, end)
        created = min(max(_at(start, 0), starts_at - dt.timedelta(days=45)), now)
        event = events.event_create(
            by=agent,
            kind=kind,
            title=title,
            place=place,
            starts_at=starts_at,
            ends_at=ends_at,
            capacity_adults=adults,
            capacity_children=kids,
            open_to_parents=parents,
            now=created,
        )
        if kind == EventKind.MATINEE:
            wanted = rng.randint(3, adults + 1)
        else:
            wanted = rng.randint(adults // 4, adults * 3 // 4)
        if starts_at > now:
            wanted //= 2
        for childminder in rng.sample(pool, min(wanted, len(pool))):
            at = created + (min(starts_at, now) - created) * rng.random()
            if at >= starts_at or at >= now or at <= created:
                continue
            events.registration_register(
                event=event,
                person_kind=PersonKind.CHILDMINDER,
                name=str(childminder),
                email=childminder.email,
                phone=childminder.phone,
                children=rng.randint(1, 3) if kids else 0,
                now=at,
            )
        if ends_at <= now:
            confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED)
            present = [r.pk for r in confirmed if rng.random() < 0.9]
            events.attendance_record(by=agent, event=event, present_ids=present, now=ends_at)
            asked = ends_at + dt.timedelta(hours=2)
            if asked < now:
                events.registrations_ask_satisfaction(now=asked)
                for registration in event.registrations.filter(attended=True):
                    if rng.random() < 0.6:
                        events.registration_rate(
                            registration=registration,
                            score=_weighted(rng, SATISFACTION),
                            now=asked + dt.timedelta(hours=rng.randint(1, 48)),
                        )


def _job_offers(rng, *, now, start, agent, communes):
    """About 185 parents' job offers in a year (document 003), validated the next working
    day, answered by some of the childminders they reached, closed when filled."""
    people = _People(random.Random(SEED + 1), sorted(communes.values(), key=lambda c: c.insee_code))
    for index in range(JOB_OFFERS):
        posted = _at(start + dt.timedelta(days=index * 364 // JOB_OFFERS), 20, rng.randint(0, 59))
        if posted >= now:
            break
        person = people.person()
        start_date = timezone.localdate(posted) + dt.timedelta(days=rng.randint(20, 90))
        days = rng.choice((0b00011, 0b00110, 0b01100, 0b11000, 0b00101, 0b01010, 0b01011))
        offer = jobs.job_offer_submit(
            parent_name=person["name"],
            email=person["email"],
            phone=person["phone"],
            commune=people.commune(),
            distance_km=rng.choice((5, 10, 10, 20)),
            days=days,
            start_time=dt.time(rng.choice((8, 8, 9)), rng.choice((0, 30))),
            end_time=dt.time(rng.choice((16, 17)), rng.choice((0, 30))),
            start_date=start_date,
            child_age_months=rng.choice((3, 4, 6, 10, 12, 18, 24)),
            atypical_hours=rng.random() < 0.08,
            specific_needs=rng.random() < 0.03,
            now=posted,
        )
        validated = posted + dt.timedelta(hours=rng.randint(13, 40))
        if validated >= now:
            continue
        if rng.random() < 0.03:
            jobs.job_offer_reject(by=agent, offer=offer, now=validated)
            continue
        jobs.job_offer_approve(by=agent, offer=offer, now=validated)
        answered = None
        for diffusion in offer.diffusions.order_by("pk"):
            answered = validated + dt.timedelta(hours=rng.randint(2, 96))
            if rng.random() < 0.3 and answered < now:
                jobs.job_offer_answer(diffusion=diffusion, now=answered)
        if answered and rng.random() < 0.6:
            closed = answered + dt.timedelta(days=rng.randint(2, 10))
            if closed < now:
                jobs.job_offer_close(offer=offer, now=closed)
    jobs.job_offers_close_expired(now=now)


def _contact(
    rng, agent, themes, *, kind, commune, day, channel, now, appointment=None, childminder=None
):
    chosen = {appointment.theme if appointment else _theme(rng, kind, themes)}
    if rng.random() < 0.25:
        chosen.add(_theme(rng, kind, themes))
    contact_log(
        by=agent,
        person_kind=kind,
        commune=commune,
        channel=channel,
        themes=chosen,
        duration_minutes=rng.choice((20, 30, 45))
        if appointment
        else rng.choice((5, 10, 10, 15, 20)),
        orientation=_weighted(rng, ORIENTATIONS[kind]),
        childminder=childminder,
        appointment=appointment,
        occurred_on=day,
        now=now,
    )
