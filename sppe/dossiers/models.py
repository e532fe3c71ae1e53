"""The single desk: one dossier per family request, for every crèche that joins it.

A `Household` holds the family's situation (reused by its dossiers and kept up to
date by the family); an `Application` is one request for a place for one or more
children (twins, siblings), with its ranked crèches and its state. Every change of
state is logged in `StatusChange` (who, when, why), shown to the family and agents.
"""

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .ages import AgeSection
from .enums import Channel, DocumentKind, NoteKind, ParentActivity, Status


class Household(models.Model):
    # A family met at the counter may have no e-mail address, hence no account: the
    # agents reach it by phone (`phone` is then required by the counter form).
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="household",
        null=True,
        blank=True,
    )
    first_name = models.CharField(_("prénom du parent référent"), max_length=150, blank=True)
    last_name = models.CharField(_("nom du parent référent"), max_length=150, blank=True)
    commune = models.ForeignKey(
        "territories.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    single_parent = models.BooleanField(_("parent seul"), default=False)
    parent1_activity = models.CharField(
        _("activité du parent 1"), max_length=20, choices=ParentActivity.choices
    )
    parent2_activity = models.CharField(
        _("activité du parent 2"), max_length=20, choices=ParentActivity.choices, blank=True
    )
    annual_resources = models.PositiveIntegerField(
        _("ressources annuelles (année N-2, en euros)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10_000_000)],
    )
    resources_declined = models.BooleanField(
        _("ne déclare pas ses ressources"),
        default=False,
        help_text=_("Le tarif maximal s'applique ; aucun avis d'imposition n'est demandé."),
    )
    dependent_children = models.PositiveSmallIntegerField(
        _("enfants à charge"), default=1, validators=[MinValueValidator(0), MaxValueValidator(15)]
    )
    specific_situations = models.JSONField(_("situations particulières"), default=list, blank=True)
    siblings_in_creche = models.ManyToManyField(
        "offers.Establishment",
        blank=True,
        related_name="+",
        verbose_name=_("frère ou sœur déjà accueilli dans"),
    )
    preferred_language = models.CharField(
        _("langue des messages"), max_length=10, default="fr", blank=True
    )
    sms_opt_in = models.BooleanField(_("accepte les SMS"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("famille")
        verbose_name_plural = _("familles")

    def __str__(self):
        return f"Famille #{self.pk}"

    @property
    def display_name(self):
        name = f"{self.first_name} {self.last_name}".strip()
        return name or (self.account.get_full_name() if self.account_id else "")


class Application(models.Model):
    reference = models.CharField(_("numéro de dossier"), max_length=20, unique=True)
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="applications")
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    wished_start_date = models.DateField(_("date d'entrée souhaitée"))
    days = models.PositiveSmallIntegerField(_("jours (masque)"))
    start_minute = models.PositiveSmallIntegerField(_("arrivée (minutes)"), null=True, blank=True)
    end_minute = models.PositiveSmallIntegerField(_("départ (minutes)"), null=True, blank=True)
    # Section of the youngest child on the wished date, kept by the services for the
    # agents' queue filter (see ages.py).
    age_section = models.CharField(
        _("section d'âge"), max_length=10, choices=AgeSection.choices, blank=True, db_index=True
    )
    open_to_other_modes = models.JSONField(
        _("ouverte aussi à"), default=list, blank=True, help_text=_("AM, MAM, garde à domicile")
    )
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consentement recueilli par"),
    )
    consent_recorded_at = models.DateTimeField(
        _("consentement recueilli le"), null=True, blank=True
    )
    frozen_at = models.DateTimeField(
        _("données figées le"),
        null=True,
        blank=True,
        help_text=_("Après le gel par la commission, la famille ne peut plus modifier."),
    )
    submitted_at = models.DateTimeField(_("déposé le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # Optimistic locking: every write bumps it; a form posted with an older value is
    # refused, so that two agents never overwrite each other silently.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-submitted_at", "-created_at"]
        indexes = [models.Index(fields=["status", "wished_start_date"])]

    def __str__(self):
        return self.reference


class ApplicationChild(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="children")
    first_name = models.CharField(_("prénom"), max_length=100, blank=True)
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    due_date = models.DateField(_("date prévue de naissance"), null=True, blank=True)

    class Meta:
        verbose_name = _("enfant")
        verbose_name_plural = _("enfants")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_date__isnull=False) | models.Q(due_date__isnull=False),
                name="child_born_or_expected",
            )
        ]

    def __str__(self):
        return self.first_name or str(_("Enfant à naître"))

    @property
    def is_born(self):
        return self.birth_date is not None


class ApplicationChoice(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="choices")
    establishment = models.ForeignKey(
        "offers.Establishment", on_delete=models.PROTECT, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("rang"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["application", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["application", "rank"], name="choice_unique_rank"),
            models.UniqueConstraint(
                fields=["application", "establishment"], name="choice_unique_establishment"
            ),
        ]

    def __str__(self):
        return f"{self.rank}. {self.establishment}"


class StatusChange(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(_("motif"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.application} : {self.from_status or '—'} → {self.to_status}"


class DocumentStorage(FileSystemStorage):
    """Families' documents: outside MEDIA_ROOT and without any URL.

    They are only ever served by the download views, which check who asks. The folder is
    `settings.DOCUMENTS_ROOT` (read at each access, so tests can point it elsewhere), by
    default `$SPPE_DATA_DIR/documents`; it must not be served by the web server.
    """

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        root = getattr(settings, "DOCUMENTS_ROOT", None)
        return str(root or Path(settings.DATA_DIR) / "documents")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Documents have no public URL: use the download views.")


_document_storage = DocumentStorage()


def document_storage():
    return _document_storage


def document_path(instance, filename):
    # A random name: the original one (which may contain a child's name) stays in the DB.
    return f"documents/{instance.household_id}/{uuid.uuid4().hex}"


class Document(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("type de pièce"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(upload_to=document_path, storage=document_storage)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pièce justificative")
        verbose_name_plural = _("pièces justificatives")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.get_kind_display()


class AgentNote(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("note"), max_length=30, choices=NoteKind.choices)
    document_kind = models.CharField(
        _("pièce concernée"), max_length=30, choices=DocumentKind.choices, blank=True
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return self.get_kind_display()


class AccessLog(models.Model):
    """Who opened which dossier, when: shown to agents and kept for audits."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=30, default="view")

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.user_id} {self.action} {self.application_id}"


class CommissionSession(models.Model):
    """A sitting of the allocation commission: its date is the families' next answer."""

    date = models.DateField(_("date de la commission"), unique=True)
    data_freeze_date = models.DateField(
        _("date de gel des dossiers"),
        help_text=_("Après cette date, les familles ne modifient plus leur dossier."),
    )
    answer_date = models.DateField(_("réponse aux familles au plus tard le"))
    title = models.CharField(_("intitulé"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("commission d'attribution")
        verbose_name_plural = _("commissions d'attribution")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(data_freeze_date__lte=models.F("date"))
                & models.Q(answer_date__gte=models.F("date")),
                name="commission_dates_in_order",
            )
        ]

    def __str__(self):
        return self.title or f"Commission du {self.date:%d/%m/%Y}"


from .campaign_models import *  # noqa: E402,F401,F403
