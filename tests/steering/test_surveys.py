import re

import pytest
from django.core import mail
from django.urls import reverse

from sppe.notifications.models import Message
from sppe.steering.enums import QuestionKind, SurveyStatus
from sppe.steering.errors import SteeringError
from sppe.steering.models import Answer, Invitation, Question, Response, Survey
from sppe.steering.surveys import selectors, services

from .factories import answer, parents_survey

pytestmark = pytest.mark.usefixtures("clock")


def test_a_survey_with_no_question_cannot_open(territory):
    survey = services.survey_create(
        territory=territory, title="Vide", audience="families", year=2026
    )
    with pytest.raises(SteeringError, match="sans question ne peut pas être ouverte"):
        services.survey_open(survey=survey)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.DRAFT


def test_choice_questions_need_two_choices_and_matching_translations(territory):
    survey = parents_survey(territory, open_it=False)
    with pytest.raises(SteeringError, match="au moins deux réponses"):
        services.question_add(survey=survey, kind=QuestionKind.SINGLE, text="?", choices=["A"])
    with pytest.raises(SteeringError, match="Traduisez chacune des 2"):
        services.question_add(
            survey=survey, kind="single", text="?", choices=["A", "B"], choices_en=["A"]
        )
    assert survey.questions.count() == 5


def test_an_open_survey_keeps_its_questions(territory):
    survey = parents_survey(territory)
    with pytest.raises(SteeringError, match="déjà ouverte"):
        services.question_add(survey=survey, kind="text", text="Encore ?")
    with pytest.raises(SteeringError, match="déjà ouverte"):
        services.question_delete(question=survey.questions.first())
    assert survey.questions.count() == 5


def test_one_answer_per_invitation(territory):
    survey = parents_survey(territory)
    [invitation] = services.invitation_links_create(survey=survey, count=1)
    answer(survey, invitation, scale=8, agreement=4, single=1, multiple=[0, 2], text="Merci")
    with pytest.raises(SteeringError, match="une seule réponse est possible par invitation"):
        answer(survey, invitation, scale=2)
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 5
    # Anonymous: the answer keeps no link to its invitation.
    assert Response.objects.get().invitation is None


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("scale", "11", "une note entre 0 et 10"),
        ("scale", "-1", "une note entre 0 et 10"),
        ("scale", "huit", "une note entre 0 et 10"),
        ("agreement", "6", "l'une des réponses proposées"),
        ("single", "2", "l'une des réponses proposées"),
        ("multiple", ["0", "3"], "l'une des réponses proposées"),
    ],
)
def test_an_answer_out_of_range_changes_nothing(territory, kind, value, message):
    survey = parents_survey(territory)
    [invitation] = services.invitation_links_create(survey=survey, count=1)
    questions = {q.kind: q.pk for q in survey.questions.all()}
    answers = {questions["scale"]: "7", questions[kind]: value}
    with pytest.raises(SteeringError, match=message):
        services.survey_answer(token=invitation.token, answers=answers)
    assert not Response.objects.exists()
    invitation.refresh_from_db()
    assert invitation.answered_at is None


def test_a_required_question_must_be_answered(territory):
    survey = parents_survey(territory)
    [invitation] = services.invitation_links_create(survey=survey, count=1)
    with pytest.raises(SteeringError, match="Répondez à la question"):
        answer(survey, invitation, agreement=3)
    assert not Response.objects.exists()


def test_email_campaign_goes_through_the_outbox(territory, settings):
    settings.BASE_URL = "https://sppe.example.org"
    survey = parents_survey(territory)
    sent = services.survey_email_campaign(
        survey=survey, emails="a@exemple.test\nb@exemple.test; A@exemple.test", language="en"
    )
    assert sent == 2
    assert Message.objects.filter(event="survey_invitation").count() == 2
    assert len(mail.outbox) == 2
    body = mail.outbox[0].body
    assert "Parents' satisfaction" in mail.outbox[0].subject
    link = re.search(r"https://sppe.example.org/enquete/\S+/", body).group(0)
    assert Invitation.objects.filter(token=link.rstrip("/").rsplit("/", 1)[1]).exists()
    # Anonymous survey: the addresses are not kept with the invitations.
    assert set(Invitation.objects.values_list("email", flat=True)) == {""}


def test_a_bad_address_sends_nothing(territory):
    survey = parents_survey(territory)
    with pytest.raises(SteeringError, match="n'est pas une adresse e-mail valable"):
        services.survey_email_campaign(survey=survey, emails="a@exemple.test\npas-une-adresse")
    assert not Invitation.objects.exists() and not Message.objects.exists()


def test_a_draft_or_closed_survey_is_not_sent(territory):
    survey = parents_survey(territory, open_it=False)
    with pytest.raises(SteeringError, match="Ouvrez l'enquête"):
        services.invitation_links_create(survey=survey, count=3)
    services.survey_open(survey=survey)
    services.survey_close(survey=survey)
    with pytest.raises(SteeringError, match="close"):
        services.survey_email_campaign(survey=survey, emails="a@exemple.test")
    assert not Invitation.objects.exists()


def test_results_by_hand(territory):
    survey = parents_survey(territory)
    invitations = services.invitation_links_create(survey=survey, count=5)
    answer(survey, invitations[0], scale=10, agreement=5, single=0, multiple=[0, 1])
    answer(survey, invitations[1], scale=8, agreement=4, single=1, multiple=[1])
    answer(survey, invitations[2], scale=6, single=1, text="Plus d'horaires le samedi")
    results = dict(selectors.question_results(survey))
    by_kind = {q.kind: r for q, r in results.items()}
    assert by_kind["scale"].average == 8.0  # (10 + 8 + 6) / 3
    assert by_kind["scale"].bars[10].count == 1
    assert by_kind["agreement"].average == 4.5 and by_kind["agreement"].answered == 2
    assert [(b.label, b.count, b.percent) for b in by_kind["single"].bars] == [
        ("Oui", 1, 33),
        ("Non", 2, 67),
    ]
    assert [b.count for b in by_kind["multiple"].bars] == [1, 2, 0]
    assert by_kind["text"].texts == ["Plus d'horaires le samedi"]
    assert selectors.rate(survey) == {"invitations": 5, "responses": 3, "rate": 60}


def test_year_on_year(territory):
    before = parents_survey(territory, year=2025)
    [old] = services.invitation_links_create(survey=before, count=1)
    answer(before, old, scale=6)
    survey = parents_survey(territory, year=2026)
    [new] = services.invitation_links_create(survey=survey, count=1)
    answer(survey, new, scale=9)
    [row] = selectors.year_on_year(survey)
    assert [(y["year"], y["average"]) for y in row["years"]] == [(2025, 6.0), (2026, 9.0)]


def test_agent_builds_opens_and_sends(client, territory, agent):
    client.force_login(agent)
    response = client.post(
        reverse("steering:survey_list"),
        {"title": "Avis des AM", "audience": "childminders", "year": "2026", "anonymous": "on"},
    )
    survey = Survey.objects.get()
    assert response.status_code == 302
    detail = reverse("steering:survey_detail", args=[survey.pk])
    # No question yet: opening is refused with a clear message.
    response = client.post(reverse("steering:survey_open", args=[survey.pk]), follow=True)
    assert "ajoutez au moins une question" in response.text
    response = client.post(
        reverse("steering:question_add", args=[survey.pk]),
        {"question-kind": "scale", "kind": "scale", "text": "Votre note ?"},
    )
    assert response.status_code == 302 and Question.objects.count() == 1
    client.post(reverse("steering:survey_open", args=[survey.pk]))
    client.post(reverse("steering:survey_links", args=[survey.pk]), {"count": "3"})
    page = client.get(detail)
    assert page.text.count("/enquete/") == 3


def test_family_answers_through_the_page_and_a_second_time_is_refused(client, territory):
    survey = parents_survey(territory)
    [invitation] = services.invitation_links_create(survey=survey, count=1)
    url = reverse("steering:survey_answer", args=[invitation.token])
    page = client.get(url)
    assert "Satisfaction des parents" in page.text and 'name="q' in page.text
    scale = survey.questions.get(kind="scale")
    response = client.post(url, {f"q{scale.pk}": "12"})
    assert response.status_code == 400
    assert "une note entre 0 et 10" in response.text
    assert client.post(url, {f"q{scale.pk}": "9"}).status_code == 302
    response = client.post(url, {f"q{scale.pk}": "1"})
    assert response.status_code == 409
    assert "une seule réponse est possible par invitation" in response.text
    assert list(Answer.objects.values_list("number", flat=True)) == [9]


def test_the_answer_page_in_english_and_arabic(client, territory):
    survey = parents_survey(territory)
    [invitation] = services.invitation_links_create(survey=survey, count=1)
    url = reverse("steering:survey_answer", args=[invitation.token])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert "Parents&#x27; satisfaction" in english.text
    assert "Send my answers" in english.text and "Yes" in english.text
    arabic = client.get(url, HTTP_ACCEPT_LANGUAGE="ar")
    assert 'dir="rtl"' in arabic.text and "رضا الأولياء" in arabic.text
    assert "Envoyer mes réponses" not in arabic.text


def test_an_unknown_link(client, db):
    response = client.get(reverse("steering:survey_answer", args=["abime"]))
    assert response.status_code == 404
    assert "Ce lien n'est pas valable" in response.text


def test_results_page_free_text_and_csv(client, territory, agent, elected):
    survey = parents_survey(territory)
    [invitation] = services.invitation_links_create(survey=survey, count=1)
    answer(survey, invitation, scale=7, single=0, multiple=[0, 2], text="Très bon accueil")
    client.force_login(agent)
    page = client.get(reverse("steering:survey_results", args=[survey.pk]))
    assert "Très bon accueil" in page.text and "100 %" in page.text
    export = client.get(reverse("steering:survey_export", args=[survey.pk]))
    lines = export.content.decode("utf-8-sig").splitlines()
    assert lines[1].endswith(";7;;Oui;Site internet | Mairie;Très bon accueil")
    # Elected officials get no free text: the results page is for agents.
    client.force_login(elected)
    assert client.get(reverse("steering:survey_results", args=[survey.pk])).status_code == 403


def test_another_territorys_agent_changes_nothing(client, territory, outsider):
    survey = parents_survey(territory)
    client.force_login(outsider)
    assert client.get(reverse("steering:survey_detail", args=[survey.pk])).status_code == 403
    response = client.post(reverse("steering:survey_links", args=[survey.pk]), {"count": "5"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_the_invitation_in_arabic(territory):
    survey = parents_survey(territory)
    services.survey_email_campaign(survey=survey, emails="a@exemple.test", language="ar")
    [message] = mail.outbox
    assert message.subject == "رأيك مهم: رضا الأولياء"
    assert "أجب عبر هذا الرابط الشخصي" in message.body


def test_an_answered_or_closed_link(client, territory):
    survey = parents_survey(territory)
    first, second = services.invitation_links_create(survey=survey, count=2)
    answer(survey, first, scale=5)
    page = client.get(reverse("steering:survey_answer", args=[first.token]))
    assert "Une seule réponse est possible avec ce lien" in page.text
    assert 'name="q' not in page.text
    services.survey_close(survey=survey)
    url = reverse("steering:survey_answer", args=[second.token])
    assert "Cette enquête est close" in client.get(url).text
    scale = survey.questions.get(kind="scale")
    response = client.post(url, {f"q{scale.pk}": "7"})
    assert response.status_code == 400 and "ne reçoit plus de réponse" in response.text
    assert Response.objects.count() == 1
