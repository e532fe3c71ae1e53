"""What the territory writes for families, its contacts, and the printed guides.

The national texts (modes of care, key moments, lexicon) live in ``content.py`` and are
translated with gettext; the territory's own texts are ``LocalContent`` blocks that agents
edit without a developer, one per place of the family pages and per language.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sppe.offers import schedule

from .enums import ContactKind, ContentKey, ContentLanguage


class LocalContent(models.Model):
    """A block of the territory's own text shown on a family page.

    ``body`` is plain text with a few marks (paragraphs, "- " lists, **bold**, links);
    it is escaped and rendered by ``markup.render`` (never raw HTML).
    """

    key = models.CharField(_("emplacement"), max_length=40, choices=ContentKey.choices)
    language = models.CharField(
        _("langue"), max_length=2, choices=ContentLanguage.choices, default=ContentLanguage.FRENCH
    )
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("texte"), max_length=5000)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mis à jour par"),
    )

    class Meta:
        verbose_name = _("texte du territoire")
        verbose_name_plural = _("textes du territoire")
        ordering = ["key", "language"]
        constraints = [
            models.UniqueConstraint(fields=["key", "language"], name="localcontent_unique_key")
        ]

    def __str__(self):
        return f"{self.get_key_display()} ({self.language})"


class ContactQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_active=True).order_by("position", "kind", "name")


class Contact(models.Model):
    """A place families can call or visit: RPE, mairie, PMI, Caf…"""

    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=10, choices=ContactKind.choices)
    address = models.TextField(_("adresse"), max_length=500, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    # OpenStreetMap `opening_hours` syntax, validated by sppe.offers.schedule.
    opening_hours = models.CharField(
        _("horaires (syntaxe OpenStreetMap)"),
        max_length=500,
        blank=True,
        help_text=_("Par exemple : Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00"),
    )
    weekly_schedule = models.JSONField(default=dict, blank=True, editable=False)
    hours_note = models.CharField(
        _("précision sur les horaires"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : sur rendez-vous le mercredi après-midi."),
    )
    position = models.PositiveSmallIntegerField(
        _("ordre d'affichage"), default=0, help_text=_("Les plus petits nombres en premier.")
    )
    is_active = models.BooleanField(_("affiché aux familles"), default=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["position", "kind", "name"]

    def __str__(self):
        return self.name

    def opening_rows(self):
        """[('lundi', '9 h – 12 h'), …] or [] when no hours are given."""
        if not self.weekly_schedule:
            return []
        return schedule.describe_schedule(self.weekly_schedule)


def guide_upload_to(instance, filename):
    return f"guides/{filename}"


class PrintedGuide(models.Model):
    """A generated PDF of the territory's guide petite enfance."""

    file = models.FileField(_("fichier"), upload_to=guide_upload_to)
    size = models.PositiveIntegerField(_("taille (octets)"), default=0)
    generated_at = models.DateTimeField(_("généré le"), auto_now_add=True, db_index=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("généré par"),
    )

    class Meta:
        verbose_name = _("guide imprimable")
        verbose_name_plural = _("guides imprimables")
        ordering = ["-generated_at", "-pk"]
        get_latest_by = ["generated_at", "pk"]

    def __str__(self):
        return f"Guide du {self.generated_at:%d/%m/%Y %H:%M}"
