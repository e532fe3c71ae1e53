"""The demo's single desk: upcoming commission sittings and one dossier for the demo
family, so that every page of the desk has something true to show."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from sppe.accounts.models import User
from sppe.dossiers import services
from sppe.dossiers.enums import ParentActivity
from sppe.dossiers.models import Application, CommissionSession
from sppe.offers.schedule import days_to_mask
from sppe.territories.models import Territory

from .territory import ACCOUNTS

FAMILY_EMAIL = ACCOUNTS[0].email


def _next_weekday(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def ensure_commission_sessions(*, today=None) -> list[CommissionSession]:
    """Two sittings ahead (in about 6 weeks and 6 months), on Tuesdays, if none is planned."""
    today = today or timezone.localdate()
    upcoming = list(CommissionSession.objects.filter(date__gte=today))
    if upcoming:
        return upcoming
    sessions = []
    for weeks, title in (
        (6, "Commission d'attribution de printemps"),
        (26, "Commission d'automne"),
    ):
        date = _next_weekday(today + dt.timedelta(weeks=weeks), 1)
        sessions.append(
            CommissionSession.objects.create(
                date=date,
                data_freeze_date=date - dt.timedelta(days=10),
                answer_date=date + dt.timedelta(days=7),
                title=title,
            )
        )
    return sessions


@transaction.atomic
def ensure_family_dossier(*, today=None) -> Application | None:
    today = today or timezone.localdate()
    family = User.objects.filter(email=FAMILY_EMAIL).first()
    territory = Territory.objects.current()
    if family is None or territory is None:
        return None
    existing = Application.objects.filter(household__account=family).first()
    if existing is not None:
        return existing
    establishments = list(services.desk_establishments(territory).order_by("name")[:3])
    commune = territory.communes.filter(insee_code="85003").first() or territory.communes.first()
    if not establishments or commune is None:
        return None
    application = services.application_create(
        situation=services.Situation(
            first_name=family.first_name,
            last_name=family.last_name,
            commune=commune,
            parent1_activity=ParentActivity.EMPLOYED,
            parent2_activity=ParentActivity.EMPLOYED,
            annual_resources=38_000,
            dependent_children=1,
        ),
        request=services.CareRequest(
            wished_start_date=today + dt.timedelta(days=120),
            days=days_to_mask([0, 1, 3, 4]),
            start_minute=8 * 60 + 30,
            end_minute=17 * 60 + 30,
        ),
        children=[services.ChildInput(first_name="Léo", birth_date=today - dt.timedelta(days=150))],
        establishments=establishments,
        by=family,
    )
    return services.application_submit(application=application, by=family)


def load_demo_desk() -> tuple[int, Application | None]:
    sessions = ensure_commission_sessions()
    return len(sessions), ensure_family_dossier()
