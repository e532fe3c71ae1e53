from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactKind(models.TextChoices):
    RPE = "rpe", _("Relais Petite Enfance (RPE)")
    TOWN_HALL = "mairie", _("Mairie ou service petite enfance")
    PMI = "pmi", _("Protection maternelle et infantile (PMI)")
    CAF = "caf", _("Caisse d'allocations familiales (Caf)")
    OTHER = "other", _("Autre")


class ContentLanguage(models.TextChoices):
    FRENCH = "fr", "Français"
    ENGLISH = "en", "English"
    ARABIC = "ar", "العربية"


class ContentKey(models.TextChoices):
    """The places of the family pages where the territory writes its own text."""

    WELCOME = "accueil", _("Accueil des pages d'information")
    MODES = "modes", _("Les modes d'accueil : ce qui est propre au territoire")
    CRECHE_APPLICATION = "inscription-creche", _("Demander une place en crèche sur le territoire")
    COMMISSION = "commission", _("La commission d'attribution des places")
    AFTER_REFUSAL = (
        "apres-un-refus",
        _("Après un refus de place en crèche : ce que fait le territoire"),
    )
    CHILDMINDER_SEARCH = (
        "trouver-assistant-maternel",
        _("Trouver un assistant maternel sur le territoire"),
    )
    NEWCOMERS = "nouveaux-habitants", _("Nouveaux habitants")
    EXPECTING = "grossesse", _("Pendant la grossesse")
    BIRTH = "naissance", _("Après la naissance")
    ADOPTION = "adoption", _("Adoption")
    BACK_TO_WORK = "reprise-travail", _("Reprise du travail")
    CONTACTS = "contacts", _("Nous contacter : informations pratiques")
