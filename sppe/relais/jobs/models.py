"""Parents' job offers to childminders.

A parent describes the need without free text (commune, days and hours, start date,
the child's age, atypical hours, specific needs); once an agent of the commune's relais
validates it, it goes by e-mail to the childminders whose agrément, declared
availability and area fit, and to no one else (`JobOfferDiffusion` keeps who got it).
An interested childminder answers in one click: she consents there to her contact
details going to the parent.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import JobOfferStatus


class JobOffer(models.Model):
    parent_name = models.CharField(_("votre nom"), max_length=150)
    email = models.EmailField(_("votre adresse e-mail"))
    phone = models.CharField(_("votre téléphone"), max_length=30, blank=True)
    commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("commune de l'accueil"),
    )
    distance_km = models.PositiveSmallIntegerField(_("distance acceptée (km)"), default=5)
    days = models.PositiveSmallIntegerField(_("jours (masque)"))
    start_time = models.TimeField(_("arrivée de l'enfant"))
    end_time = models.TimeField(_("départ de l'enfant"))
    start_date = models.DateField(_("à partir du"))
    child_age_months = models.PositiveSmallIntegerField(_("âge de l'enfant au début (mois)"))
    atypical_hours = models.BooleanField(_("horaires atypiques"), default=False)
    specific_needs = models.BooleanField(
        _("enfant en situation de handicap ou à besoins particuliers"), default=False
    )
    ends_on = models.DateField(_("diffusion jusqu'au"))
    status = models.CharField(max_length=10, choices=JobOfferStatus.choices)
    created_at = models.DateTimeField()
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("offre d'emploi d'un parent")
        verbose_name_plural = _("offres d'emploi des parents")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Offre #{self.pk}"


class JobOfferDiffusion(models.Model):
    offer = models.ForeignKey(JobOffer, on_delete=models.CASCADE, related_name="diffusions")
    childminder = models.ForeignKey(
        "offers.Childminder", on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offer", "childminder"], name="job_offer_sent_once")
        ]

    def __str__(self):
        return f"Diffusion #{self.pk}"
