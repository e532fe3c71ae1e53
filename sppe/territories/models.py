from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import OrganisationKind, TerritoryKind

hex_colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Indiquez une couleur au format #RRVVBB, par exemple #1d5a8c.")
)


def validate_siret(value: str) -> None:
    """14 digits whose Luhn checksum holds, as every SIRET of a public body."""
    if len(value) != 14 or not value.isdigit():
        raise ValidationError(_("Un SIRET compte 14 chiffres."), code="siret_length")
    total = 0
    for position, digit in enumerate(reversed(value)):
        number = int(digit) * (2 if position % 2 else 1)
        total += number - 9 if number > 9 else number
    if total % 10:
        raise ValidationError(
            _("Ce SIRET n'est pas valide : vérifiez les chiffres (clé de contrôle)."),
            code="siret_checksum",
        )


class Department(models.Model):
    code = models.CharField(_("code"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    region_code = models.CharField(_("code région"), max_length=3, blank=True)

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Epci(models.Model):
    siren = models.CharField(_("SIREN"), max_length=9, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=10, blank=True, help_text="CC, CA, CU, MET…")
    population = models.PositiveIntegerField(_("population municipale"), null=True, blank=True)

    class Meta:
        verbose_name = _("EPCI")
        verbose_name_plural = _("EPCI")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CommuneQuerySet(models.QuerySet):
    def with_coordinates(self):
        return self.exclude(latitude=None)


class Commune(models.Model):
    """A current French commune (INSEE code), as published by the State."""

    insee_code = models.CharField(_("code INSEE"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=200, db_index=True)
    postal_codes = models.JSONField(_("codes postaux"), default=list, blank=True)
    population = models.PositiveIntegerField(_("population municipale"), null=True, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="communes", verbose_name=_("département")
    )
    epci = models.ForeignKey(
        Epci,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communes",
        verbose_name=_("EPCI"),
    )
    # Centre of the commune's area, for distance search without a geocoder.
    latitude = models.FloatField(_("latitude du centre"), null=True, blank=True)
    longitude = models.FloatField(_("longitude du centre"), null=True, blank=True)
    town_hall_latitude = models.FloatField(_("latitude de la mairie"), null=True, blank=True)
    town_hall_longitude = models.FloatField(_("longitude de la mairie"), null=True, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name", "insee_code"]
        # The family search first looks for communes around a point.
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self):
        return f"{self.name} ({self.insee_code})"


class TerritoryQuerySet(models.QuerySet):
    def current(self):
        """The territory this instance serves (one per instance), or None before set-up."""
        return self.order_by("pk").first()


class Territory(models.Model):
    """The territory the instance serves and how it presents itself.

    The perimeter is always stored as a list of communes, whatever the kind, so that
    every feature filters on one relation.
    """

    name = models.CharField(_("nom affiché"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=TerritoryKind.choices)
    epci = models.ForeignKey(
        Epci, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("EPCI")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("département")
    )
    communes = models.ManyToManyField(Commune, related_name="+", verbose_name=_("communes"))
    logo = models.ImageField(_("logo"), upload_to="territory/", blank=True)
    logo_alt = models.CharField(
        _("texte alternatif du logo"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : « Logo de la communauté de communes »."),
    )
    primary_colour = models.CharField(
        _("couleur principale"),
        max_length=7,
        default="#1d5a8c",
        validators=[hex_colour_validator],
        help_text=_(
            "Utilisée pour l'en-tête et les boutons, si elle garde un contraste suffisant "
            "(WCAG AA) avec le texte blanc."
        ),
    )

    siret = models.CharField(
        _("SIRET de la collectivité"),
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text=_(
            "14 chiffres, sans espace. Il identifie la collectivité dans les données "
            "ouvertes (schéma SCDL « Équipements »)."
        ),
    )
    availability_stale_after_days = models.PositiveSmallIntegerField(
        _("disponibilités anciennes après (jours)"),
        default=30,
        validators=[MinValueValidator(7), MaxValueValidator(365)],
        help_text=_(
            "Au-delà, une disponibilité est signalée comme ancienne aux familles et son "
            "auteur reçoit un rappel."
        ),
    )

    # Bumped whenever the list of communes may have changed (the perimeter, or a
    # commune's name or coordinates): the per-process commune index is keyed on it
    # (sppe/territories/commune_index.py). Never edited by hand.
    perimeter_version = models.PositiveIntegerField(
        _("version du périmètre"), default=0, editable=False
    )

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # An instance loaded before the perimeter changed must not write its old
        # perimeter_version back: that version is only ever bumped in the database.
        if (
            not self._state.adding
            and kwargs.get("update_fields") is None
            and not kwargs.get("force_insert")
            and not args
        ):
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "perimeter_version"
            ]
        super().save(*args, **kwargs)


class Organisation(models.Model):
    """A body working in the territory (mairie service, RPE, crèche operator, Caf...).

    Its perimeter of communes limits what its members may see and do.
    """

    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=OrganisationKind.choices)
    communes = models.ManyToManyField(
        Commune, related_name="organisations", verbose_name=_("périmètre")
    )
    email = models.EmailField(_("e-mail de contact"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    address = models.TextField(_("adresse"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "kind"], name="organisation_unique_name_kind")
        ]

    def __str__(self):
        return self.name
