"""The relais's resources library: links and checked files by category and audience."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import Audience, ResourceCategory


class Resource(models.Model):
    category = models.CharField(_("catégorie"), max_length=20, choices=ResourceCategory.choices)
    title = models.CharField(_("titre"), max_length=200)
    url = models.URLField(_("lien"), blank=True)
    file = models.FileField(_("fichier"), upload_to="relais/ressources/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    audience = models.CharField(_("pour"), max_length=20, choices=Audience.choices)
    published_on = models.DateField(_("publié le"), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")
        ordering = ["-published_on", "-pk"]

    def __str__(self):
        return self.title
