from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import ActionStatus, IndicatorSource, PlanKind


class Plan(models.Model):
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="action_plans"
    )
    title = models.CharField(_("titre"), max_length=200)
    kind = models.CharField(_("type"), max_length=10, choices=PlanKind.choices)
    start_year = models.PositiveSmallIntegerField(_("première année"))
    end_year = models.PositiveSmallIntegerField(_("dernière année"))
    created_at = models.DateTimeField(_("créé le"))

    class Meta:
        verbose_name = _("plan d'action")
        verbose_name_plural = _("plans d'action")
        ordering = ["-start_year", "pk"]

    def __str__(self):
        return self.title

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))


class Axis(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="axes")
    position = models.PositiveSmallIntegerField(_("ordre"))
    title = models.CharField(_("intitulé"), max_length=200)

    class Meta:
        verbose_name = _("axe")
        verbose_name_plural = _("axes")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class Sheet(models.Model):
    """A fiche action: what the axis wants, who leads, with whom and with what."""

    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="sheets")
    position = models.PositiveSmallIntegerField(_("ordre"))
    title = models.CharField(_("intitulé"), max_length=200)
    objective = models.TextField(_("objectif"))
    priorities = models.TextField(_("priorités"), blank=True)
    pilot = models.CharField(_("pilote"), max_length=200)
    partners = models.TextField(_("partenaires"), blank=True)
    resources = models.TextField(_("moyens"), blank=True)

    class Meta:
        verbose_name = _("fiche action")
        verbose_name_plural = _("fiches action")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class Action(models.Model):
    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=300)
    pilot = models.CharField(_("pilote"), max_length=200)
    deadline = models.DateField(_("échéance"))
    status = models.CharField(
        _("état"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    # The grid's criterion this action means to improve (1 to 29), if any.
    criterion = models.PositiveSmallIntegerField(_("critère de la grille"), null=True, blank=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["deadline", "pk"]

    def __str__(self):
        return self.title


class ProgressNote(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    date = models.DateField(_("date"))
    text = models.TextField(_("avancement"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("point d'avancement")
        verbose_name_plural = _("points d'avancement")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date} — {self.action}"


class Indicator(models.Model):
    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="indicators")
    label = models.CharField(_("indicateur"), max_length=200)
    unit = models.CharField(_("unité"), max_length=40, blank=True)
    target = models.DecimalField(_("cible"), max_digits=12, decimal_places=2)
    source = models.CharField(
        _("source"), max_length=20, choices=IndicatorSource.choices, default=IndicatorSource.ENTERED
    )
    # For a survey average: the question whose yearly average is taken (the same text
    # asked to the same audience in the territory's surveys of each year).
    question = models.ForeignKey(
        "steering.Question",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("question d'enquête"),
    )

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["pk"]

    def __str__(self):
        return self.label


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("année"))
    value = models.DecimalField(_("valeur"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("valeur d'indicateur")
        verbose_name_plural = _("valeurs d'indicateur")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_value_once")
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}"
