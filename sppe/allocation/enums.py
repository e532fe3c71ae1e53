from django.db import models
from django.utils.translation import gettext_lazy as _


class Rule(models.TextChoices):
    """How sppe reads a criterion of the grid off a dossier (the territory sets points)."""

    SINGLE_PARENT = "single_parent", _("Parent seul avec l'enfant")
    PARENTS_ACTIVE = "parents_active", _("Parents en activité (emploi, formation, études)")
    JOB_SEEKING = "job_seeking", _("Parent en recherche d'emploi")
    INSERTION = "insertion", _("Parcours d'insertion sociale ou professionnelle (minima sociaux)")
    SOCIAL_SUPPORT = "social_support", _("Accompagnement social (PMI, ASE…)")
    PARENT_DISABILITY = "parent_disability", _("Parent en situation de handicap")
    CHILD_DISABILITY = "child_disability", _("Enfant en situation de handicap (AEEH)")
    MULTIPLE_BIRTH = "multiple_birth", _("Naissance multiple")
    LARGE_FAMILY = "large_family", _("Famille de trois enfants ou plus")
    # Crèche-specific: counted only at the crèches concerned.
    SAME_COMMUNE = "same_commune", _("Famille habitant la commune de la crèche")
    SIBLING_THERE = "sibling_there", _("Frère ou sœur déjà accueilli dans la crèche")
    # Seniority and malus: read off the dossier's history at the commission.
    SENIORITY = "seniority", _("Par commission passée sans place")
    DECLINED_OFFER = "declined_offer", _("Par refus d'une place adaptée à la demande")


CRECHE_RULES = frozenset({Rule.SAME_COMMUNE, Rule.SIBLING_THERE})


class Confirmation(models.TextChoices):
    AUTOMATIC = "automatic", _("Lu dans le dossier vérifié")
    AGENT = "agent", _("Confirmé par un agent")


class DeliberationStatus(models.TextChoices):
    PREPARING = "preparing", _("En préparation : places et membres")
    FROZEN = "frozen", _("Dossiers figés : proposition à calculer")
    PROPOSED = "proposed", _("Proposition calculée : en revue")
    VALIDATED = "validated", _("Décisions validées")


class OverrideReason(models.TextChoices):
    """Why a member departs from the engine's proposal: a closed list (no judgement)."""

    CHILD_PROTECTION = "child_protection", _("Protection de l'enfance (mesure en cours)")
    MEDICAL_URGENCY = "medical_urgency", _("Urgence médicale ou handicap attesté")
    FAMILY_EMERGENCY = "family_emergency", _("Urgence sociale attestée (hébergement, violences)")
    SEAT_ERROR = "seat_error", _("Erreur dans les places saisies (jours, section)")
    DATA_ERROR = "data_error", _("Erreur matérielle dans le dossier figé")


class OfferStatus(models.TextChoices):
    PENDING = "pending", _("En attente de réponse")
    ACCEPTED = "accepted", _("Acceptée")
    DECLINED = "declined", _("Refusée")
    LAPSED = "lapsed", _("Sans réponse dans le délai")
    ADMITTED = "admitted", _("Accueil confirmé par la crèche")
    WITHDRAWN = "withdrawn", _("Annulée (demande retirée)")


HELD_OFFER_STATUSES = frozenset({OfferStatus.PENDING, OfferStatus.ACCEPTED, OfferStatus.ADMITTED})


class DeclineReason(models.TextChoices):
    OTHER_CARE = "other_care", _("J'ai trouvé un autre mode d'accueil")
    TOO_FAR = "too_far", _("La crèche est trop loin")
    SCHEDULE = "schedule", _("Les jours ou les horaires ne me conviennent pas")
    DATE = "date", _("La date d'entrée ne me convient pas")
    NO_LONGER_NEEDED = "no_longer_needed", _("Je n'ai plus besoin d'une place")
    OTHER = "other", _("Une autre raison")


class AppealStatus(models.TextChoices):
    RECEIVED = "received", _("Reçu : en cours d'examen")
    UPHELD = "upheld", _("Accepté : la décision est revue")
    REJECTED = "rejected", _("Rejeté : la décision est maintenue")


class AppealDecisionReason(models.TextChoices):
    RULES_APPLIED = "rules_applied", _("La grille publiée a été appliquée sans erreur")
    POINTS_CORRECTED = "points_corrected", _("Une erreur de points a été corrigée")
    NEW_SITUATION = (
        "new_situation",
        _("Situation nouvelle : prise en compte à la prochaine commission"),
    )
    NO_SEAT = "no_seat", _("Aucune place ne correspondait aux jours et à l'âge demandés")


class FollowUpOutcome(models.TextChoices):
    APPOINTMENT = "appointment", _("Rendez-vous proposé au relais petite enfance")
    CHILDMINDER = "childminder", _("Orientée vers des assistants maternels disponibles")
    OTHER_CRECHE = "other_creche", _("Orientée vers une crèche hors guichet")
    WAITING = "waiting", _("Reste sur la liste pour la prochaine commission")
    NOT_REACHED = "not_reached", _("Famille non jointe (message laissé)")


class FollowUpChannel(models.TextChoices):
    PHONE = "phone", _("Téléphone")
    EMAIL = "email", _("E-mail")
    VISIT = "visit", _("Au relais ou en mairie")
