"""The facts of the accessibility statement (RGAA 4.1, décret n° 2019-768): when it was
written, how the service was checked, what is known not to be accessible and the plan.
Kept as data beside the code that they describe: a change of them is a reviewed commit."""

import datetime as dt

from django.utils.translation import gettext_lazy as _l

# The date of the statement and of the last check behind it.
STATEMENT_DATE = dt.date(2026, 12, 6)
# Pages checked at each change of the software (tests/e2e): axe-core, 320 px width,
# French, English and Arabic (right to left).
CHECKED_PAGES = (
    _l("accueil"),
    _l("recherche et résultats"),
    _l("fiches des crèches, MAM et assistants maternels"),
    _l("pages d'information et simulateur"),
    _l("inscription, connexion, demande de place, dossier et pièces"),
    _l("données ouvertes"),
    _l("mentions légales, données personnelles et cette déclaration"),
)
PLAN_YEARS = (2026, 2027, 2028)
