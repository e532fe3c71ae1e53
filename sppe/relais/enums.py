from django.db import models
from django.utils.translation import gettext_lazy as _


class Mode(models.TextChoices):
    ON_SITE = "on_site", _("Sur place")
    VIDEO = "video", _("En visioconférence")
    PHONE = "phone", _("Par téléphone")


class PersonKind(models.TextChoices):
    FAMILY = "family", _("Parent ou futur parent")
    CHILDMINDER = "childminder", _("Assistant maternel")
    CANDIDATE = "candidate", _("Candidat à l'agrément")
    PROJECT_HOLDER = "project_holder", _("Porteur de projet (MAM, micro-crèche)")
    PARTNER = "partner", _("Partenaire")


# Who may book an appointment online.
BOOKING_KINDS = (PersonKind.FAMILY, PersonKind.CHILDMINDER, PersonKind.CANDIDATE)


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Lundi")
    TUESDAY = 1, _("Mardi")
    WEDNESDAY = 2, _("Mercredi")
    THURSDAY = 3, _("Jeudi")
    FRIDAY = 4, _("Vendredi")
    SATURDAY = 5, _("Samedi")


class ContactChannel(models.TextChoices):
    APPOINTMENT = "appointment", _("Rendez-vous")
    PHONE = "phone", _("Téléphone")
    EMAIL = "email", _("E-mail")
    VISIT = "visit", _("Accueil sans rendez-vous")
    EVENT = "event", _("Lors d'une animation")


class Orientation(models.TextChoices):
    NONE = "none", _("Réponse donnée, pas d'orientation")
    SINGLE_DESK = "single_desk", _("Guichet unique, crèches")
    CHILDMINDERS = "childminders", _("Liste des assistants maternels")
    PMI = "pmi", _("PMI (agrément, santé)")
    CAF = "caf", _("Caf (aides, CMG)")
    PAJEMPLOI = "pajemploi", _("Pajemploi, Urssaf")
    LABOUR = "labour", _("Droit du travail (DREETS, syndicats)")
    OTHER_PARTNER = "other_partner", _("Autre partenaire")


DURATIONS = (5, 10, 15, 20, 30, 45, 60, 90)


class EventKind(models.TextChoices):
    MATINEE = "matinee", _("Matinée d'éveil")
    EVENING = "evening", _("Soirée d'information")
    CONFERENCE = "conference", _("Conférence")
    TRAINING = "training", _("Formation")
    PRACTICE_GROUP = "practice_group", _("Groupe d'analyse de la pratique")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Inscrit")
    WAITING = "waiting", _("Sur liste d'attente")
    CANCELLED = "cancelled", _("Annulé")


# Who may register for an event.
EVENT_KINDS_OF_PERSON = (PersonKind.CHILDMINDER, PersonKind.FAMILY)


class JobOfferStatus(models.TextChoices):
    SUBMITTED = "submitted", _("À valider par le relais")
    DIFFUSED = "diffused", _("Diffusée")
    CLOSED = "closed", _("Close")
    REJECTED = "rejected", _("Refusée")


DISTANCES_KM = (0, 5, 10, 20)


class ResourceCategory(models.TextChoices):
    NEWS = "news", _("Actualités professionnelles")
    LEGAL = "legal", _("Juridique et administratif")
    TRAINING = "training", _("Formation")
    PEDAGOGY = "pedagogy", _("Pédagogie et éveil")
    LOCAL = "local", _("Lieux près de chez vous (médiathèques, ludothèques)")


class Audience(models.TextChoices):
    CHILDMINDERS = "childminders", _("Assistants maternels")
    PARENTS = "parents", _("Parents")
    BOTH = "both", _("Assistants maternels et parents")
