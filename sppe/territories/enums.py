from django.db import models
from django.utils.translation import gettext_lazy as _


class TerritoryKind(models.TextChoices):
    COMMUNES = "communes", _("Une ou plusieurs communes")
    EPCI = "epci", _("Intercommunalité (EPCI)")
    DEPARTMENT = "department", _("Département")


class OrganisationKind(models.TextChoices):
    MUNICIPAL_SERVICE = "municipal_service", _("Service petite enfance (mairie ou EPCI)")
    RPE = "rpe", _("Relais Petite Enfance")
    CRECHE_OPERATOR = "creche_operator", _("Gestionnaire de crèche")
    COORDINATION = "coordination", _("Coordination (Caf, département, réseau)")
