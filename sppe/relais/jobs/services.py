"""Writes of the parents' job offers: submit, validate (and send), reject, answer, close.

Every function takes an optional `now`. Validation locks the offer so that two agents
never send it twice; an answer is recorded once per childminder and offer.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sppe.accounts.perms import communes_in_perimeter
from sppe.notifications.enums import MessageChannel
from sppe.notifications.rendering import message_language, render_message
from sppe.notifications.services import message_queue
from sppe.territories.models import Territory

from ..enums import DISTANCES_KM, JobOfferStatus
from .matching import matching_childminders
from .models import JobOffer, JobOfferDiffusion

OFFER_SALT = "sppe.relais.job_offer"  # noqa: S105 (namespaces, not secrets)
ANSWER_SALT = "sppe.relais.job_answer"
LONGEST_DIFFUSION = timedelta(days=120)


class JobOfferError(Exception):
    pass


def offer_token(offer) -> str:
    return signing.dumps(offer.pk, salt=OFFER_SALT)


def offer_for_token(token):
    try:
        pk = signing.loads(token, salt=OFFER_SALT)
    except signing.BadSignature:
        return None
    return JobOffer.objects.select_related("commune").filter(pk=pk).first()


def answer_token(diffusion) -> str:
    return signing.dumps(diffusion.pk, salt=ANSWER_SALT)


def diffusion_for_token(token):
    try:
        pk = signing.loads(token, salt=ANSWER_SALT)
    except signing.BadSignature:
        return None
    return (
        JobOfferDiffusion.objects.select_related("offer__commune", "childminder__commune")
        .filter(pk=pk)
        .first()
    )


def _send(recipient, template, context, *, related, event):
    language = message_language("fr")
    context = {**context, "base_url": settings.BASE_URL.rstrip("/")}
    subject, body = render_message(f"relais/mail/{template}.txt", context, language=language)
    message_queue(
        channel=MessageChannel.EMAIL,
        recipient=recipient,
        subject=subject,
        body=body,
        language=language,
        event=event,
        related=related,
    )


def _territory_communes():
    territory = Territory.objects.current()
    return territory.communes.all() if territory else []


@transaction.atomic
def job_offer_submit(
    *,
    parent_name,
    email,
    phone,
    commune,
    distance_km,
    days,
    start_time,
    end_time,
    start_date,
    child_age_months,
    atypical_hours=False,
    specific_needs=False,
    ends_on=None,
    now=None,
):
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not days:
        raise JobOfferError(_("Choisissez au moins un jour d'accueil."))
    if end_time <= start_time:
        raise JobOfferError(_("L'heure de départ de l'enfant doit suivre son heure d'arrivée."))
    if start_date < today:
        raise JobOfferError(_("La date de début ne peut pas être passée."))
    if distance_km not in DISTANCES_KM:
        raise JobOfferError(_("Choisissez une distance de la liste."))
    ends_on = ends_on or start_date
    if ends_on < today or ends_on > today + LONGEST_DIFFUSION:
        raise JobOfferError(_("La diffusion dure au plus quatre mois à partir d'aujourd'hui."))
    offer = JobOffer.objects.create(
        parent_name=parent_name.strip(),
        email=email.strip().lower(),
        phone=phone.strip(),
        commune=commune,
        distance_km=distance_km,
        days=days,
        start_time=start_time,
        end_time=end_time,
        start_date=start_date,
        child_age_months=child_age_months,
        atypical_hours=atypical_hours,
        specific_needs=specific_needs,
        ends_on=ends_on,
        status=JobOfferStatus.SUBMITTED,
        created_at=now,
    )
    _send(
        offer.email,
        "job_offer_received",
        {
            "offer": offer,
            "manage_path": reverse("relais:job_offer_manage", args=[offer_token(offer)]),
        },
        related=offer,
        event="relais_job_offer_received",
    )
    return offer


def _lock_for_agent(by, offer):
    locked = JobOffer.objects.select_for_update().select_related("commune").get(pk=offer.pk)
    territory = Territory.objects.current()
    if not communes_in_perimeter(by, territory).filter(pk=locked.commune_id).exists():
        raise JobOfferError(_("Cette offre n'est pas dans les communes de votre relais."))
    return locked


@transaction.atomic
def job_offer_approve(*, by, offer, now=None) -> int:
    """Validate and send the offer to the matching childminders; returns how many."""
    now = now or timezone.now()
    locked = _lock_for_agent(by, offer)
    if locked.status != JobOfferStatus.SUBMITTED:
        raise JobOfferError(_("Cette offre a déjà été traitée."))
    if locked.ends_on < timezone.localdate(now):
        raise JobOfferError(_("La période de diffusion de cette offre est passée."))
    locked.status = JobOfferStatus.DIFFUSED
    locked.moderated_at, locked.moderated_by = now, by
    locked.save(update_fields=["status", "moderated_at", "moderated_by"])
    childminders = list(matching_childminders(locked, _territory_communes()))
    diffusions = JobOfferDiffusion.objects.bulk_create(
        [JobOfferDiffusion(offer=locked, childminder=c, sent_at=now) for c in childminders]
    )
    for diffusion in diffusions:
        _send(
            diffusion.childminder.email,
            "job_offer_diffused",
            {
                "offer": locked,
                "answer_path": reverse("relais:job_offer_answer", args=[answer_token(diffusion)]),
            },
            related=locked,
            event="relais_job_offer_diffused",
        )
    return len(diffusions)


@transaction.atomic
def job_offer_reject(*, by, offer, now=None):
    now = now or timezone.now()
    locked = _lock_for_agent(by, offer)
    if locked.status != JobOfferStatus.SUBMITTED:
        raise JobOfferError(_("Cette offre a déjà été traitée."))
    locked.status = JobOfferStatus.REJECTED
    locked.moderated_at, locked.moderated_by = now, by
    locked.save(update_fields=["status", "moderated_at", "moderated_by"])
    return locked


@transaction.atomic
def job_offer_answer(*, diffusion, now=None):
    """The childminder is interested: the parent receives her contact details."""
    now = now or timezone.now()
    current = (
        JobOfferDiffusion.objects.select_for_update()
        .select_related("offer__commune", "childminder__commune")
        .get(pk=diffusion.pk)
    )
    offer = current.offer
    if offer.status != JobOfferStatus.DIFFUSED or offer.ends_on < timezone.localdate(now):
        raise JobOfferError(
            _("Cette offre est close : le parent a trouvé ou la diffusion est finie.")
        )
    if current.answered_at is not None:
        raise JobOfferError(
            _("Vous avez déjà répondu à cette offre : le parent a vos coordonnées.")
        )
    current.answered_at = now
    current.save(update_fields=["answered_at"])
    _send(
        offer.email,
        "job_offer_answered",
        {
            "offer": offer,
            "childminder": current.childminder,
            "manage_path": reverse("relais:job_offer_manage", args=[offer_token(offer)]),
        },
        related=offer,
        event="relais_job_offer_answered",
    )
    return current


@transaction.atomic
def job_offer_close(*, offer, by=None, now=None):
    now = now or timezone.now()
    locked = (
        _lock_for_agent(by, offer)
        if by is not None
        else JobOffer.objects.select_for_update().get(pk=offer.pk)
    )
    if locked.status in (JobOfferStatus.CLOSED, JobOfferStatus.REJECTED):
        raise JobOfferError(_("Cette offre est déjà close."))
    locked.status = JobOfferStatus.CLOSED
    locked.closed_at = now
    locked.save(update_fields=["status", "closed_at"])
    return locked


def job_offers_close_expired(*, now=None) -> int:
    """Close the offers whose diffusion period is over (daily)."""
    now = now or timezone.now()
    return JobOffer.objects.filter(
        status__in=[JobOfferStatus.SUBMITTED, JobOfferStatus.DIFFUSED],
        ends_on__lt=timezone.localdate(now),
    ).update(status=JobOfferStatus.CLOSED, closed_at=now)
