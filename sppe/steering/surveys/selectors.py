"""Reading surveys: results per question, response rate, year-on-year, CSV lines."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Q

from ..enums import Audience, QuestionKind, SurveyStatus
from .labels import labels_of
from .models import Answer, Question, Survey
from .results import SMALL_COUNT, QuestionResult, response_rate, summarise


def surveys_of(territory):
    return Survey.objects.filter(territory=territory).annotate(
        response_count=Count("responses", distinct=True),
        invitation_count=Count("invitations", distinct=True),
    )


def question_results(survey: Survey) -> list[tuple[Question, QuestionResult]]:
    answers = {}
    for answer in Answer.objects.filter(response__survey=survey).order_by(
        "response__submitted_at", "pk"
    ):
        answers.setdefault(answer.question_id, []).append(answer)
    results = []
    for question in survey.questions.all():
        found = answers.get(question.pk, [])
        results.append(
            (
                question,
                summarise(
                    question.kind,
                    labels=labels_of(question),
                    numbers=[a.number for a in found if a.number is not None],
                    choice_lists=[a.choices for a in found],
                    texts=[a.text for a in found],
                ),
            )
        )
    return results


def rate(survey: Survey) -> dict:
    invitations = survey.invitations.count()
    responses = survey.responses.count()
    return {
        "invitations": invitations,
        "responses": responses,
        "rate": response_rate(responses, invitations),
    }


def year_on_year(survey: Survey) -> list[dict]:
    """For each note or agreement question, its average in every year the territory
    asked the same question (same text) to the same audience."""
    rows = []
    numeric = survey.questions.filter(kind__in=[QuestionKind.SCALE, QuestionKind.AGREEMENT])
    for question in numeric:
        by_year = (
            Answer.objects.filter(
                question__text=question.text,
                question__kind=question.kind,
                response__survey__territory=survey.territory,
                response__survey__audience=survey.audience,
            )
            .values("response__survey__year")
            .annotate(average=Avg("number"), count=Count("pk"))
            .order_by("response__survey__year")
        )
        years = [
            {
                "year": row["response__survey__year"],
                "average": round(row["average"], 2) if row["average"] is not None else None,
                "count": row["count"],
            }
            for row in by_year
        ]
        if len(years) > 1:
            rows.append({"question": question, "years": years})
    return rows


def csv_rows(survey: Survey):
    """Header, then one row per response; choices written out in French."""
    questions = list(survey.questions.all())
    yield ["réponse", "date", "langue", *[q.text for q in questions]]
    answers = {}
    for answer in Answer.objects.filter(response__survey=survey):
        answers[(answer.response_id, answer.question_id)] = answer
    for index, response in enumerate(survey.responses.order_by("submitted_at", "pk"), start=1):
        cells = []
        for question in questions:
            answer = answers.get((response.pk, question.pk))
            cells.append(_cell(question, answer))
        yield [index, response.submitted_at.date().isoformat(), response.language, *cells]


def _cell(question, answer) -> str:
    if answer is None:
        return ""
    labels = labels_of(question)
    if question.kind == QuestionKind.TEXT:
        return answer.text
    if question.kind == QuestionKind.MULTIPLE:
        return " | ".join(labels[i] for i in answer.choices if 0 <= i < len(labels))
    if question.kind in (QuestionKind.SINGLE, QuestionKind.AGREEMENT):
        low = 1 if question.kind == QuestionKind.AGREEMENT else 0
        return labels[answer.number - low]
    return str(answer.number)


@dataclass(frozen=True)
class SummaryLine:
    label: str
    value: str


def headline(territory, *, year: int | None = None, audience=Audience.FAMILIES) -> dict | None:
    """The families' satisfaction for the elected officials' page: the average of the
    first 0-10 question of the latest survey that has answers, hidden under 5 answers."""
    surveys = Survey.objects.filter(
        territory=territory, audience=audience, status__in=[SurveyStatus.OPEN, SurveyStatus.CLOSED]
    )
    if year is not None:
        surveys = surveys.filter(year=year)
    survey = surveys.filter(responses__isnull=False).order_by("-year", "-pk").first()
    if survey is None:
        return None
    question = survey.questions.filter(kind=QuestionKind.SCALE).order_by("position").first()
    figures = rate(survey)
    result = {"survey": survey, "question": question, "average": None, **figures}
    if question is not None:
        numbers = Answer.objects.filter(question=question, number__isnull=False)
        count = numbers.count()
        result["answered"] = count
        if count >= SMALL_COUNT:
            result["average"] = round(numbers.aggregate(a=Avg("number"))["a"], 2)
    result["hidden"] = figures["responses"] < SMALL_COUNT
    return result


def year_summary(territory, year: int) -> list[SummaryLine]:
    """The year's surveys in a few lines, for criterion 25 of the grid."""
    surveys = Survey.objects.filter(territory=territory, year=year).annotate(
        n=Count("responses", distinct=True),
        invited=Count("invitations", distinct=True),
        answered=Count(
            "invitations", filter=Q(invitations__answered_at__isnull=False), distinct=True
        ),
    )
    lines = [SummaryLine(f"Enquêtes de satisfaction menées en {year}", str(surveys.count()))]
    for survey in surveys:
        value = f"{survey.n} réponse(s) pour {survey.invited} invitation(s)"
        scale = survey.questions.filter(kind=QuestionKind.SCALE).order_by("position").first()
        if scale is not None and survey.n >= SMALL_COUNT:
            average = Answer.objects.filter(question=scale).aggregate(a=Avg("number"))["a"]
            if average is not None:
                value += f", note moyenne « {scale.text} » : {average:.2f} / 10"
        lines.append(SummaryLine(survey.title, value))
    return lines
