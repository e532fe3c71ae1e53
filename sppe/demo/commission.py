"""The demo's commission: a published grid, a past session run through the services
(validated, with accepted and declined offers, a cascade, families followed up after a
refusal, an appeal and admissions), and the upcoming session, its seats entered and its
members named, ready for the commission member to freeze, run, review and validate.

Everything goes through sppe/allocation/services.py with moments in the past, so the
histories read as on a real desk. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from sppe.accounts.enums import Role
from sppe.accounts.models import User
from sppe.allocation import services
from sppe.allocation.enums import (
    AppealDecisionReason,
    DeliberationStatus,
    FollowUpChannel,
    FollowUpOutcome,
    OfferStatus,
)
from sppe.allocation.models import Deliberation
from sppe.dossiers import services as desk
from sppe.dossiers import states
from sppe.dossiers.ages import AgeSection
from sppe.dossiers.enums import Status
from sppe.dossiers.models import Application, CommissionSession
from sppe.territories.models import Territory

from .desk import FAMILY_EMAIL, ensure_commission_sessions
from .desk_generator import _upload_documents
from .territory import ACCOUNTS

SEED = 2_027
PAST_TITLE = "Commission d'attribution d'automne"
PAST_DAYS_AGO = 75  # the past sitting, on a Tuesday about two and a half months ago
GRID = [
    {
        "rule": "single_parent",
        "label": "Parent seul avec l'enfant",
        "points": 20,
        "label_en": "Single parent living with the child",
        "label_ar": "والد وحيد يعيش مع الطفل",
        "evidence": "Attestation Caf ou déclaration sur l'honneur",
    },
    {
        "rule": "parents_active",
        "label": "Parents en activité (emploi, formation, études)",
        "points": 10,
        "label_en": "Parents working, training or studying",
        "label_ar": "الوالدان يعملان أو في تكوين أو دراسة",
        "evidence": "Attestation d'employeur ou de formation",
    },
    {
        "rule": "job_seeking",
        "label": "Parent en recherche d'emploi",
        "points": 8,
        "label_en": "Parent looking for a job",
        "label_ar": "والد يبحث عن عمل",
        "evidence": "Attestation France Travail",
    },
    {
        "rule": "insertion",
        "label": "Parcours d'insertion (minima sociaux, accompagnement)",
        "points": 25,
        "label_en": "Social or professional integration path",
        "label_ar": "مسار إدماج اجتماعي أو مهني",
        "evidence": "Attestation Caf (RSA) ou du référent",
    },
    {
        "rule": "child_disability",
        "label": "Enfant en situation de handicap (AEEH)",
        "points": 30,
        "label_en": "Child with a disability (AEEH)",
        "label_ar": "طفل في وضعية إعاقة (AEEH)",
        "evidence": "Notification MDPH ou Caf",
    },
    {
        "rule": "parent_disability",
        "label": "Parent en situation de handicap",
        "points": 20,
        "label_en": "Parent with a disability",
        "label_ar": "والد في وضعية إعاقة",
        "evidence": "Notification MDPH",
    },
    {
        "rule": "multiple_birth",
        "label": "Naissance multiple",
        "points": 10,
        "label_en": "Multiple birth",
        "label_ar": "ولادة متعددة",
        "evidence": "Livret de famille",
    },
    {
        "rule": "same_commune",
        "label": "Famille habitant la commune de la crèche",
        "points": 5,
        "label_en": "Family living in the nursery's commune",
        "label_ar": "أسرة تسكن في بلدية الحضانة",
        "evidence": "Justificatif de domicile",
    },
    {
        "rule": "sibling_there",
        "label": "Frère ou sœur déjà accueilli dans la crèche",
        "points": 15,
        "label_en": "Brother or sister already at the nursery",
        "label_ar": "أخ أو أخت في الحضانة نفسها",
        "evidence": "Vérifié par la crèche",
    },
    {
        "rule": "seniority",
        "label": "Par commission passée sans place",
        "points": 10,
        "label_en": "Per committee passed without a place",
        "label_ar": "عن كل لجنة مرت دون مكان",
    },
    {
        "rule": "declined_offer",
        "label": "Par refus d'une place adaptée à la demande",
        "points": -20,
        "label_en": "Per suitable place declined",
        "label_ar": "عن كل رفض لمكان مناسب للطلب",
    },
]


@dataclass
class CommissionReport:
    grid: int
    past: Deliberation | None
    upcoming: Deliberation | None

    def lines(self) -> list[str]:
        lines = [f"Commission : grille de points v{self.grid}."]
        if self.past is not None:
            offers = self.past.offers
            lines.append(
                f"  Séance du {self.past.session.date:%d/%m/%Y} validée : "
                f"{self.past.dossiers.count()} dossiers, {offers.count()} propositions "
                f"({offers.filter(status__in=(OfferStatus.ACCEPTED, OfferStatus.ADMITTED)).count()}"
                f" acceptées, {offers.filter(status=OfferStatus.DECLINED).count()} refusées, "
                f"{offers.filter(cascade_round__gt=0).count()} en cascade)."
            )
        if self.upcoming is not None:
            lines.append(
                f"  Séance du {self.upcoming.session.date:%d/%m/%Y} à tenir : "
                f"{self.upcoming.get_status_display().lower()}."
            )
        return lines


def _user(role) -> User | None:
    email = next(a.email for a in ACCOUNTS if a.role == role)
    return User.objects.filter(email=email).first()


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _tuesday_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - 1) % 7)


def _grid(admin, today):
    grid = services.grid_in_force()
    if grid is None:
        grid = services.grid_publish(
            criteria=GRID,
            note="Grille adoptée par le conseil communautaire",
            by=admin,
            now=_at(today - dt.timedelta(days=200), 10),
        )
    return grid


def _seats(deliberation, territory, rng, *, generous=False):
    for establishment in desk.desk_establishments(territory).order_by("name"):
        for section, (low, high) in services.SECTION_AGES.items():
            if low > establishment.age_max_months or high < establishment.age_min_months:
                continue
            if generous:
                n = rng.choice((2, 3, 3, 4)) if section == AgeSection.BABIES else rng.choice((1, 2))
            else:
                n = rng.choice((1, 1, 2)) if section != AgeSection.OLDER else rng.choice((0, 1))
            if n:
                capacity = [n] * 5
                if rng.random() < 0.3:
                    capacity[2] = max(0, n - 1)  # Wednesday: fewer seats
                services.seat_unit_set(
                    deliberation=deliberation,
                    establishment=establishment,
                    section=str(section),
                    capacity=capacity,
                    by=None,
                )


def _past_session(today, territory, people, rng) -> Deliberation | None:
    existing = Deliberation.objects.filter(session__title=PAST_TITLE).first()
    if existing is not None:
        return existing
    date = _tuesday_before(today - dt.timedelta(days=PAST_DAYS_AGO))
    session = CommissionSession.objects.create(
        date=date,
        data_freeze_date=date - dt.timedelta(days=10),
        answer_date=date + dt.timedelta(days=7),
        title=PAST_TITLE,
    )
    member, elected, agent = people["member"], people["elected"], people["agent"]
    deliberation = services.deliberation_open(
        session=session,
        start_date=date + dt.timedelta(days=40),
        by=agent,
        members=[m for m in (member, elected, agent) if m],
        president=member,
    )
    _seats(deliberation, territory, rng)
    freeze = _at(session.data_freeze_date, 18)
    services.deliberation_freeze(deliberation=deliberation, by=agent, now=freeze)
    if not deliberation.dossiers.exists():
        return deliberation
    services.deliberation_run(deliberation=deliberation, by=member, now=_at(date, 9, 30))
    deliberation.refresh_from_db()
    services.deliberation_validate(deliberation=deliberation, by=member, now=_at(date, 11))
    deliberation.refresh_from_db()
    _answers(deliberation, date, agent)
    _after(deliberation, date, agent, people)
    return deliberation


def _answers(deliberation, date, agent):
    """Most families accept within days; two decline (their seats cascade); one lets the
    deadline pass (its seat cascades too, the next morning)."""
    offers = list(deliberation.offers.filter(cascade_round=0).order_by("child_key"))
    for index, offer in enumerate(offers):
        family = offer.application.household.account or agent
        when = _at(date + dt.timedelta(days=2 + index % 5), 19, 15)
        if index in (1, 4):
            services.offer_answer(offer=offer, accept=False, reason="too_far", by=family, now=when)
            services.cascade_run(deliberation=deliberation, now=when + dt.timedelta(minutes=1))
        elif index == 6:
            continue  # no answer: lapses after the deadline
        else:
            services.offer_answer(offer=offer, accept=True, by=family, now=when)
    services.offers_lapse_due(now=_at(date + dt.timedelta(days=deliberation.reply_days + 1), 6))
    for offer in deliberation.offers.filter(cascade_round__gt=0, status=OfferStatus.PENDING):
        family = offer.application.household.account or agent
        when = max(_at(date + dt.timedelta(days=deliberation.reply_days + 3), 20), offer.created_at)
        services.offer_answer(
            offer=offer, accept=True, by=family, now=when + dt.timedelta(minutes=5)
        )


def _after(deliberation, date, agent, people):
    """The relais calls the families left without a place; one family contests; the
    crèches confirm the first arrivals."""
    refused = deliberation.dossiers.filter(application__status=Status.NOT_PLACED).order_by("number")
    outcomes = (FollowUpOutcome.CHILDMINDER, FollowUpOutcome.APPOINTMENT, FollowUpOutcome.WAITING)
    for index, frozen in enumerate(refused):
        if index % 4 == 3:
            continue  # still to contact: the list shows it
        services.follow_up_record(
            application=frozen.application,
            deliberation=deliberation,
            channel=FollowUpChannel.PHONE,
            outcome=outcomes[index % 3],
            by=agent,
            now=_at(date + dt.timedelta(days=8 + index % 5), 10, 30),
        )
    contesting = next((f.application for f in refused if f.application.household.account), None)
    if contesting is not None:
        appeal = services.appeal_submit(
            application=contesting,
            deliberation=deliberation,
            grounds=(
                "Je pense que ma situation de parent seul n'a pas été comptée : "
                "mon conjoint a quitté le foyer en septembre."
            ),
            by=contesting.household.account,
            now=_at(date + dt.timedelta(days=12), 21),
        )
        services.appeal_answer(
            appeal=appeal,
            upheld=False,
            reason=AppealDecisionReason.RULES_APPLIED,
            by=agent,
            now=_at(date + dt.timedelta(days=19), 14),
        )
    manager = people["manager"]
    start = deliberation.start_date
    for offer in deliberation.offers.filter(status=OfferStatus.ACCEPTED).order_by("pk")[:4]:
        services.admission_confirm(offer=offer, by=manager or agent, now=_at(start, 9))


def _family_complete(today, agent):
    """The demo family's dossier, checked complete by the desk with its documents."""
    application = Application.objects.filter(household__account__email=FAMILY_EMAIL).first()
    if application is None or application.status != Status.SUBMITTED:
        return application
    moment = _at(today - dt.timedelta(days=9), 10)
    _upload_documents(
        application,
        application.household.account,
        between=(moment - dt.timedelta(hours=30), moment - dt.timedelta(hours=29)),
    )
    return desk.application_transition(
        application=application,
        to=Status.COMPLETE,
        by=agent,
        reason=states.Reason.DOCUMENTS_CHECKED,
        now=moment,
    )


def _upcoming_session(today, territory, people, rng) -> Deliberation | None:
    sessions = ensure_commission_sessions(today=today)
    session = min(sessions, key=lambda s: s.date) if sessions else None
    if session is None:
        return None
    if hasattr(session, "deliberation"):
        return session.deliberation
    member, elected, agent = people["member"], people["elected"], people["agent"]
    deliberation = services.deliberation_open(
        session=session,
        start_date=max(session.date + dt.timedelta(days=30), today + dt.timedelta(days=120)),
        by=agent,
        members=[m for m in (member, elected, agent) if m],
        president=member,
    )
    _seats(deliberation, territory, rng, generous=True)
    return deliberation


@transaction.atomic
def load_demo_commission(*, today=None) -> CommissionReport | None:
    today = today or timezone.localdate()
    territory = Territory.objects.current()
    people = {
        "member": _user(Role.COMMISSION_MEMBER),
        "elected": _user(Role.ELECTED),
        "agent": _user(Role.AGENT),
        "admin": _user(Role.TERRITORY_ADMIN),
        "manager": _user(Role.CRECHE_MANAGER),
    }
    if territory is None or people["agent"] is None or people["member"] is None:
        return None
    rng = random.Random(SEED)
    grid = _grid(people["admin"], today)
    past = _past_session(today, territory, people, rng)
    _family_complete(today, people["agent"])
    upcoming = _upcoming_session(today, territory, people, random.Random(SEED + 1))
    if past is not None and past.status != DeliberationStatus.VALIDATED:
        past = None
    return CommissionReport(grid=grid.number, past=past, upcoming=upcoming)
