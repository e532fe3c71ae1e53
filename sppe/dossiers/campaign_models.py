"""Keeping the waiting list true: confirmation campaigns and follow-up flags.

A `ConfirmationCampaign` asks every family still waiting to confirm in one click that it
needs a place; each dossier gets a `ConfirmationRequest` with its own link. Without an
answer by the deadline, the dossier lapses (with reminders and a warning first); a late
answer within the grace period puts it back on the list (see campaigns.py).

A `BirthFollowUp` marks a dossier whose child was expected more than a month ago and is
still not declared born: agents see it in their list, the family is asked once.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import Status

__all__ = [
    "BirthFollowUp",
    "CampaignStatus",
    "ConfirmationAnswer",
    "ConfirmationCampaign",
    "ConfirmationRequest",
]


class CampaignStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Programmée")
    OPEN = "open", _("En cours")
    CLOSED = "closed", _("Terminée")
    CANCELLED = "cancelled", _("Annulée")


class ConfirmationAnswer(models.TextChoices):
    STILL_NEEDED = "still_needed", _("A toujours besoin d'une place")
    NO_LONGER_NEEDED = "no_longer_needed", _("N'a plus besoin de place")


def new_token() -> str:
    return secrets.token_urlsafe(32)


class ConfirmationCampaign(models.Model):
    starts_on = models.DateField(_("lancement le"))
    deadline = models.DateField(
        _("date limite de réponse"), help_text=_("Les familles peuvent répondre jusqu'à ce jour.")
    )
    reminder_days_before_deadline = models.JSONField(
        _("rappels (jours avant la date limite)"), default=list, blank=True
    )
    warning_days_before_deadline = models.PositiveSmallIntegerField(
        _("avertissement (jours avant la date limite)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    grace_days = models.PositiveSmallIntegerField(
        _("délai de réponse tardive (jours)"),
        default=30,
        validators=[MaxValueValidator(365)],
        help_text=_("Après la clôture, une réponse tardive remet le dossier sur la liste."),
    )
    repeat_every_months = models.PositiveSmallIntegerField(
        _("répéter tous les (mois)"),
        default=0,
        validators=[MaxValueValidator(24)],
        help_text=_("0 : pas de répétition."),
    )
    status = models.CharField(
        _("état"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.SCHEDULED
    )
    launched_at = models.DateTimeField(_("lancée le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programmée par"),
    )
    created_at = models.DateTimeField(_("créée le"))

    class Meta:
        verbose_name = _("campagne de confirmation")
        verbose_name_plural = _("campagnes de confirmation")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gt=models.F("starts_on")),
                name="campaign_deadline_after_start",
            )
        ]

    def __str__(self):
        return f"Campagne de confirmation du {self.starts_on:%d/%m/%Y}"


class ConfirmationRequest(models.Model):
    campaign = models.ForeignKey(
        ConfirmationCampaign, on_delete=models.CASCADE, related_name="requests"
    )
    application = models.ForeignKey(
        "dossiers.Application", on_delete=models.CASCADE, related_name="confirmation_requests"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    status_at_launch = models.CharField(max_length=20, choices=Status.choices)
    sent_at = models.DateTimeField(_("demande envoyée le"))
    reminded_at = models.DateTimeField(_("dernier rappel le"), null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(_("rappels envoyés"), default=0)
    warned_at = models.DateTimeField(_("avertissement envoyé le"), null=True, blank=True)
    answered_at = models.DateTimeField(_("réponse le"), null=True, blank=True)
    answer = models.CharField(
        _("réponse"), max_length=20, choices=ConfirmationAnswer.choices, blank=True
    )
    lapsed_at = models.DateTimeField(_("dossier clos le"), null=True, blank=True)
    status_before_lapse = models.CharField(max_length=20, choices=Status.choices, blank=True)
    late_answer_at = models.DateTimeField(_("réponse tardive le"), null=True, blank=True)

    class Meta:
        verbose_name = _("demande de confirmation")
        verbose_name_plural = _("demandes de confirmation")
        ordering = ["campaign", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "application"], name="confirmation_once_per_campaign"
            )
        ]

    def __str__(self):
        return f"{self.campaign} — {self.application}"


class BirthFollowUp(models.Model):
    """A child expected more than a month ago and not yet declared born."""

    child = models.OneToOneField(
        "dossiers.ApplicationChild", on_delete=models.CASCADE, related_name="birth_follow_up"
    )
    application = models.ForeignKey(
        "dossiers.Application", on_delete=models.CASCADE, related_name="birth_follow_ups"
    )
    flagged_at = models.DateTimeField(_("signalé le"))
    family_asked_at = models.DateTimeField(_("famille sollicitée le"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("naissance déclarée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("naissance à déclarer")
        verbose_name_plural = _("naissances à déclarer")
        ordering = ["flagged_at", "pk"]

    def __str__(self):
        return f"Naissance à déclarer — {self.application}"
