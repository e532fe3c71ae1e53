from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import ImportStatus, ListKind


class OfferListImport(models.Model):
    """One uploaded list, kept between its preview and its application.

    The rows are stored here, server-side, so that applying never trusts what the
    browser sends back; they are emptied once applied or expired (personal data).
    """

    kind = models.CharField(_("liste"), max_length=20, choices=ListKind.choices)
    status = models.CharField(
        _("état"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    file_name = models.CharField(_("nom du fichier"), max_length=255)
    # {"headers": [...], "rows": [[line_number, [cell, ...]], ...]}: the cells as read.
    rows = models.JSONField(_("lignes du fichier"), default=dict, blank=True)
    # Counts, per-line errors, a sample of changes, what is absent from the file.
    summary = models.JSONField(_("résumé de l'aperçu"), default=dict, blank=True)
    plan_digest = models.CharField(_("empreinte de l'aperçu"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("déposé par"),
    )
    created_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appliqué par"),
    )
    applied_at = models.DateTimeField(_("appliqué le"), null=True, blank=True)

    class Meta:
        app_label = "offers"
        verbose_name = _("import de liste")
        verbose_name_plural = _("imports de listes")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.file_name}"
