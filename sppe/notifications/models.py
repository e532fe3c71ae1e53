"""The outbox: every message to a person is stored before it is sent.

A message is written in the same transaction as the action that causes it, then
delivered by a task; if the mail server is down, the attempt is recorded and the
message stays pending until a later attempt succeeds (see services.py). Nothing is
ever deleted here: the outbox is also the record of what the family was told.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import MessageChannel, MessageStatus


class Message(models.Model):
    channel = models.CharField(_("canal"), max_length=10, choices=MessageChannel.choices)
    recipient = models.CharField(_("destinataire"), max_length=254)
    subject = models.CharField(_("objet"), max_length=300, blank=True)
    body = models.TextField(_("texte"))
    language = models.CharField(_("langue"), max_length=10, default="fr")
    event = models.CharField(_("événement"), max_length=50, blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), null=True, blank=True)
    # The kind of error only (exception class, SMTP code): never an address or a text.
    last_error = models.CharField(_("dernière erreur"), max_length=300, blank=True)
    # What the message is about, e.g. ("dossiers.application", 42).
    related_model = models.CharField(max_length=100, blank=True)
    related_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"))
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["related_model", "related_id"]),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} #{self.pk} ({self.get_status_display()})"
