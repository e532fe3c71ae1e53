from django.db import models
from django.utils.translation import gettext_lazy as _


class Mode(models.TextChoices):
    """Modes of care counted by a snapshot of the offer."""

    EAJE = "eaje", _("Établissement d'accueil du jeune enfant (EAJE)")
    MAM = "mam", _("Assistant maternel en MAM")
    CHILDMINDER = "childminder", _("Assistant maternel à domicile")
    HOME_CARE = "home_care", _("Garde à domicile")


class DatasetKind(models.TextChoices):
    """Files an agent imports: the figures sppe cannot compute itself."""

    INSEE_BIRTHS = "insee_births", _("Insee : naissances domiciliées par commune")
    INSEE_POPULATION = "insee_population", _("Insee : population de moins de 3 ans par commune")
    CAF_COVERAGE = "caf_coverage", _("Caf (data.caf.fr) : taux de couverture")


class GeoLevel(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    EPCI = "epci", _("EPCI")
    DEPARTMENT = "department", _("Département")
