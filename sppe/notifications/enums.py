from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("En attente d'envoi")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec définitif")
