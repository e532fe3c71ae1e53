"""The childcare offer of the territory.

Every place a family can find has a public point (`latitude`, `longitude`) used for
distance search and the map. For an assistant maternel without consent to publish her
address, that point is the centre of her commune: her exact address, phone and date of
birth are private fields that never leave the agents' pages (see `public.py`).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import EstablishmentKind, Funding, HomeCareKind, ManagerType
from .schedule import schedule_summary

MAX_AGE_MONTHS = 72


def age_field(verbose_name, default):
    return models.PositiveSmallIntegerField(
        verbose_name,
        default=default,
        validators=[MaxValueValidator(MAX_AGE_MONTHS)],
        help_text=_("En mois."),
    )


class Located(models.Model):
    commune = models.ForeignKey(
        "territories.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    latitude = models.FloatField(_("latitude publique"), null=True, blank=True)
    longitude = models.FloatField(_("longitude publique"), null=True, blank=True)

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["latitude", "longitude"])]


class Scheduled(models.Model):
    # OpenStreetMap `opening_hours` syntax, e.g. "Mo-Fr 07:30-18:30; PH off".
    opening_hours = models.CharField(
        _("horaires (syntaxe OpenStreetMap)"), max_length=500, blank=True
    )
    # Derived from opening_hours by schedule.weekly_schedule(): {"0": [[450, 1110]], ...}
    # (weekday -> minute intervals), so that search never parses the string.
    weekly_schedule = models.JSONField(default=dict, blank=True, editable=False)
    # Derived from weekly_schedule by schedule.schedule_summary(), so that search filters
    # days and hours in SQL: open_days has bit i set when open on weekday i (0 = Monday;
    # 0 = hours unknown); regular_opens/closes are the daily hours in minutes when they
    # are the same every open day, in one stretch. Kept in step by save() and the bulk
    # writers (lists import, generator), which call refresh_schedule_summary().
    open_days = models.PositiveSmallIntegerField(default=0, editable=False)
    regular_opens = models.PositiveSmallIntegerField(null=True, editable=False)
    regular_closes = models.PositiveSmallIntegerField(null=True, editable=False)
    atypical_hours = models.BooleanField(
        _("horaires atypiques"),
        default=False,
        help_text=_("Avant 7 h, après 19 h, le week-end ou la nuit."),
    )

    class Meta:
        abstract = True

    SUMMARY_FIELDS = ("open_days", "regular_opens", "regular_closes")

    def save(self, *args, update_fields=None, **kwargs):
        self.refresh_schedule_summary()
        if update_fields is not None and "weekly_schedule" in update_fields:
            update_fields = {*update_fields, *self.SUMMARY_FIELDS}
        super().save(*args, update_fields=update_fields, **kwargs)

    def refresh_schedule_summary(self):
        for name, value in schedule_summary(self.weekly_schedule or {}).items():
            setattr(self, name, value)


class Freshness(models.Model):
    availability_updated_at = models.DateTimeField(
        _("disponibilités mises à jour le"), null=True, blank=True, db_index=True
    )
    availability_reminded_at = models.DateTimeField(
        _("dernier rappel de mise à jour"), null=True, blank=True
    )

    class Meta:
        abstract = True


class Establishment(Located, Scheduled, Freshness):
    """An EAJE: crèche collective, multi-accueil, micro-crèche, etc."""

    external_id = models.CharField(
        _("identifiant externe"),
        max_length=50,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Numéro FINESS ou identifiant Caf, pour rapprocher les imports."),
    )
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=EstablishmentKind.choices)
    manager_type = models.CharField(_("gestionnaire"), max_length=20, choices=ManagerType.choices)
    manager_name = models.CharField(_("nom du gestionnaire"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "territories.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="establishments",
        verbose_name=_("organisation gestionnaire"),
    )
    funding = models.CharField(_("financement"), max_length=10, choices=Funding.choices)
    address = models.CharField(_("adresse"), max_length=300)
    postal_code = models.CharField(_("code postal"), max_length=5)
    capacity = models.PositiveSmallIntegerField(_("capacité autorisée"))
    age_min_months = age_field(_("âge minimum"), 2)
    age_max_months = age_field(_("âge maximum"), 36)
    closures = models.TextField(
        _("fermetures"),
        blank=True,
        help_text=_("Par exemple : 3 semaines en août, 1 semaine à Noël."),
    )
    meals_provided = models.BooleanField(_("repas fournis"), default=True)
    nappies_provided = models.BooleanField(_("couches fournies"), default=True)
    inclusive_care = models.BooleanField(
        _("accueil inclusif"), default=False, help_text=_("Enfants en situation de handicap.")
    )
    emergency_care = models.BooleanField(_("accueil d'urgence"), default=False)
    occasional_care = models.BooleanField(_("accueil occasionnel"), default=False)
    description = models.TextField(_("projet d'accueil en quelques lignes"), blank=True)
    hourly_price = models.DecimalField(
        _("prix horaire (PAJE)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    joins_single_desk = models.BooleanField(_("adhère au guichet unique"), default=False)
    is_active = models.BooleanField(_("en activité"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(Located.Meta):
        verbose_name = _("établissement")
        verbose_name_plural = _("établissements")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_min_months__lte=models.F("age_max_months")),
                name="establishment_age_range",
            ),
        ]

    def __str__(self):
        return self.name


class Section(models.Model):
    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="sections"
    )
    name = models.CharField(_("nom"), max_length=100)
    age_min_months = age_field(_("âge minimum"), 0)
    age_max_months = age_field(_("âge maximum"), 36)
    capacity = models.PositiveSmallIntegerField(_("places"))

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["establishment", "age_min_months", "name"]
        constraints = [
            models.UniqueConstraint(fields=["establishment", "name"], name="section_unique_name")
        ]

    def __str__(self):
        return f"{self.establishment} — {self.name}"


class Mam(Located, Scheduled):
    """A maison d'assistants maternels: a place where 2 to 6 AM work together."""

    external_id = models.CharField(max_length=50, unique=True, null=True, blank=True)
    name = models.CharField(_("nom"), max_length=200)
    address = models.CharField(_("adresse"), max_length=300)
    postal_code = models.CharField(_("code postal"), max_length=5)
    description = models.TextField(_("présentation"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta(Located.Meta):
        verbose_name = _("MAM")
        verbose_name_plural = _("MAM")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Childminder(Located, Scheduled, Freshness):
    """An assistant(e) maternel(le) with a PMI agrément."""

    agrement_number = models.CharField(_("numéro d'agrément"), max_length=50, unique=True)
    agrement_date = models.DateField(_("date d'agrément"), null=True, blank=True)
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    user = models.OneToOneField(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="childminder",
    )
    mam = models.ForeignKey(
        Mam, on_delete=models.SET_NULL, null=True, blank=True, related_name="childminders"
    )
    places = models.PositiveSmallIntegerField(
        _("enfants accueillis selon l'agrément"),
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    age_min_months = age_field(_("âge minimum"), 0)
    age_max_months = age_field(_("âge maximum"), 72)
    # Private: never shown to the public, exported or served by the API.
    address = models.CharField(_("adresse (privée)"), max_length=300, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=5, blank=True)
    address_is_public = models.BooleanField(_("accepte de publier son adresse"), default=False)
    phone = models.CharField(_("téléphone (privé)"), max_length=30, blank=True)
    phone_is_public = models.BooleanField(_("accepte de publier son téléphone"), default=False)
    email = models.EmailField(_("e-mail (privé)"), blank=True)
    birth_date = models.DateField(_("date de naissance (privée)"), null=True, blank=True)
    # Public profile.
    languages = models.JSONField(_("langues parlées"), default=list, blank=True)
    has_garden = models.BooleanField(_("jardin"), default=False)
    trainings = models.TextField(_("formations"), blank=True)
    inclusive_care = models.BooleanField(
        _("accueil d'enfants en situation de handicap"), default=False
    )
    on_monenfant = models.BooleanField(_("inscrite sur monenfant.fr"), default=False)
    description = models.TextField(_("présentation"), blank=True)
    is_active = models.BooleanField(_("en activité"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(Located.Meta):
        verbose_name = _("assistant maternel")
        verbose_name_plural = _("assistants maternels")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def public_name(self):
        """First name and initial: enough to recognise, not to look up."""
        return f"{self.first_name} {self.last_name[:1]}." if self.last_name else self.first_name


class HomeCareProvider(models.Model):
    """A home-care service or an auxiliaire parental working in some communes."""

    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=HomeCareKind.choices)
    communes = models.ManyToManyField(
        "territories.Commune", related_name="+", verbose_name=_("communes desservies")
    )
    description = models.TextField(_("présentation"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    atypical_hours = models.BooleanField(_("horaires atypiques"), default=False)
    is_active = models.BooleanField(_("en activité"), default=True)

    class Meta:
        verbose_name = _("garde à domicile")
        verbose_name_plural = _("gardes à domicile")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SharedCareAd(models.Model):
    """A family looking for another family to share a home carer (garde partagée)."""

    family = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    commune = models.ForeignKey("territories.Commune", on_delete=models.PROTECT, related_name="+")
    child_age_months = models.PositiveSmallIntegerField(_("âge de l'enfant (mois)"))
    days = models.PositiveSmallIntegerField(_("jours (masque)"))
    start_date = models.DateField(_("à partir du"))
    message = models.TextField(_("message"), max_length=1000, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("annonce de garde partagée")
        verbose_name_plural = _("annonces de garde partagée")
        ordering = ["-created_at"]

    def __str__(self):
        return f"Garde partagée à {self.commune.name} dès le {self.start_date:%d/%m/%Y}"


class SharedCareContact(models.Model):
    """One family wrote to the author of an ad (once per ad, to prevent spam)."""

    ad = models.ForeignKey(SharedCareAd, on_delete=models.CASCADE, related_name="contacts")
    sender = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ad", "sender"], name="shared_care_contact_once")
        ]

    def __str__(self):
        return f"Contact #{self.pk}"


class Availability(models.Model):
    """Free places of one AM or one crèche section, from a date, on some weekdays."""

    childminder = models.ForeignKey(
        Childminder, on_delete=models.CASCADE, null=True, blank=True, related_name="availabilities"
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, null=True, blank=True, related_name="availabilities"
    )
    places = models.PositiveSmallIntegerField(
        _("places libres"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    available_from = models.DateField(_("à partir du"), default=timezone.localdate)
    # Bit i set = free on weekday i (0 = Monday); see schedule.days_to_mask().
    days = models.PositiveSmallIntegerField(_("jours"), default=0b11111)
    age_min_months = age_field(_("âge minimum"), 0)
    age_max_months = age_field(_("âge maximum"), MAX_AGE_MONTHS)
    updated_at = models.DateTimeField(_("mis à jour le"), default=timezone.now)
    updated_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("disponibilité")
        verbose_name_plural = _("disponibilités")
        ordering = ["available_from"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(childminder__isnull=False) & Q(section__isnull=True))
                | (Q(childminder__isnull=True) & Q(section__isnull=False)),
                name="availability_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(days__gt=0) & Q(days__lt=128), name="availability_days_mask"
            ),
        ]

    def __str__(self):
        return f"{self.places} place(s) dès le {self.available_from:%d/%m/%Y}"


from .lists.models import OfferListImport  # noqa: E402, F401  (import and export of the lists)
