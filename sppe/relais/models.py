"""The relais petite enfance at work.

Shared here: the places where the RPE receives people and the closed list of themes
that appointments and contacts are filed under (configurable by the territory). Each
sub-feature keeps its own models: `appointments/` (permanences, slots, bookings),
`contacts/` (the contact log), `events/` (matinées d'éveil, meetings, registrations),
`jobs/` (parents' job offers to childminders), `resources/` (the library).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Place(models.Model):
    """Where the RPE receives: its office, a town hall, a meeting room."""

    name = models.CharField(_("nom"), max_length=200)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    commune = models.ForeignKey(
        "territories.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    is_active = models.BooleanField(_("en service"), default=True)

    class Meta:
        verbose_name = _("lieu du relais")
        verbose_name_plural = _("lieux du relais")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Theme(models.Model):
    """One entry of the closed list of themes (search for a mode of care, contract…)."""

    label = models.CharField(_("libellé"), max_length=150, unique=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_active = models.BooleanField(_("proposé"), default=True)

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ["position", "label"]

    def __str__(self):
        return self.label


from .appointments.models import Appointment, Closure, Permanence, Slot  # noqa: E402, F401
from .contacts.models import Contact  # noqa: E402, F401
from .events.models import Event, Registration  # noqa: E402, F401
from .jobs.models import JobOffer, JobOfferDiffusion  # noqa: E402, F401
from .resources.models import Resource  # noqa: E402, F401
