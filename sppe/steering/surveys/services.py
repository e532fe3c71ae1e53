"""Writing surveys: build, open, invite (by link or by e-mail), answer, close.

One answer per invitation: the invitation is locked (select_for_update) while the answer
is recorded, so two clicks at once give one answer and one refusal. An anonymous survey
keeps no link between the answer and the invitation, nor the e-mail address.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sppe.notifications.enums import MessageChannel
from sppe.notifications.rendering import message_language, render_message
from sppe.notifications.services import message_queue

from ..enums import InvitationChannel, QuestionKind, SurveyStatus
from ..errors import SteeringError
from .models import Answer, Invitation, Question, Response, Survey
from .results import AGREEMENT_MAX, AGREEMENT_MIN, SCALE_MAX, SCALE_MIN

MAX_LINKS = 500
MAX_EMAILS = 2000
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


def survey_url(invitation: Invitation) -> str:
    path = reverse("steering:survey_answer", args=[invitation.token])
    return settings.BASE_URL.rstrip("/") + path


@transaction.atomic
def survey_create(
    *,
    territory,
    title: str,
    audience: str,
    year: int,
    anonymous: bool = True,
    by=None,
    title_en: str = "",
    title_ar: str = "",
) -> Survey:
    title = (title or "").strip()
    if not title:
        raise SteeringError(_("Donnez un titre à l'enquête."))
    return Survey.objects.create(
        territory=territory,
        title=title,
        title_en=title_en.strip(),
        title_ar=title_ar.strip(),
        audience=audience,
        year=year,
        anonymous=anonymous,
        created_by=by,
        created_at=timezone.now(),
    )


def _check_draft(survey: Survey) -> None:
    if survey.status != SurveyStatus.DRAFT:
        raise SteeringError(
            _(
                "L'enquête est déjà ouverte : ses questions ne changent plus, pour que les "
                "réponses restent comparables."
            )
        )


@transaction.atomic
def question_add(
    *,
    survey: Survey,
    kind: str,
    text: str,
    choices=(),
    required: bool = False,
    text_en: str = "",
    text_ar: str = "",
    choices_en=(),
    choices_ar=(),
) -> Question:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _check_draft(survey)
    if kind not in QuestionKind.values:
        raise SteeringError(_("Choisissez le type de la question."))
    text = (text or "").strip()
    if not text:
        raise SteeringError(_("Écrivez la question."))
    choices = [c.strip() for c in choices if c and c.strip()]
    if kind in CHOICE_KINDS:
        if len(choices) < 2:
            raise SteeringError(_("Une question à choix propose au moins deux réponses."))
        if len(set(choices)) != len(choices):
            raise SteeringError(_("Deux réponses proposées sont identiques."))
    else:
        choices = []
    translations = {}
    for name, values in (("choices_en", choices_en), ("choices_ar", choices_ar)):
        values = [c.strip() for c in values if c and c.strip()]
        if values and len(values) != len(choices):
            raise SteeringError(
                _("Traduisez chacune des %(n)s réponses proposées, dans le même ordre, ou aucune.")
                % {"n": len(choices)}
            )
        translations[name] = values
    position = survey.questions.count() + 1
    return Question.objects.create(
        survey=survey,
        position=position,
        kind=kind,
        text=text,
        text_en=text_en.strip(),
        text_ar=text_ar.strip(),
        choices=choices,
        required=required,
        **translations,
    )


@transaction.atomic
def question_delete(*, question: Question) -> None:
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    _check_draft(survey)
    question.delete()
    for position, q in enumerate(survey.questions.order_by("position", "pk"), start=1):
        Question.objects.filter(pk=q.pk).update(position=position)


@transaction.atomic
def survey_open(*, survey: Survey) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _check_draft(survey)
    if not survey.questions.exists():
        raise SteeringError(
            _("Une enquête sans question ne peut pas être ouverte : ajoutez au moins une question.")
        )
    survey.status = SurveyStatus.OPEN
    survey.opened_at = timezone.now()
    survey.save(update_fields=["status", "opened_at"])
    return survey


@transaction.atomic
def survey_close(*, survey: Survey) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != SurveyStatus.OPEN:
        raise SteeringError(_("Seule une enquête ouverte peut être close."))
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = timezone.now()
    survey.save(update_fields=["status", "closed_at"])
    return survey


def _check_open(survey: Survey) -> None:
    if survey.status == SurveyStatus.DRAFT:
        raise SteeringError(_("Ouvrez l'enquête avant de l'envoyer."))
    if survey.status == SurveyStatus.CLOSED:
        raise SteeringError(_("L'enquête est close : elle ne peut plus être envoyée."))


@transaction.atomic
def invitation_links_create(*, survey: Survey, count: int) -> list[Invitation]:
    """Personal links to hand out (at the counter, by SMS, in a newsletter)."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _check_open(survey)
    if not 1 <= count <= MAX_LINKS:
        raise SteeringError(_("Créez entre 1 et %(n)s liens à la fois.") % {"n": MAX_LINKS})
    now = timezone.now()
    return Invitation.objects.bulk_create(
        Invitation(survey=survey, channel=InvitationChannel.LINK, created_at=now)
        for _i in range(count)
    )


def parse_emails(text: str) -> list[str]:
    """Addresses one per line (or separated by commas or semicolons), without repeats."""
    seen, addresses = set(), []
    for raw in (text or "").replace(";", "\n").replace(",", "\n").splitlines():
        address = raw.strip()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError as exc:
            raise SteeringError(
                _("« %(address)s » n'est pas une adresse e-mail valable : rien n'a été envoyé.")
                % {"address": address}
            ) from exc
        if address.lower() not in seen:
            seen.add(address.lower())
            addresses.append(address)
    if not addresses:
        raise SteeringError(_("Indiquez au moins une adresse e-mail."))
    if len(addresses) > MAX_EMAILS:
        raise SteeringError(_("Envoyez au plus %(n)s messages à la fois.") % {"n": MAX_EMAILS})
    return addresses


@transaction.atomic
def survey_email_campaign(*, survey: Survey, emails: str, language: str = "fr") -> int:
    """One invitation and one message (through the outbox) per address."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _check_open(survey)
    addresses = parse_emails(emails)
    language = message_language(language)
    now = timezone.now()
    for address in addresses:
        invitation = Invitation.objects.create(
            survey=survey,
            channel=InvitationChannel.EMAIL,
            email="" if survey.anonymous else address,
            language=language,
            created_at=now,
        )
        subject, body = render_message(
            "notifications/survey_invitation.txt",
            {
                "survey": survey,
                "territory_name": survey.territory.name,
                "survey_url": survey_url(invitation),
                "dossier_url": "",
            },
            language=language,
        )
        message_queue(
            channel=MessageChannel.EMAIL,
            recipient=address,
            subject=subject,
            body=body,
            language=language,
            event="survey_invitation",
            related=invitation,
        )
    return len(addresses)


def invitation_for_token(token: str) -> Invitation | None:
    if not token or len(token) > 64:
        return None
    return (
        Invitation.objects.select_related("survey", "survey__territory").filter(token=token).first()
    )


def already_answered_message() -> str:
    return _(
        "Une réponse a déjà été enregistrée avec ce lien : une seule réponse est possible par "
        "invitation. Merci de votre participation."
    )


def _clean_answer(question: Question, raw) -> dict | None:
    """raw: a string, or a list of strings for a multiple choice. None: no answer."""
    values = raw if isinstance(raw, list) else [raw]
    values = [str(v).strip() for v in values if v is not None and str(v).strip()]
    if not values:
        if question.required:
            raise SteeringError(
                _("Répondez à la question « %(q)s ».") % {"q": question.display_text}
            )
        return None
    if question.kind == QuestionKind.TEXT:
        text = values[0]
        if len(text) > 1000:
            raise SteeringError(_("Votre réponse dépasse 1 000 caractères."))
        return {"text": text}
    try:
        numbers = [int(v) for v in values]
    except ValueError as exc:
        raise SteeringError(_out_of_range(question)) from exc
    if question.kind == QuestionKind.SCALE:
        low, high = SCALE_MIN, SCALE_MAX
    elif question.kind == QuestionKind.AGREEMENT:
        low, high = AGREEMENT_MIN, AGREEMENT_MAX
    else:
        low, high = 0, len(question.choices) - 1
    if any(not low <= n <= high for n in numbers):
        raise SteeringError(_out_of_range(question))
    if question.kind == QuestionKind.MULTIPLE:
        return {"choices": sorted(set(numbers))}
    if len(numbers) != 1:
        raise SteeringError(_out_of_range(question))
    return {"number": numbers[0]}


def _out_of_range(question: Question) -> str:
    if question.kind == QuestionKind.SCALE:
        return _("Pour « %(q)s », choisissez une note entre 0 et 10.") % {
            "q": question.display_text
        }
    return _("Pour « %(q)s », choisissez l'une des réponses proposées.") % {
        "q": question.display_text
    }


@transaction.atomic
def survey_answer(*, token: str, answers: dict, language: str = "fr") -> Response:
    """answers: question pk -> the value posted. Every answer is checked before any write."""
    found = invitation_for_token(token)
    if found is None:
        raise SteeringError(_("Ce lien d'enquête n'est pas valable."))
    invitation = Invitation.objects.select_for_update().get(pk=found.pk)
    survey = invitation.survey
    if invitation.answered_at is not None:
        raise SteeringError(already_answered_message())
    if survey.status != SurveyStatus.OPEN:
        raise SteeringError(_("Cette enquête est close : elle ne reçoit plus de réponse."))
    cleaned = {}
    for question in survey.questions.all():
        value = _clean_answer(question, answers.get(question.pk))
        if value is not None:
            cleaned[question] = value
    if not cleaned:
        raise SteeringError(_("Répondez à au moins une question avant d'envoyer."))
    now = timezone.now()
    response = Response.objects.create(
        survey=survey,
        invitation=None if survey.anonymous else invitation,
        submitted_at=now,
        language=message_language(language),
    )
    Answer.objects.bulk_create(
        Answer(response=response, question=question, **value) for question, value in cleaned.items()
    )
    invitation.answered_at = now
    invitation.save(update_fields=["answered_at"])
    return response
