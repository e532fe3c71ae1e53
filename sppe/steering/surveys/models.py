import secrets

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..enums import Audience, InvitationChannel, QuestionKind, SurveyStatus


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _in_language(french: str, english: str, arabic: str) -> str:
    language = (translation.get_language() or "fr")[:2]
    return {"en": english, "ar": arabic}.get(language) or french


class Survey(models.Model):
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="surveys"
    )
    title = models.CharField(_("titre"), max_length=200)
    title_en = models.CharField(_("titre en anglais"), max_length=200, blank=True)
    title_ar = models.CharField(_("titre en arabe"), max_length=200, blank=True)
    audience = models.CharField(_("public"), max_length=20, choices=Audience.choices)
    year = models.PositiveSmallIntegerField(_("année"))
    anonymous = models.BooleanField(_("anonyme"), default=True)
    status = models.CharField(
        _("état"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    created_at = models.DateTimeField(_("créée le"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("ouverte le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)

    class Meta:
        verbose_name = _("enquête de satisfaction")
        verbose_name_plural = _("enquêtes de satisfaction")
        ordering = ["-year", "-pk"]

    def __str__(self):
        return self.title

    @property
    def display_title(self) -> str:
        return _in_language(self.title, self.title_en, self.title_ar)


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("ordre"))
    kind = models.CharField(_("type"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    text_en = models.CharField(_("question en anglais"), max_length=300, blank=True)
    text_ar = models.CharField(_("question en arabe"), max_length=300, blank=True)
    # Choices of a single or multiple choice question, in French, then translated.
    choices = models.JSONField(_("choix"), default=list, blank=True)
    choices_en = models.JSONField(_("choix en anglais"), default=list, blank=True)
    choices_ar = models.JSONField(_("choix en arabe"), default=list, blank=True)
    required = models.BooleanField(_("réponse obligatoire"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text

    @property
    def display_text(self) -> str:
        return _in_language(self.text, self.text_en, self.text_ar)

    @property
    def display_choices(self) -> list[str]:
        language = (translation.get_language() or "fr")[:2]
        translated = {"en": self.choices_en, "ar": self.choices_ar}.get(language) or []
        return translated if len(translated) == len(self.choices) else list(self.choices)


class Invitation(models.Model):
    """One answer's key: a personal link, sent by e-mail or handed out."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    channel = models.CharField(_("canal"), max_length=10, choices=InvitationChannel.choices)
    # Kept only for a survey that is not anonymous; the outbox holds the message itself.
    email = models.EmailField(_("adresse e-mail"), blank=True)
    language = models.CharField(_("langue"), max_length=10, default="fr")
    created_at = models.DateTimeField(_("créée le"))
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.survey} — invitation {self.pk}"


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # Only for a survey that is not anonymous: who answered.
    invitation = models.OneToOneField(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    submitted_at = models.DateTimeField(_("envoyée le"))
    language = models.CharField(_("langue"), max_length=10, default="fr")

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")

    def __str__(self):
        return f"{self.survey} — réponse {self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.SmallIntegerField(null=True, blank=True)  # a note, a level, a choice
    choices = models.JSONField(default=list, blank=True)  # indexes of multiple choices
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("réponse à une question")
        verbose_name_plural = _("réponses aux questions")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once")]

    def __str__(self):
        return f"{self.response} — {self.question}"
