"""The observatory's stored facts: snapshots of the offer and imported figures.

A `Snapshot` freezes the offer of the territory on a reference date, one `SnapshotLine`
per place of care (an EAJE, an AM, a home-care service), so that trends, places created
and closed, are read from what the offer really was each year, never recomputed from
today's data. Imported figures (`ImportedFigure`) are the births and children under
three from INSEE and the Caf's coverage rates, one row per (kind, level, code, year,
measure), with the file they came from (`DatasetImport`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import DatasetKind, GeoLevel, Mode


class Snapshot(models.Model):
    reference_date = models.DateField(_("date de référence"), unique=True)
    taken_at = models.DateTimeField(_("pris le"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("photographie de l'offre")
        verbose_name_plural = _("photographies de l'offre")
        ordering = ["reference_date"]

    def __str__(self):
        return f"Offre au {self.reference_date:%d/%m/%Y}"


class SnapshotLine(models.Model):
    """One place of care on the reference date, with what the indicators need of it."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="lines")
    commune = models.ForeignKey("territories.Commune", on_delete=models.PROTECT, related_name="+")
    mode = models.CharField(max_length=20, choices=Mode.choices)
    # Stable key of the place across years: the establishment's or the AM's record.
    unit_key = models.CharField(max_length=60)
    kind = models.CharField(max_length=30, blank=True)  # EstablishmentKind for an EAJE
    funding = models.CharField(max_length=10, blank=True)  # psu / paje for an EAJE
    places = models.PositiveSmallIntegerField(default=0)
    # Places open to children under three (an AM or a crèche taking only older children
    # counts none).
    places_under_three = models.PositiveSmallIntegerField(default=0)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)  # AM only

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "unit_key"], name="snapshot_line_unique")
        ]
        indexes = [models.Index(fields=["snapshot", "commune"])]

    def __str__(self):
        return f"{self.unit_key} ({self.places})"


class DatasetImport(models.Model):
    kind = models.CharField(_("fichier"), max_length=30, choices=DatasetKind.choices)
    file_name = models.CharField(_("nom du fichier"), max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(_("valeurs lues"))
    changed = models.PositiveIntegerField(_("valeurs nouvelles ou modifiées"))
    imported_at = models.DateTimeField(_("importé le"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("import de données")
        verbose_name_plural = _("imports de données")
        ordering = ["-imported_at", "-pk"]

    def __str__(self):
        return self.file_name


class ImportedFigure(models.Model):
    kind = models.CharField(max_length=30, choices=DatasetKind.choices)
    level = models.CharField(max_length=12, choices=GeoLevel.choices, default=GeoLevel.COMMUNE)
    code = models.CharField(max_length=9)  # INSEE code, EPCI SIREN or department code
    year = models.PositiveSmallIntegerField()
    measure = models.CharField(max_length=40)  # births, under_three, txcouv_...
    value = models.DecimalField(max_digits=12, decimal_places=2)
    source = models.ForeignKey(DatasetImport, on_delete=models.PROTECT, related_name="figures")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "level", "code", "year", "measure"], name="imported_figure_unique"
            )
        ]
        indexes = [models.Index(fields=["kind", "year"])]

    def __str__(self):
        return f"{self.measure} {self.code} {self.year} = {self.value}"


class RegistryBirths(models.Model):
    """Births of one month in a commune, counted by its own civil registry.

    INSEE publishes births two years late: a territory that has its registry's counts
    enters them per month, and the observatory uses them for a year INSEE has not
    published yet."""

    commune = models.ForeignKey(
        "territories.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    year = models.PositiveSmallIntegerField(_("année des naissances"))
    month = models.PositiveSmallIntegerField(_("mois"))
    births = models.PositiveSmallIntegerField(_("naissances"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("saisi le"))

    class Meta:
        verbose_name = _("naissances du registre local")
        verbose_name_plural = _("naissances du registre local")
        ordering = ["-year", "-month", "commune__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "year", "month"], name="registry_births_unique_month"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1) & models.Q(month__lte=12),
                name="registry_births_month_range",
            ),
        ]

    def __str__(self):
        return f"{self.commune} {self.month:02d}/{self.year} : {self.births}"
