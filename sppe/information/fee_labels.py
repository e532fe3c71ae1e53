"""Translations of the fixed French texts the fee simulator core produces.

The core (``fees/``) is pure Python and writes its labels, mode titles and notes in
French. The pages translate them here, at render time, through gettext; a text the
mapping does not know is shown as it is, in French (its element then carries
``lang="fr"``). Formulas carry figures and stay in French.
"""

from django.utils.translation import gettext_lazy as _

from .fees.compare import MODE_TITLES, Mode

LABELS = {
    "Barème appliqué": _("Barème appliqué"),
    "CMG avant CRDS": _("CMG avant CRDS"),
    "Condition non remplie": _("Condition non remplie"),
    "Cotisations sociales du mois": _("Cotisations sociales du mois"),
    "Cotisations sociales prises en charge par le CMG": _(
        "Cotisations sociales prises en charge par le CMG"
    ),
    "Coût de la garde retenu pour le CMG": _("Coût de la garde retenu pour le CMG"),
    "Coût horaire de référence": _("Coût horaire de référence"),
    "Crédit d'impôt ramené au mois": _("Crédit d'impôt ramené au mois"),
    "Dépenses de garde de l'année, aides déduites": _(
        "Dépenses de garde de l'année, aides déduites"
    ),
    "Dépenses retenues": _("Dépenses retenues"),
    "Heures de garde par mois, pour tous les modes": _(
        "Heures de garde par mois, pour tous les modes"
    ),
    "Heures facturées chaque mois": _("Heures facturées chaque mois"),
    "Indemnités d'entretien et frais de repas du mois": _(
        "Indemnités d'entretien et frais de repas du mois"
    ),
    "Montant maximal du CMG": _("Montant maximal du CMG"),
    "Pas de CMG": _("Pas de CMG"),
    "Pas de crédit d'impôt pour frais de garde hors du domicile": _(
        "Pas de crédit d'impôt pour frais de garde hors du domicile"
    ),
    "Prix mensuel de la micro-crèche": _("Prix mensuel de la micro-crèche"),
    "Reste à votre charge par mois": _("Reste à votre charge par mois"),
    "Salaire net du mois": _("Salaire net du mois"),
    "Vos ressources mensuelles retenues": _("Vos ressources mensuelles retenues"),
    "Vos ressources mensuelles": _("Vos ressources mensuelles"),
    "Votre CMG emploi direct": _("Votre CMG emploi direct"),
    "Votre CMG": _("Votre CMG"),
    "Votre crédit d'impôt pour frais de garde": _("Votre crédit d'impôt pour frais de garde"),
    "Votre crédit d'impôt pour l'emploi à domicile": _(
        "Votre crédit d'impôt pour l'emploi à domicile"
    ),
    "Votre participation mensuelle à la crèche": _("Votre participation mensuelle à la crèche"),
    "Votre tarif horaire en crèche": _("Votre tarif horaire en crèche"),
    "Votre taux d'effort horaire": _("Votre taux d'effort horaire"),
    "Votre taux d'effort": _("Votre taux d'effort"),
    "Votre tranche de revenus": _("Votre tranche de revenus"),
    "Votre part du salaire de la garde partagée": _("Votre part du salaire de la garde partagée"),
}

MODE_NAMES = {
    Mode.CRECHE_PSU: _("Crèche au tarif de la Caf (PSU)"),
    Mode.MICRO_CRECHE_PAJE: _("Micro-crèche à tarif libre (PAJE)"),
    Mode.ASSISTANT_MATERNEL: _("Assistant maternel"),
    Mode.GARDE_DOMICILE: _("Garde d'enfants à domicile"),
    Mode.GARDE_PARTAGEE: _("Garde partagée entre deux familles"),
}

NOTES = {
    "La Caf finance directement la crèche : vous ne recevez pas de CMG.": _(
        "La Caf finance directement la crèche : vous ne recevez pas de CMG."
    ),
    "Le prix horaire est celui de la micro-crèche : demandez-le lui.": _(
        "Le prix horaire est celui de la micro-crèche : demandez-le lui."
    ),
    "Le salaire dépasse le plafond horaire : une partie des cotisations sociales reste à "
    "votre charge ; elle n'est pas comptée ici.": _(
        "Le salaire dépasse le plafond horaire : une partie des cotisations sociales reste "
        "à votre charge ; elle n'est pas comptée ici."
    ),
    "Sans CMG, les cotisations sociales sont à votre charge ; elles ne sont pas comptées ici.": _(
        "Sans CMG, les cotisations sociales sont à votre charge ; elles ne sont pas comptées ici."
    ),
    "Les cotisations sociales de l'employeur ne sont pas comptées : le simulateur de "
    "l'Urssaf (Pajemploi) les donne ; la moitié est prise en charge par le CMG.": _(
        "Les cotisations sociales de l'employeur ne sont pas comptées : le simulateur de "
        "l'Urssaf (Pajemploi) les donne ; la moitié est prise en charge par le CMG."
    ),
    "Les frais de repas ne comptent pas dans les dépenses ouvrant droit au crédit d'impôt.": _(
        "Les frais de repas ne comptent pas dans les dépenses ouvrant droit au crédit d'impôt."
    ),
    "Garde partagée : chaque famille emploie la garde pour ses heures et paie sa part du "
    "salaire ; chacune reçoit son propre CMG et son propre crédit d'impôt, selon ses "
    "ressources.": _(
        "Garde partagée : chaque famille emploie la garde pour ses heures et paie sa part du "
        "salaire ; chacune reçoit son propre CMG et son propre crédit d'impôt, selon ses "
        "ressources."
    ),
    # Reasons why a mode was left out of the comparison.
    "prix horaire de la micro-crèche non renseigné": _(
        "prix horaire de la micro-crèche non renseigné"
    ),
    "salaire horaire de l'assistant maternel non renseigné": _(
        "salaire horaire de l'assistant maternel non renseigné"
    ),
    "salaire horaire de la garde à domicile non renseigné": _(
        "salaire horaire de la garde à domicile non renseigné"
    ),
}


def translate_label(text: str):
    """(text to show, whether it is translated) for a label of the core."""
    if text in LABELS:
        return LABELS[text], True
    return text, False


def translate_note(text: str):
    if text in NOTES:
        return NOTES[text], True
    return text, False


def mode_name(mode: Mode):
    return MODE_NAMES.get(Mode(mode), MODE_TITLES[Mode(mode)])
