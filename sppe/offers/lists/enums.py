from django.db import models
from django.utils.translation import gettext_lazy as _


class ListKind(models.TextChoices):
    AM = "am", _("Assistants maternels")
    ESTABLISHMENTS = "establishments", _("Établissements")


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Aperçu prêt à appliquer")
    REJECTED = "rejected", _("Lignes en erreur")
    APPLIED = "applied", _("Appliqué")
    OUTDATED = "outdated", _("Aperçu périmé")
