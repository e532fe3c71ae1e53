"""The allocation commission: its published points grid, and what each session does.

`GridVersion` and `Criterion` are the points grid (cotation), versioned: a published
version never changes, a new one is published instead, and each session keeps the
version in force when it froze its dossiers. A session of the calendar
(`dossiers.CommissionSession`) gets a `Deliberation`: the seats it opens
(`SeatUnit`), the dossiers it froze (`FrozenDossier`, anonymised), the engine's
proposal, the members' overrides (`Override`) and, once validated, the `Offer` of a
seat to each placed child. `Appeal` and `FollowUp` carry what comes after a decision.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sppe.dossiers.ages import AgeSection

from .enums import (
    AppealDecisionReason,
    AppealStatus,
    Confirmation,
    DeclineReason,
    DeliberationStatus,
    FollowUpChannel,
    FollowUpOutcome,
    OfferStatus,
    OverrideReason,
    Rule,
)

MAX_POINTS = 1000
WEEKDAY_FIELDS = ("monday", "tuesday", "wednesday", "thursday", "friday")


def new_seed() -> str:
    return secrets.token_hex(8)


class GridVersion(models.Model):
    number = models.PositiveIntegerField(_("version"), unique=True)
    note = models.CharField(_("ce qui change"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("grille de points")
        verbose_name_plural = _("grilles de points")
        ordering = ["-number"]

    def __str__(self):
        return f"Grille v{self.number}"

    @property
    def is_published(self):
        return self.published_at is not None


class Criterion(models.Model):
    grid = models.ForeignKey(GridVersion, on_delete=models.CASCADE, related_name="criteria")
    rule = models.CharField(_("règle"), max_length=30, choices=Rule.choices)
    label = models.CharField(_("intitulé"), max_length=200)
    label_en = models.CharField(_("intitulé en anglais"), max_length=200, blank=True)
    label_ar = models.CharField(_("intitulé en arabe"), max_length=200, blank=True)
    points = models.SmallIntegerField(
        _("points"), validators=[MinValueValidator(-MAX_POINTS), MaxValueValidator(MAX_POINTS)]
    )
    evidence = models.CharField(_("pièce justificative"), max_length=200, blank=True)
    confirmation = models.CharField(
        _("vérification"),
        max_length=10,
        choices=Confirmation.choices,
        default=Confirmation.AUTOMATIC,
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("critère")
        verbose_name_plural = _("critères")
        ordering = ["grid", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "rule"], name="criterion_unique_rule")
        ]

    def __str__(self):
        return self.label

    def label_in(self, language: str) -> str:
        return {"en": self.label_en, "ar": self.label_ar}.get(language) or self.label


class Deliberation(models.Model):
    session = models.OneToOneField(
        "dossiers.CommissionSession", on_delete=models.CASCADE, related_name="deliberation"
    )
    status = models.CharField(
        _("étape"),
        max_length=12,
        choices=DeliberationStatus.choices,
        default=DeliberationStatus.PREPARING,
    )
    start_date = models.DateField(_("date d'entrée des enfants"))
    grid = models.ForeignKey(
        GridVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Published before the freeze: anyone can recompute every lottery number.
    lottery_seed = models.CharField(_("graine du tirage au sort"), max_length=32, default=new_seed)
    reply_days = models.PositiveSmallIntegerField(
        _("délai de réponse des familles (jours)"),
        default=15,
        validators=[MinValueValidator(3), MaxValueValidator(60)],
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="deliberations",
        verbose_name=_("membres"),
    )
    president = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("président(e)"),
    )
    frozen_at = models.DateTimeField(null=True, blank=True)
    proposed_at = models.DateTimeField(null=True, blank=True)
    validated_at = models.DateTimeField(null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The engine's run on the frozen data: its anonymised input, its proposal (child key
    # -> seat unit key or None), the verifier's report and every child's explanation.
    instance = models.JSONField(default=dict, blank=True)
    proposal = models.JSONField(default=dict, blank=True)
    report = models.JSONField(default=dict, blank=True)
    explanations = models.JSONField(default=dict, blank=True)
    engine_status = models.CharField(max_length=30, blank=True)
    engine_method = models.CharField(max_length=30, blank=True)
    run_seconds = models.FloatField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("séance de commission")
        verbose_name_plural = _("séances de commission")
        ordering = ["session__date"]

    def __str__(self):
        return str(self.session)


class SeatUnit(models.Model):
    """Seats a section of a crèche opens at the session, per weekday."""

    deliberation = models.ForeignKey(Deliberation, on_delete=models.CASCADE, related_name="units")
    establishment = models.ForeignKey(
        "offers.Establishment", on_delete=models.PROTECT, related_name="+"
    )
    section = models.CharField(_("section"), max_length=10, choices=AgeSection.choices)
    min_age_months = models.PositiveSmallIntegerField(_("âge minimum (mois)"))
    max_age_months = models.PositiveSmallIntegerField(_("âge maximum (mois)"))
    monday = models.PositiveSmallIntegerField(_("lundi"), default=0)
    tuesday = models.PositiveSmallIntegerField(_("mardi"), default=0)
    wednesday = models.PositiveSmallIntegerField(_("mercredi"), default=0)
    thursday = models.PositiveSmallIntegerField(_("jeudi"), default=0)
    friday = models.PositiveSmallIntegerField(_("vendredi"), default=0)

    class Meta:
        verbose_name = _("places ouvertes")
        verbose_name_plural = _("places ouvertes")
        ordering = ["deliberation", "establishment__name", "min_age_months"]
        constraints = [
            models.UniqueConstraint(
                fields=["deliberation", "establishment", "section"], name="seat_unit_unique"
            )
        ]

    def __str__(self):
        return f"{self.establishment.name} — {self.get_section_display()}"

    @property
    def key(self) -> str:
        return f"U{self.pk}"

    @property
    def capacity(self) -> tuple[int, int, int, int, int]:
        return tuple(getattr(self, name) for name in WEEKDAY_FIELDS)

    @property
    def seats(self) -> int:
        return max(self.capacity)


class FrozenDossier(models.Model):
    """A dossier as the commission studies it: anonymous number, structured facts only."""

    deliberation = models.ForeignKey(
        Deliberation, on_delete=models.CASCADE, related_name="dossiers"
    )
    application = models.ForeignKey(
        "dossiers.Application", on_delete=models.CASCADE, related_name="frozen_versions"
    )
    number = models.CharField(_("numéro anonyme"), max_length=12)
    points = models.IntegerField(_("points"))
    # Score lines, the facts shown to members, the children (key, age, section) and the
    # wishes, as frozen: later changes of the dossier do not reach them.
    score = models.JSONField(default=dict)
    facts = models.JSONField(default=dict)
    children = models.JSONField(default=list)
    wishes = models.JSONField(default=list)
    days = models.PositiveSmallIntegerField()
    application_date = models.DateField()
    together = models.BooleanField(default=True)

    class Meta:
        ordering = ["deliberation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["deliberation", "application"], name="frozen_dossier_unique"
            ),
            models.UniqueConstraint(fields=["deliberation", "number"], name="frozen_number_unique"),
        ]

    def __str__(self):
        return self.number


class Override(models.Model):
    deliberation = models.ForeignKey(
        Deliberation, on_delete=models.CASCADE, related_name="overrides"
    )
    child_key = models.CharField(max_length=20)
    unit = models.ForeignKey(SeatUnit, on_delete=models.CASCADE, related_name="+")
    proposed_unit_key = models.CharField(max_length=20, blank=True)
    reason = models.CharField(_("motif"), max_length=30, choices=OverrideReason.choices)
    comment = models.CharField(_("fait constaté"), max_length=300)
    # Children of higher priority the override passes over, with their points gap, and
    # children it displaces: shown before the vote, kept in the minutes.
    passed_over = models.JSONField(default=list)
    displaced = models.JSONField(default=list)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["deliberation", "child_key"], name="override_once")
        ]

    def __str__(self):
        return f"{self.child_key} → {self.unit_id}"


class Offer(models.Model):
    deliberation = models.ForeignKey(Deliberation, on_delete=models.PROTECT, related_name="offers")
    application = models.ForeignKey(
        "dossiers.Application", on_delete=models.CASCADE, related_name="offers"
    )
    child = models.ForeignKey(
        "dossiers.ApplicationChild", on_delete=models.CASCADE, related_name="offers"
    )
    child_key = models.CharField(max_length=20)
    unit = models.ForeignKey(SeatUnit, on_delete=models.PROTECT, related_name="offers")
    start_date = models.DateField(_("date d'entrée"))
    days = models.PositiveSmallIntegerField(_("jours (masque)"))
    start_minute = models.PositiveSmallIntegerField(null=True, blank=True)
    end_minute = models.PositiveSmallIntegerField(null=True, blank=True)
    monthly_fee = models.DecimalField(
        _("participation mensuelle estimée"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    deadline = models.DateField(_("réponse attendue au plus tard le"))
    status = models.CharField(
        max_length=10, choices=OfferStatus.choices, default=OfferStatus.PENDING, db_index=True
    )
    cascade_round = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decline_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    admitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("proposition de place")
        verbose_name_plural = _("propositions de place")
        ordering = ["deliberation", "created_at", "pk"]

    def __str__(self):
        return f"{self.application} — {self.unit}"


class Appeal(models.Model):
    """A recours gracieux against a decision, within two months."""

    application = models.ForeignKey(
        "dossiers.Application", on_delete=models.CASCADE, related_name="appeals"
    )
    deliberation = models.ForeignKey(Deliberation, on_delete=models.PROTECT, related_name="appeals")
    grounds = models.TextField(_("ce que vous contestez et pourquoi"), max_length=4000)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=AppealStatus.choices, default=AppealStatus.RECEIVED
    )
    decision_reason = models.CharField(
        max_length=20, choices=AppealDecisionReason.choices, blank=True
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("recours gracieux")
        verbose_name_plural = _("recours gracieux")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "deliberation"], name="appeal_once_per_decision"
            )
        ]

    def __str__(self):
        return f"Recours {self.application_id}"


class FollowUp(models.Model):
    """A family left without a place, contacted by the relais."""

    application = models.ForeignKey(
        "dossiers.Application", on_delete=models.CASCADE, related_name="follow_ups"
    )
    deliberation = models.ForeignKey(
        Deliberation, on_delete=models.PROTECT, related_name="follow_ups"
    )
    channel = models.CharField(_("par"), max_length=10, choices=FollowUpChannel.choices)
    outcome = models.CharField(_("suite donnée"), max_length=20, choices=FollowUpOutcome.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"Suivi {self.application_id}"


class CriterionCheck(models.Model):
    """An agent confirmed, on the evidence, a criterion that needs it for this dossier."""

    application = models.ForeignKey(
        "dossiers.Application", on_delete=models.CASCADE, related_name="criterion_checks"
    )
    rule = models.CharField(max_length=30, choices=Rule.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "rule"], name="criterion_check_once")
        ]

    def __str__(self):
        return f"{self.application_id} {self.rule}"
