"""The contact log: every contact with the relais, in a few clicks and without free text.

Who (a kind of person, never a name), which commune, which channel, which themes from
the territory's closed list, how long, and where the person was sent. A contact about a
childminder of the offer directory is linked to her record; a contact that followed an
appointment is linked to it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import ContactChannel, Orientation, PersonKind


class Contact(models.Model):
    occurred_on = models.DateField(_("date"), db_index=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agent"),
    )
    person_kind = models.CharField(_("qui"), max_length=20, choices=PersonKind.choices)
    commune = models.ForeignKey(
        "territories.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    channel = models.CharField(_("canal"), max_length=20, choices=ContactChannel.choices)
    themes = models.ManyToManyField("relais.Theme", related_name="+", verbose_name=_("thèmes"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"))
    orientation = models.CharField(_("orientation"), max_length=20, choices=Orientation.choices)
    childminder = models.ForeignKey(
        "offers.Childminder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assistant maternel"),
    )
    appointment = models.OneToOneField(
        "relais.Appointment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact",
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["commune", "occurred_on"])]

    def __str__(self):
        return f"Contact #{self.pk}"
