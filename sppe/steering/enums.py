from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    FAMILIES = "families", _("Familles")
    CHILDMINDERS = "childminders", _("Assistants maternels")
    PARTNERS = "partners", _("Partenaires")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("En préparation")
    OPEN = "open", _("Ouverte")
    CLOSED = "closed", _("Close")


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Note de 0 à 10")
    AGREEMENT = "agreement", _("Échelle d'accord")
    SINGLE = "single", _("Choix unique")
    MULTIPLE = "multiple", _("Choix multiple")
    TEXT = "text", _("Réponse courte")


class InvitationChannel(models.TextChoices):
    EMAIL = "email", _("Courriel")
    LINK = "link", _("Lien à transmettre")


class PlanKind(models.TextChoices):
    SDSF = "sdsf", _("Schéma départemental des services aux familles")
    CTG = "ctg", _("Convention territoriale globale")
    COMMUNE = "commune", _("Plan pluriannuel de la collectivité")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("À lancer")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Réalisée")
    ABANDONED = "abandoned", _("Abandonnée")


class IndicatorSource(models.TextChoices):
    ENTERED = "entered", _("Saisi chaque année")
    SURVEY_AVERAGE = "survey_average", _("Calculé : moyenne d'une question des enquêtes")
    DESK_APPLICATIONS = "desk_applications", _("Calculé : demandes déposées au guichet unique")
