from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FAMILY = "family", _("Famille")
    CHILDMINDER = "childminder", _("Assistant maternel")
    AGENT = "agent", _("Agent RPE / guichet unique")
    CRECHE_MANAGER = "creche_manager", _("Responsable d'établissement")
    COMMISSION_MEMBER = "commission_member", _("Membre de commission")
    ELECTED = "elected", _("Élu")
    TERRITORY_ADMIN = "territory_admin", _("Administrateur du territoire")
