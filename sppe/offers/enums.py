from django.db import models
from django.utils.translation import gettext_lazy as _


class OfferKind(models.TextChoices):
    """What a family can look for; the search and the place pages speak these words."""

    ESTABLISHMENT = "establishment", _("Crèche ou autre accueil collectif")
    CHILDMINDER = "childminder", _("Assistant maternel")
    MAM = "mam", _("Maison d'assistants maternels (MAM)")
    HOME_CARE = "home_care", _("Garde à domicile")


class EstablishmentKind(models.TextChoices):
    CRECHE_COLLECTIVE = "creche_collective", _("Crèche collective")
    MULTI_ACCUEIL = "multi_accueil", _("Multi-accueil")
    MICRO_CRECHE = "micro_creche", _("Micro-crèche")
    CRECHE_FAMILIALE = "creche_familiale", _("Crèche familiale")
    CRECHE_PARENTALE = "creche_parentale", _("Crèche parentale")
    HALTE_GARDERIE = "halte_garderie", _("Halte-garderie")
    JARDIN_ENFANTS = "jardin_enfants", _("Jardin d'enfants")


class ManagerType(models.TextChoices):
    PUBLIC = "public", _("Public (commune, EPCI, CCAS)")
    ASSOCIATIVE = "associative", _("Associatif")
    PRIVATE = "private", _("Privé")
    COMPANY = "company", _("Entreprise (crèche d'entreprise)")


class Funding(models.TextChoices):
    PSU = "psu", _("PSU : tarif selon vos revenus (barème national de la Caf)")
    PAJE = "paje", _("PAJE : prix fixé par la structure, vous recevez le CMG de la Caf")


class HomeCareKind(models.TextChoices):
    PROVIDER = "provider", _("Service de garde à domicile (organisme)")
    AUXILIAIRE = "auxiliaire", _("Auxiliaire parental (salarié direct)")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("lundi")
    TUESDAY = 1, _("mardi")
    WEDNESDAY = 2, _("mercredi")
    THURSDAY = 3, _("jeudi")
    FRIDAY = 4, _("vendredi")
    SATURDAY = 5, _("samedi")
    SUNDAY = 6, _("dimanche")
