"""Survey pages: the agents' builder, sending and results; the family's answer page."""

import csv

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sppe.accounts.perms import Capability, capability_required

from ..access import territory_for
from ..enums import InvitationChannel, QuestionKind, SurveyStatus
from ..errors import SteeringError
from . import selectors, services
from .forms import EmailCampaignForm, LinksForm, QuestionForm, SurveyForm
from .labels import labels_of
from .models import Question, Survey

steer_required = capability_required(Capability.STEER)


def _survey(request, pk) -> Survey:
    return get_object_or_404(Survey, pk=pk, territory=territory_for(request.user))


@never_cache
@steer_required
@require_http_methods(["GET", "POST"])
def survey_list(request):
    territory = territory_for(request.user)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(
                territory=territory, by=request.user, **form.cleaned_data
            )
        except SteeringError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Enquête créée : ajoutez ses questions."))
            return redirect("steering:survey_detail", pk=survey.pk)
    return render(
        request,
        "steering/surveys/list.html",
        {"form": form, "surveys": selectors.surveys_of(territory).order_by("-year", "-pk")},
        status=400 if form.errors else 200,
    )


def _detail(request, survey, *, question_form=None, links_form=None, email_form=None, status=200):
    links = survey.invitations.filter(
        channel=InvitationChannel.LINK, answered_at__isnull=True
    ).order_by("pk")
    return render(
        request,
        "steering/surveys/detail.html",
        {
            "survey": survey,
            "questions": list(survey.questions.all()),
            "is_draft": survey.status == SurveyStatus.DRAFT,
            "is_open": survey.status == SurveyStatus.OPEN,
            "question_form": question_form or QuestionForm(),
            "links_form": links_form or LinksForm(),
            "email_form": email_form or EmailCampaignForm(),
            "links": [services.survey_url(i) for i in links[:500]],
            "figures": selectors.rate(survey),
        },
        status=status,
    )


@never_cache
@steer_required
@require_GET
def survey_detail(request, pk):
    return _detail(request, _survey(request, pk))


@steer_required
@require_POST
def question_add(request, pk):
    survey = _survey(request, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.question_add(survey=survey, **form.service_kwargs())
        except SteeringError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Question ajoutée."))
            return redirect("steering:survey_detail", pk=survey.pk)
    return _detail(request, survey, question_form=form, status=400)


@steer_required
@require_POST
def question_delete(request, pk):
    territory = territory_for(request.user)
    question = get_object_or_404(Question, pk=pk, survey__territory=territory)
    try:
        services.question_delete(question=question)
    except SteeringError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Question retirée."))
    return redirect("steering:survey_detail", pk=question.survey_id)


@steer_required
@require_POST
def survey_open(request, pk):
    survey = _survey(request, pk)
    try:
        services.survey_open(survey=survey)
    except SteeringError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("L'enquête est ouverte : vous pouvez l'envoyer."))
    return redirect("steering:survey_detail", pk=pk)


@steer_required
@require_POST
def survey_close(request, pk):
    survey = _survey(request, pk)
    try:
        services.survey_close(survey=survey)
    except SteeringError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("L'enquête est close."))
    return redirect("steering:survey_detail", pk=pk)


@steer_required
@require_POST
def survey_links(request, pk):
    survey = _survey(request, pk)
    form = LinksForm(request.POST)
    if form.is_valid():
        try:
            created = services.invitation_links_create(
                survey=survey, count=form.cleaned_data["count"]
            )
        except SteeringError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(n)s lien(s) créé(s).") % {"n": len(created)})
            return redirect(f"{request.path.rsplit('liens/', 1)[0]}#links")
    return _detail(request, survey, links_form=form, status=400)


@steer_required
@require_POST
def survey_emails(request, pk):
    survey = _survey(request, pk)
    form = EmailCampaignForm(request.POST)
    if form.is_valid():
        try:
            sent = services.survey_email_campaign(
                survey=survey,
                emails=form.cleaned_data["emails"],
                language=form.cleaned_data["language"],
            )
        except SteeringError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(n)s invitation(s) envoyée(s) par e-mail.") % {"n": sent})
            return redirect("steering:survey_detail", pk=pk)
    return _detail(request, survey, email_form=form, status=400)


@never_cache
@steer_required
@require_GET
def survey_results(request, pk):
    survey = _survey(request, pk)
    return render(
        request,
        "steering/surveys/results.html",
        {
            "survey": survey,
            "results": selectors.question_results(survey),
            "figures": selectors.rate(survey),
            "year_on_year": selectors.year_on_year(survey),
        },
    )


@never_cache
@steer_required
@require_GET
def survey_export(request, pk):
    survey = _survey(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="enquete-{survey.pk}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    for row in selectors.csv_rows(survey):
        writer.writerow(row)
    return response


# --- the answer page (no login: the link is the key) -------------------------------


def _form_questions(survey, posted) -> list[dict]:
    rows = []
    for question in survey.questions.all():
        name = f"q{question.pk}"
        values = posted.getlist(name) if posted is not None else []
        if question.kind == QuestionKind.TEXT:
            options = []
        else:
            labels = labels_of(question)
            if question.kind == QuestionKind.AGREEMENT:
                start = 1
            else:
                start = 0
                if question.kind != QuestionKind.SCALE:
                    labels = question.display_choices
            options = [
                {"value": str(start + i), "label": label, "checked": str(start + i) in values}
                for i, label in enumerate(labels)
            ]
        rows.append(
            {
                "question": question,
                "name": name,
                "options": options,
                "text": values[0] if values and question.kind == QuestionKind.TEXT else "",
                "multiple": question.kind == QuestionKind.MULTIPLE,
                "is_text": question.kind == QuestionKind.TEXT,
                "is_scale": question.kind == QuestionKind.SCALE,
            }
        )
    return rows


@never_cache
@require_http_methods(["GET", "POST"])
def survey_answer(request, token):
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "steering/surveys/answer_invalid.html", status=404)
    survey = invitation.survey
    error, status = "", 200
    if request.method == "POST":
        answers = {}
        for question in survey.questions.all():
            name = f"q{question.pk}"
            values = request.POST.getlist(name)
            answers[question.pk] = (
                values if question.kind == QuestionKind.MULTIPLE else (values[0] if values else "")
            )
        try:
            services.survey_answer(
                token=token, answers=answers, language=translation.get_language() or "fr"
            )
        except SteeringError as exc:
            error = str(exc)
            invitation.refresh_from_db()
            status = 409 if invitation.answered_at else 400
        else:
            return redirect("steering:survey_answer", token=token)
    if invitation.answered_at is not None and not error:
        return render(request, "steering/surveys/answer_done.html", {"survey": survey})
    return render(
        request,
        "steering/surveys/answer.html",
        {
            "survey": survey,
            "questions": _form_questions(survey, request.POST if error else None),
            "error": error,
            "closed": survey.status != SurveyStatus.OPEN,
            "already": invitation.answered_at is not None,
        },
        status=status,
    )
