from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """States of a single-desk dossier; the allowed moves are in states.py."""

    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Déposé, en attente de vérification")
    INCOMPLETE = "incomplete", _("Incomplet : des pièces ou informations manquent")
    COMPLETE = "complete", _("Complet : en attente de la commission")
    PRESENTED = "presented", _("Présenté en commission")
    OFFERED = "offered", _("Place proposée")
    ACCEPTED = "accepted", _("Place acceptée")
    DECLINED = "declined", _("Place refusée")
    ADMITTED = "admitted", _("Enfant accueilli")
    NOT_PLACED = "not_placed", _("Pas de place cette fois : reste sur la liste")
    LAPSED = "lapsed", _("Clos faute de confirmation")
    WITHDRAWN = "withdrawn", _("Retiré par la famille")


class ParentActivity(models.TextChoices):
    EMPLOYED = "employed", _("En emploi")
    SELF_EMPLOYED = "self_employed", _("Indépendant")
    JOB_SEEKING = "job_seeking", _("En recherche d'emploi")
    TRAINING = "training", _("En formation ou études")
    PARENTAL_LEAVE = "parental_leave", _("En congé parental")
    OTHER = "other", _("Autre situation")


class SpecificSituation(models.TextChoices):
    """Situations the points grid may consider; the grid itself is the territory's."""

    SOCIAL_SUPPORT = "social_support", _("Accompagnement social (orientation PMI, ASE…)")
    PARENT_DISABILITY = "parent_disability", _("Parent en situation de handicap")
    CHILD_DISABILITY = "child_disability", _("Enfant en situation de handicap (AEEH)")
    MINIMUM_INCOME = "minimum_income", _("Bénéficiaire de minima sociaux")
    MULTIPLE_BIRTH = "multiple_birth", _("Naissance multiple")


class DocumentKind(models.TextChoices):
    PROOF_OF_ADDRESS = "proof_of_address", _("Justificatif de domicile")
    INCOME = "income", _("Avis d'imposition ou attestation de ressources Caf")
    BIRTH = "birth", _("Acte de naissance ou livret de famille")
    PREGNANCY = "pregnancy", _("Déclaration de grossesse")
    EMPLOYMENT = "employment", _("Attestation d'emploi, de formation ou de recherche")
    OTHER = "other", _("Autre pièce")


class NoteKind(models.TextChoices):
    """Agents' notes are facts from this list only: no free judgement of families."""

    CALLED_FAMILY = "called_family", _("Famille appelée")
    FAMILY_CALLED = "family_called", _("Appel de la famille")
    DOCUMENT_REQUESTED = "document_requested", _("Pièce demandée")
    DOCUMENT_RECEIVED = "document_received", _("Pièce reçue")
    MET_AT_COUNTER = "met_at_counter", _("Rendez-vous au guichet")
    SITUATION_UPDATED = "situation_updated", _("Situation mise à jour à la demande de la famille")
    ORIENTED_OTHER_MODE = "oriented_other_mode", _("Orientée vers un autre mode d'accueil")


class Channel(models.TextChoices):
    ONLINE = "online", _("En ligne, par la famille")
    COUNTER = "counter", _("Au guichet, saisi par un agent")
    PHONE = "phone", _("Par téléphone, saisi par un agent")
