"""The yearly activity report of the relais: every figure the Caf and the EPCI's
commission ask for, for one year and the communes of the reader's perimeter.

Reads only; each figure is one aggregate query. The same rows feed the page and the
CSV file, so that what is shown is what is exported.
"""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Sum

from ..enums import (
    ContactChannel,
    EventKind,
    JobOfferStatus,
    Orientation,
    PersonKind,
    RegistrationStatus,
)
from ..models import Appointment, Contact, Event, JobOffer, JobOfferDiffusion, Registration


@dataclass
class Section:
    title: str
    rows: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class YearlyReport:
    year: int
    sections: list[Section]
    communes: list[tuple[str, int, int, int, int]]  # name, contacts, appointments, AM, offers

    def csv_rows(self):
        yield ("section", "libellé", "valeur")
        for section in self.sections:
            for label, value in section.rows:
                yield (section.title, label, value)
        for name, contacts, appointments, childminders, offers in self.communes:
            yield ("Par commune", f"{name} — contacts", contacts)
            yield ("Par commune", f"{name} — rendez-vous", appointments)
            yield (
                "Par commune",
                f"{name} — assistants maternels venus aux animations",
                childminders,
            )
            yield ("Par commune", f"{name} — offres d'emploi de parents", offers)


def _by_choice(queryset, field_name, choices):
    counts = dict(queryset.values_list(field_name).annotate(n=Count("pk")))
    return [(str(label), counts.get(value, 0)) for value, label in choices]


def yearly_report(*, communes, year: int) -> YearlyReport:
    contacts = Contact.objects.filter(commune__in=communes, occurred_on__year=year)
    appointments = Appointment.objects.filter(
        slot__place__commune__in=communes, slot__starts_at__year=year
    )
    events = Event.objects.filter(place__commune__in=communes, starts_at__year=year)
    registrations = Registration.objects.filter(event__in=events)
    offers = JobOffer.objects.filter(commune__in=communes, created_at__year=year)
    diffusions = JobOfferDiffusion.objects.filter(offer__in=offers)
    themes = (
        contacts.values_list("themes__label")
        .annotate(n=Count("pk"))
        .order_by("-n", "themes__label")
    )
    came = registrations.filter(attended=True)
    sections = [
        Section(
            "Contacts",
            [("Contacts notés", contacts.count())]
            + _by_choice(contacts, "person_kind", PersonKind.choices),
        ),
        Section("Contacts par canal", _by_choice(contacts, "channel", ContactChannel.choices)),
        Section("Contacts par thème", [(label, n) for label, n in themes]),
        Section("Orientations données", _by_choice(contacts, "orientation", Orientation.choices)),
        Section(
            "Rendez-vous",
            [
                ("Rendez-vous pris", appointments.count()),
                ("dont annulés", appointments.filter(cancelled_at__isnull=False).count()),
                (
                    "dont pris par un agent pour un appelant",
                    appointments.exclude(booked_by=None).count(),
                ),
            ]
            + _by_choice(appointments.filter(cancelled_at=None), "person_kind", PersonKind.choices),
        ),
        Section(
            "Animations",
            _by_choice(events.filter(cancelled_at=None), "kind", EventKind.choices)
            + [
                (
                    "Inscriptions",
                    registrations.exclude(status=RegistrationStatus.CANCELLED).count(),
                ),
                ("Présences", came.count()),
                ("Enfants accueillis", came.aggregate(n=Sum("children"))["n"] or 0),
                (
                    "Satisfaction moyenne sur 10 (avis donnés)",
                    round(came.aggregate(n=Avg("satisfaction"))["n"] or 0, 1),
                ),
                ("Avis donnés", came.filter(satisfaction__isnull=False).count()),
                (
                    "Assistants maternels différents venus",
                    came.filter(person_kind=PersonKind.CHILDMINDER)
                    .values("email")
                    .distinct()
                    .count(),
                ),
            ],
        ),
        Section(
            "Offres d'emploi des parents",
            [
                ("Offres reçues", offers.count()),
                (
                    "Offres diffusées",
                    offers.exclude(
                        status__in=[JobOfferStatus.SUBMITTED, JobOfferStatus.REJECTED]
                    ).count(),
                ),
                ("Envois à des assistants maternels", diffusions.count()),
                (
                    "Réponses d'assistants maternels",
                    diffusions.filter(answered_at__isnull=False).count(),
                ),
            ],
        ),
    ]
    per_commune = []
    for commune in communes.order_by("name"):
        per_commune.append(
            (
                commune.name,
                contacts.filter(commune=commune).count(),
                appointments.filter(commune=commune, cancelled_at=None).count(),
                came.filter(person_kind=PersonKind.CHILDMINDER, event__place__commune=commune)
                .values("email")
                .distinct()
                .count(),
                offers.filter(commune=commune).count(),
            )
        )
    return YearlyReport(year=year, sections=sections, communes=per_commune)


def report_years(communes) -> list[int]:
    years = {
        d.year for d in Contact.objects.filter(commune__in=communes).dates("occurred_on", "year")
    }
    return sorted(years, reverse=True)
