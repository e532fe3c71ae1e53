from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .criteria import CRITERIA_BY_NUMBER


class Assessment(models.Model):
    """The territory's self-assessment for one year (the guide's grid, page 40)."""

    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    created_at = models.DateTimeField(_("créée le"))

    class Meta:
        verbose_name = _("auto-positionnement")
        verbose_name_plural = _("auto-positionnements")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "year"], name="assessment_one_per_year")
        ]

    def __str__(self):
        return f"{self.territory} {self.year}"


class CriterionAnswer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    criterion = models.PositiveSmallIntegerField(_("critère"))
    level = models.PositiveSmallIntegerField(_("palier"))
    evidence = models.TextField(_("éléments de preuve"), blank=True)
    comment = models.TextField(_("commentaire"), blank=True)
    updated_at = models.DateTimeField(_("modifié le"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("réponse à un critère")
        verbose_name_plural = _("réponses aux critères")
        ordering = ["criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="criterion_answer_once"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=3), name="criterion_level_1_to_3"
            ),
            models.CheckConstraint(
                condition=models.Q(criterion__gte=1, criterion__lte=29),
                name="criterion_number_1_to_29",
            ),
        ]

    def __str__(self):
        return f"{self.assessment} — critère {self.criterion}"

    @property
    def definition(self):
        return CRITERIA_BY_NUMBER[self.criterion]
