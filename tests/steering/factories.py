"""Steering objects built through the services, as the agents build them."""

import datetime as dt
from dataclasses import dataclass

from sppe.steering.assessment.services import criterion_answer_record
from sppe.steering.enums import Audience, PlanKind, QuestionKind
from sppe.steering.plans import services as plans
from sppe.steering.surveys import services as surveys


def parents_survey(territory, *, year=2026, anonymous=True, open_it=True, by=None):
    survey = surveys.survey_create(
        territory=territory,
        title="Satisfaction des parents",
        title_en="Parents' satisfaction",
        title_ar="رضا الأولياء",
        audience=Audience.FAMILIES,
        year=year,
        anonymous=anonymous,
        by=by,
    )
    surveys.question_add(
        survey=survey,
        kind=QuestionKind.SCALE,
        text="Êtes-vous satisfait de l'information du relais ?",
        text_en="Are you satisfied with the relay's information?",
        text_ar="هل أنت راضٍ عن معلومات المركز؟",
        required=True,
    )
    surveys.question_add(
        survey=survey,
        kind=QuestionKind.AGREEMENT,
        text="Les démarches sont simples.",
    )
    surveys.question_add(
        survey=survey,
        kind=QuestionKind.SINGLE,
        text="Connaissiez-vous le guide petite enfance ?",
        choices=["Oui", "Non"],
        choices_en=["Yes", "No"],
        choices_ar=["نعم", "لا"],
    )
    surveys.question_add(
        survey=survey,
        kind=QuestionKind.MULTIPLE,
        text="Par quels canaux vous êtes-vous informé ?",
        choices=["Site internet", "Relais", "Mairie"],
    )
    surveys.question_add(survey=survey, kind=QuestionKind.TEXT, text="Une suggestion ?")
    if open_it:
        surveys.survey_open(survey=survey)
    return survey


def answer(survey, invitation, scale=None, agreement=None, single=None, multiple=(), text=""):
    q = {question.kind: question.pk for question in survey.questions.all()}
    return surveys.survey_answer(
        token=invitation.token,
        answers={
            q["scale"]: "" if scale is None else str(scale),
            q["agreement"]: "" if agreement is None else str(agreement),
            q["single"]: "" if single is None else str(single),
            q["multiple"]: [str(m) for m in multiple],
            q["text"]: text,
        },
    )


def small_plan(territory, *, start=2025, end=2027):
    plan = plans.plan_create(
        territory=territory,
        title="Plan petite enfance",
        kind=PlanKind.COMMUNE,
        start_year=start,
        end_year=end,
    )
    axis = plans.axis_add(plan=plan, title="Informer les familles")
    sheet = plans.sheet_add(
        axis=axis,
        title="Guide petite enfance",
        objective="Faire connaître le guide",
        pilot="RPE",
    )
    indicator = plans.indicator_add(sheet=sheet, label="Familles informées", target="200")
    action = plans.action_add(
        sheet=sheet,
        title="Distribuer le guide en mairie",
        pilot="Accueil mairie",
        deadline=dt.date(start + 1, 6, 30),
        criterion=1,
    )
    return plan, sheet, indicator, action


@dataclass
class SteeringWorld:
    survey: object
    invitation: object
    question: object
    plan: object
    year: int


def steering_world(territory):
    """For the security tests: an open survey with one link, a plan, a grid year."""
    survey = parents_survey(territory)
    [invitation] = surveys.invitation_links_create(survey=survey, count=1)
    plan, _sheet, _indicator, _action = small_plan(territory)
    criterion_answer_record(territory=territory, year=2026, criterion=1, level=2)
    return SteeringWorld(
        survey=survey,
        invitation=invitation,
        question=survey.questions.first(),
        plan=plan,
        year=2026,
    )
