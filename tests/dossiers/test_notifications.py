import datetime as dt

import pytest
from django.core import mail

from sppe.dossiers import services, states
from sppe.dossiers.enums import Status
from sppe.dossiers.models import ApplicationChoice
from sppe.dossiers.notifications import EVENTS, notify
from sppe.notifications.enums import MessageChannel, MessageStatus
from sppe.notifications.models import Message

from ..notifications.smtp import SmtpTestServer, body_of
from ..offers.factories import EstablishmentFactory
from .model_factories import ApplicationFactory

CONTEXT = {
    "login_link": "http://testserver/compte/lien/abc/",
    "confirm_url": "http://testserver/guichet/campagnes/confirmer/xyz/",
    "deadline": dt.date(2027, 1, 15),
    "grace_until": dt.date(2027, 2, 14),
    "due_date": dt.date(2026, 9, 1),
    "limit_date": dt.date(2027, 3, 1),
    "commission_date": dt.date(2027, 3, 8),
    "creche_name": "Les Lucioles",
    "section_label": "Bébés",
    "start_date": dt.date(2027, 9, 1),
    "answer_url": "http://testserver/commission/propositions/1/",
    "upheld": False,
    "decision_label": "La grille publiée a été appliquée sans erreur",
}


@pytest.fixture
def application(territory):
    return ApplicationFactory(household__commune=territory.communes.first())


@pytest.fixture
def smtp_server(settings):
    server = SmtpTestServer(settings).start()
    yield server
    server.stop()


@pytest.mark.parametrize("event", sorted(EVENTS))
def test_every_event_has_a_plain_french_message(application, event):
    context = {name: CONTEXT[name] for name in EVENTS[event]}
    [message] = notify(application=application, event=event, **context)
    assert message.channel == MessageChannel.EMAIL
    assert message.recipient == application.household.account.email
    assert message.language == "fr"
    assert message.event == event
    assert message.related_model == "dossiers.application"
    assert message.related_id == application.pk
    assert application.reference in message.subject + message.body
    assert "\n" not in message.subject
    assert message.body.startswith("Bonjour,")
    assert "&#x27;" not in message.body and "&quot;" not in message.body
    assert "\n\n\n" not in message.body
    sent = mail.outbox[-1]
    assert sent.subject == message.subject
    assert sent.to == [application.household.account.email]


def test_the_acknowledgement_names_the_dossier_and_links_to_it(application):
    [message] = notify(application=application, event="submitted")
    assert message.subject == (
        f"Votre demande de place est enregistrée (dossier {application.reference})"
    )
    assert f"http://127.0.0.1:8000/guichet/dossier/{application.pk}/" in message.body


def test_incomplete_lists_what_is_missing(application):
    [message] = notify(
        application=application,
        event="incomplete",
        reason_label="Des pièces justificatives manquent",
        missing=["Justificatif de domicile", "Déclaration de grossesse"],
    )
    assert "Motif : Des pièces justificatives manquent" in message.body
    assert "- Justificatif de domicile\n- Déclaration de grossesse" in message.body


def test_a_confirmation_request_carries_the_one_click_link(application):
    [message] = notify(
        application=application,
        event="confirmation_request",
        confirm_url=CONTEXT["confirm_url"],
        deadline=dt.date(2027, 1, 15),
    )
    assert CONTEXT["confirm_url"] in message.body
    assert "15 janvier 2027" in message.body


def test_the_familys_language_is_used_when_available(territory):
    english = ApplicationFactory(
        household__commune=territory.communes.first(), household__preferred_language="en"
    )
    german = ApplicationFactory(
        household__commune=territory.communes.first(), household__preferred_language="de"
    )
    [message] = notify(application=english, event="complete")
    assert message.language == "en"
    assert mail.outbox[-1].extra_headers["Content-Language"] == "en"
    [message] = notify(application=german, event="complete")
    assert message.language == "fr"


def test_an_sms_too_when_the_family_accepts_them(territory, settings, tmp_path):
    settings.SMS_BACKEND = "sppe.notifications.sms.FileSmsBackend"
    settings.SMS_FILE_PATH = tmp_path
    application = ApplicationFactory(
        household__commune=territory.communes.first(),
        household__sms_opt_in=True,
        household__phone="06 12 34 56 78",
    )
    email, text = notify(
        application=application,
        event="confirmation_reminder",
        confirm_url=CONTEXT["confirm_url"],
        deadline=CONTEXT["deadline"],
    )
    assert email.channel == MessageChannel.EMAIL
    assert text.channel == MessageChannel.SMS
    assert text.recipient == "0612345678"
    assert text.body.startswith(
        f"Rappel : confirmez votre demande de place (dossier {application.reference})."
    )
    assert text.body.endswith(CONTEXT["confirm_url"])
    assert "\n" not in text.body
    assert text.status == MessageStatus.PENDING
    text.refresh_from_db()
    assert text.status == MessageStatus.SENT
    [written] = tmp_path.iterdir()
    assert written.read_text(encoding="utf-8").startswith("0612345678\n")


def test_a_family_without_email_gets_an_sms_only(territory, settings, tmp_path):
    settings.SMS_BACKEND = "sppe.notifications.sms.FileSmsBackend"
    settings.SMS_FILE_PATH = tmp_path
    application = ApplicationFactory(
        household__commune=territory.communes.first(),
        household__without_account=True,
        household__sms_opt_in=True,
    )
    [message] = notify(application=application, event="complete")
    assert message.channel == MessageChannel.SMS
    assert f"/guichet/dossier/{application.pk}/" in message.body


def test_a_family_without_email_nor_sms_gets_nothing(territory):
    application = ApplicationFactory(
        household__commune=territory.communes.first(), household__without_account=True
    )
    assert notify(application=application, event="complete") == []
    assert not Message.objects.exists()


def test_unknown_events_and_missing_context_are_refused(application):
    with pytest.raises(ValueError, match="unknown notification event"):
        notify(application=application, event="birthday")
    with pytest.raises(ValueError, match="confirm_url"):
        notify(application=application, event="confirmation_request", deadline=dt.date.today())
    assert not Message.objects.exists()


def test_a_generic_change_of_state_gives_its_reason(
    application, django_capture_on_commit_callbacks
):
    application.status = Status.COMPLETE
    application.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_transition(
            application=application,
            to=Status.LAPSED,
            by=None,
            reason=states.Reason.NO_CONFIRMATION,
        )
    message = Message.objects.get()
    assert message.event == "status_changed"
    assert "Motif : Vous n'avez pas confirmé votre demande malgré nos relances" in message.body


def test_the_family_receives_the_acknowledgement_from_a_real_smtp_server(
    territory, smtp_server, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(
        household__commune=territory.communes.first(), status=Status.DRAFT, submitted_at=None
    )
    ApplicationChoice.objects.create(
        application=application,
        establishment=EstablishmentFactory(
            commune=territory.communes.first(), joins_single_desk=True
        ),
        rank=1,
    )
    family = application.household.account
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=application, by=family)
    [received] = smtp_server.messages
    assert received["To"] == family.email
    assert " ".join(received["Subject"].split()) == (
        f"Votre demande de place est enregistrée (dossier {application.reference})"
    )
    assert "Nous avons bien reçu votre demande de place en crèche." in body_of(received)
    assert Message.objects.get().status == MessageStatus.SENT


def test_every_move_announces_an_event_the_messages_know():
    """The state table names the message of each move: no move is announced by a guess."""
    for transition in states.TRANSITIONS:
        assert transition.event is None or transition.event in EVENTS, transition


def test_the_complete_message_names_the_commission_that_will_study_the_dossier(
    application, time_machine
):
    """The sitting of next week has already frozen its data: the dossier completed today
    goes to the following one, and the message says so."""
    from sppe.dossiers.models import CommissionSession

    time_machine.move_to(dt.datetime(2027, 3, 1, 10, tzinfo=dt.UTC))
    CommissionSession.objects.create(
        date=dt.date(2027, 3, 8),
        data_freeze_date=dt.date(2027, 2, 22),
        answer_date=dt.date(2027, 3, 15),
    )
    CommissionSession.objects.create(
        date=dt.date(2027, 6, 7),
        data_freeze_date=dt.date(2027, 5, 24),
        answer_date=dt.date(2027, 6, 14),
    )
    [message] = notify(application=application, event="complete")
    assert "7 juin 2027" in message.body
    assert "8 mars" not in message.body
