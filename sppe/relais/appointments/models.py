"""Appointments: permanences publish slots, a slot holds at most one live booking.

A permanence (a weekday, hours, a place, an agent, a mode) is turned into `Slot` rows
for its period, skipping closures; booking locks the slot row, and a unique constraint
on live appointments per slot makes a double booking impossible even if two requests
slip past the lock.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..enums import Mode, PersonKind, Weekday


class Permanence(models.Model):
    place = models.ForeignKey(
        "relais.Place", on_delete=models.PROTECT, related_name="permanences", verbose_name=_("lieu")
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agent"),
    )
    mode = models.CharField(_("modalité"), max_length=10, choices=Mode.choices)
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    start_time = models.TimeField(_("début"))
    end_time = models.TimeField(_("fin"))
    slot_minutes = models.PositiveSmallIntegerField(_("durée d'un rendez-vous (minutes)"))
    valid_from = models.DateField(_("à partir du"))
    valid_until = models.DateField(_("jusqu'au"))
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("permanence")
        verbose_name_plural = _("permanences")
        ordering = ["weekday", "start_time"]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}-{self.end_time:%H:%M}"


class Closure(models.Model):
    """Days without appointments: at one place, or everywhere when `place` is empty."""

    place = models.ForeignKey(
        "relais.Place",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closures",
        verbose_name=_("lieu"),
    )
    start_date = models.DateField(_("du"))
    end_date = models.DateField(_("au"))
    reason = models.CharField(_("motif"), max_length=150)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("fermeture")
        verbose_name_plural = _("fermetures")
        ordering = ["start_date"]

    def __str__(self):
        return self.reason


class Slot(models.Model):
    place = models.ForeignKey(
        "relais.Place", on_delete=models.PROTECT, related_name="slots", verbose_name=_("lieu")
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agent"),
    )
    permanence = models.ForeignKey(
        Permanence, on_delete=models.SET_NULL, null=True, blank=True, related_name="slots"
    )
    mode = models.CharField(_("modalité"), max_length=10, choices=Mode.choices)
    starts_at = models.DateTimeField(_("début"), db_index=True)
    ends_at = models.DateTimeField(_("fin"))

    class Meta:
        verbose_name = _("créneau")
        verbose_name_plural = _("créneaux")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agent", "starts_at"], name="slot_agent_start_once"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="slot_ends_after"),
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class Appointment(models.Model):
    slot = models.ForeignKey(
        Slot, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("créneau")
    )
    person_kind = models.CharField(_("vous êtes"), max_length=20, choices=PersonKind.choices)
    name = models.CharField(_("nom et prénom"), max_length=150)
    email = models.EmailField(_("adresse e-mail"))
    phone = models.CharField(_("téléphone"), max_length=30)
    commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("votre commune"),
    )
    theme = models.ForeignKey(
        "relais.Theme", on_delete=models.PROTECT, related_name="+", verbose_name=_("thème")
    )
    language = models.CharField(max_length=10, default="fr")
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("L'agent qui a pris le rendez-vous pour la personne, le cas échéant."),
    )
    created_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rendez-vous")
        verbose_name_plural = _("rendez-vous")
        ordering = ["slot__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(cancelled_at__isnull=True),
                name="appointment_one_live_per_slot",
            )
        ]

    def __str__(self):
        return f"Rendez-vous #{self.pk}"

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None
