"""Words of the observatory: each indicator's name, definition and source, the labels
of the origins of a figure, and the number formats, shared by pages, exports and PDF."""

from django.utils.translation import gettext_lazy as _

from . import indicators as ind

ORIGINS = {
    ind.COMPUTED: _("calculé par sppe"),
    ind.IMPORTED: _("importé"),
    ind.MISSING: _("manquant"),
}

TERM_LABELS = {
    ind.Term.EAJE: _("Places en EAJE"),
    ind.Term.CHILDMINDERS: _("Places des assistants maternels pour les moins de 3 ans"),
    ind.Term.HOME_CARE: _("Enfants gardés à domicile"),
    ind.Term.SCHOOL_AT_TWO: _("Enfants scolarisés à 2 ans"),
}

TENSION_LABELS = {
    "coverage": _("taux de couverture inférieur à 50 %"),
    "places_at_risk": _("places d'assistants maternels partant d'ici 10 ans : au moins 40 %"),
    "waiting": _("10 familles ou plus en attente pour 100 enfants de moins de 3 ans"),
}

# name -> (definition, source), shown next to each value.
DEFINITIONS = {
    "coverage": (
        _(
            "Taux de couverture théorique : places en EAJE, places des assistants maternels "
            "pour les moins de 3 ans, enfants gardés à domicile et enfants scolarisés à 2 ans, "
            "rapportés au nombre d'enfants de moins de 3 ans."
        ),
        _(
            "Définition de la Cnaf (Observatoire national de la petite enfance). Places : "
            "photographie de l'offre de sppe ; enfants de moins de 3 ans : Insee ; garde à "
            "domicile et scolarisation à 2 ans : fichier de la Caf importé."
        ),
    ),
    "places": (
        _(
            "Places autorisées des EAJE (selon leur financement PSU ou PAJE), places d'agrément "
            "des assistants maternels en activité, à domicile ou en MAM, à la date de référence."
        ),
        _("Photographie annuelle de l'offre enregistrée par sppe."),
    ),
    "flows": (
        _(
            "Places créées et fermées depuis la photographie précédente : un lieu d'accueil "
            "nouveau crée ses places, un lieu disparu les ferme, un changement de capacité "
            "compte sa différence."
        ),
        _("Comparaison des photographies annuelles de sppe."),
    ),
    "departures": (
        _(
            "Assistants maternels qui atteignent l'âge légal de départ à la retraite de leur "
            "génération d'ici 5 et 10 ans (ceux qui l'ont déjà atteint compris), et leurs "
            "places d'agrément : les places menacées."
        ),
        _("Dates de naissance des assistants maternels (année seule) ; %(source)s.")
        % {"source": ind.RETIREMENT_AGE_SOURCE},
    ),
    "pyramid": (
        _("Assistants maternels en activité par âge au 1er juillet de l'année."),
        _("Photographie annuelle de l'offre enregistrée par sppe."),
    ),
    "births": (
        _("Naissances domiciliées dans la commune (enfants dont la mère y réside)."),
        _(
            "Insee, état civil, fichier importé ; pour une année que l'Insee n'a pas encore "
            "publiée, les naissances saisies par mois depuis le registre de la commune."
        ),
    ),
    "demand": (
        _(
            "Demandes de place en crèche déposées au guichet unique (les brouillons ne comptent "
            "pas) ; familles en attente : un dossier déposé, incomplet, complet, présenté en "
            "commission ou sans place cette fois. Un effectif de 1 à 4 s'affiche « moins de 5 »."
        ),
        _("Guichet unique de sppe."),
    ),
    "tension": (
        _(
            "Zone de tension : commune dont le taux de couverture est inférieur à 50 %, ou dont "
            "les places d'assistants maternels partant d'ici 10 ans atteignent 40 %, ou qui compte "
            "10 familles ou plus en attente pour 100 enfants de moins de 3 ans."
        ),
        _(
            "Seuils de sppe pour le schéma pluriannuel (CASF, art. D.214-10-1, décret "
            "n° 2025-253 du 20 mars 2025)."
        ),
    ),
    "caf": (
        _(
            "Taux de couverture publié par la Caf. L'écart avec le nôtre vient des places (la "
            "Caf compte les places financées l'année passée, sppe l'offre à la date de "
            "référence), des assistants maternels (la Caf estime la part de leurs places prise "
            "par des moins de 3 ans, sppe compte toutes les places d'un agrément qui les "
            "accueille) et de l'année des chiffres."
        ),
        _("data.caf.fr, colonnes txcouv, fichier importé."),
    ),
}


def number(value, digits: int = 0) -> str:
    """French number: narrow no-break space for thousands, comma for decimals."""
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\u202f").replace(".", ",")


def rate(value) -> str:
    return "—" if value is None else f"{number(value, 1)}\u00a0%"


def small(count: int) -> str:
    """A count of families: 1 to 4 are never shown."""
    return str(_("moins de 5")) if 0 < count < 5 else str(count)
