"""Keeping the waiting list true: confirmation campaigns, births to declare, age limit.

Confirmation campaign
    Agents schedule a campaign (start date, deadline, reminders, optional repetition
    every N months). On its start date every waiting dossier of the territory
    (submitted, incomplete, complete, not placed) gets a `ConfirmationRequest` and the
    family a message with a personal link: one click says "I still need a place" or "I
    no longer need one". Unanswered families get the reminders, then a warning a few
    days before the deadline. The day after the deadline the unanswered dossiers lapse
    (through the desk's `application_transition`, by the system, reason
    "no_confirmation"). A late "still needed" within the grace period puts the dossier
    back on the list: automatically when the state machine lets the system reopen a
    lapsed dossier, otherwise it is listed for agents, who reopen it in one click.

Births to declare
    A child expected more than one month ago and still not declared born is flagged
    for the agents (`BirthFollowUp`) and the family is asked once to declare the birth.

Age limit
    Crèches take children until their 3rd birthday (ages.py). A waiting dossier whose
    every child is 3 or older on the date of the next commission (today if none is
    planned) cannot get a place any more: it lapses, by the system, reason "age_limit",
    and the family gets a message pointing to the other modes of care.

`campaign_run`, `flag_expected_not_born` and `age_limit_exit` are idempotent and take
`now`, so the daily command (run_desk_campaigns) can run twice, or late, safely.
"""

import calendar
import logging
from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sppe.accounts.perms import communes_in_perimeter, perimeter_covers, perimeter_meets

from . import states
from .ages import AGE_LIMIT_YEARS, add_years, third_birthday
from .campaign_models import (
    BirthFollowUp,
    CampaignStatus,
    ConfirmationAnswer,
    ConfirmationCampaign,
    ConfirmationRequest,
)
from .enums import Status
from .models import Application, ApplicationChild
from .notifications import absolute_url, notify
from .selectors import current_territory, next_commission
from .services import DossierError, application_transition

logger = logging.getLogger(__name__)

MIN_ANSWER_DAYS = 14
MAX_ANSWER_DAYS = 90
BIRTH_GRACE_MONTHS = 1
LATE_REASON = states.Reason.LATE_CONFIRMATION


class CampaignError(ValueError):
    """A refused campaign action; the message is plain French, ready to show."""


class Outcome:
    """What a family's click did, for the confirmation page."""

    CONFIRMED = "confirmed"
    WITHDRAWN = "withdrawn"
    NOTED = "noted"  # "no longer needed" recorded; an agent closes the dossier
    REINSTATED = "reinstated"
    REINSTATEMENT_PENDING = "reinstatement_pending"  # an agent reopens the dossier
    ALREADY = "already"


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _format_date(day: date) -> str:
    return date_format(day, "j F Y")


def confirm_url(request: ConfirmationRequest) -> str:
    return absolute_url(reverse("campaigns:confirm", args=[request.token]))


def waiting_applications(territory):
    return Application.objects.filter(
        status__in=states.WAITING_STATES, household__commune__in=territory.communes.all()
    )


def campaign_communes(campaign, territory):
    """The communes a campaign reaches: its author's perimeter (perms.py)."""
    if campaign.created_by is None:
        return territory.communes.none()
    return communes_in_perimeter(campaign.created_by, territory)


# --- campaigns --------------------------------------------------------------------


def _check_campaign(*, by, starts_on, deadline, reminder_days, warning_days, today):
    if starts_on < today:
        raise CampaignError(_("La date de lancement ne peut pas être dans le passé."))
    length = (deadline - starts_on).days
    if length < MIN_ANSWER_DAYS:
        raise CampaignError(
            _("Laissez au moins %(n)s jours aux familles pour répondre.") % {"n": MIN_ANSWER_DAYS}
        )
    if length > MAX_ANSWER_DAYS:
        raise CampaignError(
            _("La date limite doit venir moins de %(n)s jours après le lancement.")
            % {"n": MAX_ANSWER_DAYS}
        )
    for days in (*reminder_days, warning_days):
        if not 1 <= days < length:
            raise CampaignError(
                _(
                    "Les rappels et l'avertissement doivent tomber entre le lancement et la "
                    "date limite (entre 1 et %(n)s jours avant la date limite)."
                )
                % {"n": length - 1}
            )
    territory = current_territory()
    if territory is None or not communes_in_perimeter(by, territory).exists():
        raise CampaignError(
            _(
                "Votre compte n'est rattaché à aucune commune du territoire : demandez à "
                "l'administrateur du territoire de vous rattacher à votre organisation."
            )
        )
    # Campaigns of communes apart may run at once; two on a same commune may not.
    if any(
        perimeter_meets(by, other.created_by, territory)
        for other in ConfirmationCampaign.objects.filter(
            status__in=[CampaignStatus.SCHEDULED, CampaignStatus.OPEN]
        ).select_related("created_by")
    ):
        raise CampaignError(
            _(
                "Une campagne est déjà programmée ou en cours : attendez sa fin ou annulez-la "
                "avant d'en programmer une autre."
            )
        )


@transaction.atomic
def campaign_launch(
    *,
    by,
    deadline: date,
    reminder_days=(14,),
    warning_days: int = 3,
    grace_days: int = 30,
    starts_on: date | None = None,
    repeat_every_months: int = 0,
    now=None,
) -> ConfirmationCampaign:
    """Schedule a campaign; it opens at once when it starts today (or without start date)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    starts_on = starts_on or today
    reminder_days = sorted({int(d) for d in reminder_days}, reverse=True)
    _check_campaign(
        by=by,
        starts_on=starts_on,
        deadline=deadline,
        reminder_days=reminder_days,
        warning_days=warning_days,
        today=today,
    )
    if not 0 <= repeat_every_months <= 24:
        raise CampaignError(_("La répétition va de 0 (aucune) à 24 mois."))
    if not 0 <= grace_days <= 365:
        raise CampaignError(_("Le délai de réponse tardive va de 0 à 365 jours."))
    campaign = ConfirmationCampaign.objects.create(
        starts_on=starts_on,
        deadline=deadline,
        reminder_days_before_deadline=reminder_days,
        warning_days_before_deadline=warning_days,
        grace_days=grace_days,
        repeat_every_months=repeat_every_months,
        created_by=by,
        created_at=now,
    )
    if starts_on <= today:
        _open(campaign, now)
    return campaign


def _open(campaign, now) -> int:
    """Open a scheduled campaign: one request and one message per waiting dossier."""
    campaign.status = CampaignStatus.OPEN
    campaign.launched_at = now
    campaign.save(update_fields=["status", "launched_at"])
    territory = current_territory()
    if territory is None:
        return 0
    applications = list(
        waiting_applications(territory)
        .filter(household__commune__in=campaign_communes(campaign, territory))
        .select_for_update(of=("self",))
        .select_related("household", "household__account")
        .order_by("pk")
    )
    requests = ConfirmationRequest.objects.bulk_create(
        ConfirmationRequest(
            campaign=campaign, application=a, status_at_launch=a.status, sent_at=now
        )
        for a in applications
    )
    for application, request in zip(applications, requests, strict=True):
        notify(
            application=application,
            event="confirmation_request",
            confirm_url=confirm_url(request),
            deadline=campaign.deadline,
        )
    return len(requests)


@transaction.atomic
def campaign_cancel(*, campaign, by) -> ConfirmationCampaign:
    """Cancel a campaign that has not started (and so its repetitions)."""
    campaign = ConfirmationCampaign.objects.select_for_update().get(pk=campaign.pk)
    if not perimeter_covers(by, campaign.created_by, current_territory()):
        raise CampaignError(
            _(
                "Cette campagne concerne des communes hors de votre périmètre : vous ne "
                "pouvez pas l'annuler."
            )
        )
    if campaign.status != CampaignStatus.SCHEDULED:
        raise CampaignError(
            _("Seule une campagne programmée, pas encore lancée, peut être annulée.")
        )
    campaign.status = CampaignStatus.CANCELLED
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["status", "closed_at"])
    logger.info("campaign cancelled", extra={"campaign_id": campaign.pk, "user_id": by.pk})
    return campaign


def _reminder_threshold(campaign, today) -> date | None:
    """The latest reminder date already reached, if any."""
    dates = [campaign.deadline - timedelta(days=d) for d in campaign.reminder_days_before_deadline]
    reached = [d for d in dates if d <= today]
    return max(reached) if reached else None


def _unanswered(campaign):
    return campaign.requests.filter(
        answered_at__isnull=True,
        lapsed_at__isnull=True,
        application__status__in=states.WAITING_STATES,
    ).select_related("application", "application__household", "application__household__account")


def _send_reminders(campaign, now) -> dict[str, int]:
    today = timezone.localdate(now)
    counts = {"reminders": 0, "warnings": 0}
    warning_from = campaign.deadline - timedelta(days=campaign.warning_days_before_deadline)
    threshold = _reminder_threshold(campaign, today)
    for request in _unanswered(campaign).order_by("pk"):
        sent_on = timezone.localdate(request.sent_at)
        if today >= warning_from and request.warned_at is None and sent_on < today:
            # Claim, then queue, in one transaction: two runs at once send it once, and
            # a failure leaves it to send at the next run.
            with transaction.atomic():
                claimed = ConfirmationRequest.objects.filter(
                    pk=request.pk, warned_at__isnull=True
                ).update(warned_at=now)
                if claimed:
                    notify(
                        application=request.application,
                        event="lapse_warning",
                        confirm_url=confirm_url(request),
                        deadline=campaign.deadline,
                    )
                    counts["warnings"] += 1
            continue
        if threshold is None or request.warned_at is not None or sent_on >= threshold:
            continue
        last = timezone.localdate(request.reminded_at) if request.reminded_at else None
        if last is not None and last >= threshold:
            continue
        with transaction.atomic():
            claimed = ConfirmationRequest.objects.filter(
                pk=request.pk, reminded_at=request.reminded_at
            ).update(reminded_at=now, reminder_count=request.reminder_count + 1)
            if claimed:
                notify(
                    application=request.application,
                    event="confirmation_reminder",
                    confirm_url=confirm_url(request),
                    deadline=campaign.deadline,
                )
                counts["reminders"] += 1
    return counts


def _lapse(request, now) -> bool:
    with transaction.atomic():
        request = ConfirmationRequest.objects.select_for_update().get(pk=request.pk)
        application = Application.objects.select_for_update().get(pk=request.application_id)
        if (
            request.answered_at
            or request.lapsed_at
            or application.status not in states.WAITING_STATES
        ):
            return False
        request.lapsed_at = now
        request.status_before_lapse = application.status
        request.save(update_fields=["lapsed_at", "status_before_lapse"])
        # The desk's service logs the move; the family's message gives the link that
        # still reopens the dossier during the grace period.
        application_transition(
            application=application,
            to=Status.LAPSED,
            by=None,
            reason=states.Reason.NO_CONFIRMATION,
            event="confirmation_lapsed",
            context={"confirm_url": confirm_url(request), "grace_until": grace_until(request)},
        )
    return True


def _close(campaign, now) -> ConfirmationCampaign | None:
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_at = now
    campaign.save(update_fields=["status", "closed_at"])
    if not campaign.repeat_every_months:
        return None
    length = campaign.deadline - campaign.starts_on
    starts_on = add_months(campaign.starts_on, campaign.repeat_every_months)
    starts_on = max(starts_on, timezone.localdate(now) + timedelta(days=1))
    return ConfirmationCampaign.objects.create(
        starts_on=starts_on,
        deadline=starts_on + length,
        reminder_days_before_deadline=campaign.reminder_days_before_deadline,
        warning_days_before_deadline=campaign.warning_days_before_deadline,
        grace_days=campaign.grace_days,
        repeat_every_months=campaign.repeat_every_months,
        created_by=campaign.created_by,
        created_at=now,
    )


def campaign_run(*, now=None) -> dict[str, int]:
    """Open due campaigns, send due reminders and warnings, lapse after the deadline."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"opened": 0, "requests": 0, "reminders": 0, "warnings": 0, "lapsed": 0}
    for campaign in ConfirmationCampaign.objects.filter(
        status=CampaignStatus.SCHEDULED, starts_on__lte=today
    ).order_by("starts_on"):
        with transaction.atomic():
            locked = ConfirmationCampaign.objects.select_for_update().get(pk=campaign.pk)
            if locked.status == CampaignStatus.SCHEDULED:
                counts["requests"] += _open(locked, now)
                counts["opened"] += 1
    for campaign in ConfirmationCampaign.objects.filter(status=CampaignStatus.OPEN):
        if today <= campaign.deadline:
            for key, value in _send_reminders(campaign, now).items():
                counts[key] += value
            continue
        for request in _unanswered(campaign).order_by("pk"):
            try:
                counts["lapsed"] += _lapse(request, now)
            except DossierError:
                logger.exception(
                    "campaign lapse refused", extra={"application_id": request.application_id}
                )
        with transaction.atomic():
            locked = ConfirmationCampaign.objects.select_for_update().get(pk=campaign.pk)
            if locked.status == CampaignStatus.OPEN:
                _close(locked, now)
    return counts


# --- the family's answer ----------------------------------------------------------


def confirmation_request_for_token(token: str) -> ConfirmationRequest | None:
    if not token or len(token) > 64:
        return None
    return (
        ConfirmationRequest.objects.select_related("campaign", "application")
        .filter(token=token)
        .first()
    )


def grace_until(request) -> date | None:
    if request.lapsed_at is None:
        return None
    return timezone.localdate(request.lapsed_at) + timedelta(days=request.campaign.grace_days)


def _reinstate_target(request, actor=states.Actor.SYSTEM):
    """The waiting state to go back to: the one before the lapse, if the state machine
    lets `actor` move there for a late confirmation, else "submitted" (checked again)."""
    for target in (request.status_before_lapse, Status.SUBMITTED):
        if target and states.allowed(Status.LAPSED, target, actor):
            found = states.transition(Status.LAPSED, target)
            if not found.reasons or LATE_REASON in found.reasons:
                return target
    return None


def reinstatement_pending(queryset=None):
    """Late 'still needed' answers an agent must turn into a reopening."""
    queryset = queryset if queryset is not None else ConfirmationRequest.objects.all()
    return queryset.filter(
        late_answer_at__isnull=False,
        answer=ConfirmationAnswer.STILL_NEEDED,
        application__status=Status.LAPSED,
    )


@transaction.atomic
def confirmation_answer(*, token: str, still_needed: bool, by=None, now=None):
    """Record a family's answer (its click, or an agent for it); returns (request, outcome).

    `by` is None for the family's link, or the agent recording an answer given by phone.
    """
    now = now or timezone.now()
    found = confirmation_request_for_token(token)
    if found is None:
        raise CampaignError(
            _(
                "Ce lien n'est pas valable. Vérifiez qu'il est complet, ou contactez le relais "
                "petite enfance."
            )
        )
    request = ConfirmationRequest.objects.select_for_update().get(pk=found.pk)
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("household", "household__account")
        .get(pk=request.application_id)
    )
    answer = (
        ConfirmationAnswer.STILL_NEEDED if still_needed else ConfirmationAnswer.NO_LONGER_NEEDED
    )
    if request.answer == answer:
        return request, Outcome.ALREADY
    if request.lapsed_at is None:
        return request, _answer_in_time(request, application, answer, by, now)
    return request, _answer_late(request, application, answer, by, now)


def _answer_in_time(request, application, answer, by, now):
    if application.status not in states.WAITING_STATES:
        raise CampaignError(
            _(
                "Votre dossier n'est plus sur la liste d'attente (il est : %(status)s). Il n'y "
                "a rien à confirmer ; pour toute question, contactez le relais petite enfance."
            )
            % {"status": application.get_status_display()}
        )
    request.answer = answer
    request.answered_at = now
    request.save(update_fields=["answer", "answered_at"])
    if answer == ConfirmationAnswer.STILL_NEEDED:
        return Outcome.CONFIRMED
    actor = by or application.household.account
    if actor is None:
        return Outcome.NOTED
    application_transition(
        application=application,
        to=Status.WITHDRAWN,
        by=actor,
        reason=states.Reason.NO_LONGER_NEEDED,
    )
    return Outcome.WITHDRAWN


def _answer_late(request, application, answer, by, now):
    limit = grace_until(request)
    if by is None and timezone.localdate(now) > limit:
        raise CampaignError(
            _(
                "Le délai pour rouvrir votre dossier s'est terminé le %(date)s. Si vous avez "
                "toujours besoin d'une place, contactez le relais petite enfance ou déposez une "
                "nouvelle demande."
            )
            % {"date": _format_date(limit)}
        )
    request.answer = answer
    request.late_answer_at = now
    request.save(update_fields=["answer", "late_answer_at"])
    if answer == ConfirmationAnswer.NO_LONGER_NEEDED or application.status != Status.LAPSED:
        return Outcome.NOTED
    # The system reopens the dossier for the family's click; an agent for an answer
    # given by phone.
    target = _reinstate_target(request, states.Actor.AGENT if by else states.Actor.SYSTEM)
    if target is None:
        return Outcome.REINSTATEMENT_PENDING
    application_transition(application=application, to=target, by=by, reason=LATE_REASON)
    return Outcome.REINSTATED


@transaction.atomic
def confirmation_reinstate(*, request, by):
    """An agent puts back on the list a dossier whose family answered late."""
    request = ConfirmationRequest.objects.select_for_update().get(pk=request.pk)
    if not reinstatement_pending(ConfirmationRequest.objects.filter(pk=request.pk)).exists():
        raise CampaignError(_("Ce dossier n'attend pas de réouverture."))
    application = Application.objects.select_for_update().get(pk=request.application_id)
    target = _reinstate_target(request, states.Actor.AGENT) or Status.SUBMITTED
    return application_transition(application=application, to=target, by=by, reason=LATE_REASON)


# --- births to declare ------------------------------------------------------------


def expected_not_born(today: date):
    """Children of waiting dossiers due more than a month ago, still not declared born."""
    limit = add_months(today, -BIRTH_GRACE_MONTHS)
    territory = current_territory()
    if territory is None:
        return ApplicationChild.objects.none()
    return ApplicationChild.objects.filter(
        birth_date__isnull=True,
        due_date__lt=limit,
        application__in=waiting_applications(territory),
    )


def flag_expected_not_born(*, now=None) -> int:
    """Flag new cases for agents and ask each family once; resolve declared births."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    BirthFollowUp.objects.filter(resolved_at__isnull=True, child__birth_date__isnull=False).update(
        resolved_at=now
    )
    flagged = 0
    children = (
        expected_not_born(today)
        .filter(birth_follow_up__isnull=True)
        .select_related("application", "application__household", "application__household__account")
    )
    for child in children.order_by("pk"):
        with transaction.atomic():
            follow_up, created = BirthFollowUp.objects.get_or_create(
                child=child, defaults={"application": child.application, "flagged_at": now}
            )
            if not created:
                continue
            if notify(
                application=child.application,
                event="birth_declaration_requested",
                due_date=child.due_date,
            ):
                follow_up.family_asked_at = now
                follow_up.save(update_fields=["family_asked_at"])
            flagged += 1
    return flagged


def open_birth_follow_ups():
    return BirthFollowUp.objects.filter(
        resolved_at__isnull=True,
        child__birth_date__isnull=True,
        application__status__in=states.WAITING_STATES,
    )


# --- age limit --------------------------------------------------------------------


def age_limit_date(today: date) -> date:
    """The date the age limit is judged on: the next commission, else today."""
    session = next_commission(on=today)
    return session.date if session else today


def past_age_limit(application, on: date) -> bool:
    """Every child of the dossier is 3 or older on `on` (an unborn child never is)."""
    children = list(application.children.all())
    return bool(children) and all(
        c.birth_date is not None and third_birthday(c.birth_date) <= on for c in children
    )


def age_limit_exit(*, now=None) -> int:
    """Close the waiting dossiers whose children will all be 3 at the next commission."""
    now = now or timezone.now()
    on = age_limit_date(timezone.localdate(now))
    territory = current_territory()
    if territory is None:
        return 0
    # Candidates: a child born about 3 years before `on`; past_age_limit checks them all.
    born_by = add_years(on, -AGE_LIMIT_YEARS) + timedelta(days=1)
    candidates = (
        waiting_applications(territory)
        .filter(children__birth_date__lte=born_by)
        .distinct()
        .prefetch_related("children")
    )
    closed = 0
    for application in candidates.order_by("pk"):
        if not past_age_limit(application, on):
            continue
        try:
            application_transition(
                application=application,
                to=Status.LAPSED,
                by=None,
                reason=states.Reason.AGE_LIMIT,
                event="age_limit_exit",
                context={"limit_date": on},
            )
        except DossierError:
            logger.exception("age limit exit refused", extra={"application_id": application.pk})
            continue
        closed += 1
    return closed
