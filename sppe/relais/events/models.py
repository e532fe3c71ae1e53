"""Events of the relais (matinées d'éveil, evenings, trainings) and their registrations.

Capacity counts adults and children apart; a registration that does not fit joins the
waiting list, and a cancellation promotes the waiting registrations that now fit, in
the order they came.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..enums import EventKind, PersonKind, RegistrationStatus


class Event(models.Model):
    kind = models.CharField(_("type"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("titre"), max_length=200)
    place = models.ForeignKey(
        "relais.Place", on_delete=models.PROTECT, related_name="events", verbose_name=_("lieu")
    )
    starts_at = models.DateTimeField(_("début"), db_index=True)
    ends_at = models.DateTimeField(_("fin"))
    capacity_adults = models.PositiveSmallIntegerField(_("places pour les adultes"))
    capacity_children = models.PositiveSmallIntegerField(_("places pour les enfants"), default=0)
    open_to_parents = models.BooleanField(_("ouvert aux parents"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("animation")
        verbose_name_plural = _("animations")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after")
        ]

    def __str__(self):
        return self.title


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    person_kind = models.CharField(_("vous êtes"), max_length=20, choices=PersonKind.choices)
    name = models.CharField(_("nom et prénom"), max_length=150)
    email = models.EmailField(_("adresse e-mail"))
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    children = models.PositiveSmallIntegerField(_("enfants qui vous accompagnent"), default=0)
    status = models.CharField(max_length=10, choices=RegistrationStatus.choices)
    attended = models.BooleanField(null=True, blank=True)
    # The satisfaction question asked after the event (0 to 10), to those who came.
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (0 à 10)"), null=True, blank=True
    )
    satisfaction_asked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Inscription #{self.pk}"
