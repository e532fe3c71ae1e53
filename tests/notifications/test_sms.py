import io

import pytest

from sppe.notifications import services, sms
from sppe.notifications.enums import MessageChannel, MessageStatus


def test_the_file_backend_writes_one_file_per_sms(tmp_path):
    backend = sms.FileSmsBackend(path=tmp_path / "sms")
    backend.send("0612345678", "Votre dossier est complet.")
    backend.send("0698765432", "Rappel")
    files = sorted((tmp_path / "sms").iterdir())
    assert len(files) == 2
    texts = {f.read_text(encoding="utf-8") for f in files}
    assert "0612345678\nVotre dossier est complet.\n" in texts


def test_the_file_backend_reports_a_folder_it_cannot_write(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    with pytest.raises(sms.SmsError):
        sms.FileSmsBackend(path=blocker).send("0612345678", "texte")


def test_the_console_backend_prints():
    stream = io.StringIO()
    sms.ConsoleSmsBackend(stream=stream).send("0612345678", "Bonjour")
    assert "SMS pour 0612345678" in stream.getvalue()
    assert "Bonjour" in stream.getvalue()


def test_the_backend_comes_from_the_setting(settings, tmp_path):
    settings.SMS_BACKEND = "sppe.notifications.sms.FileSmsBackend"
    settings.SMS_FILE_PATH = tmp_path
    backend = sms.get_sms_backend()
    assert isinstance(backend, sms.FileSmsBackend)
    assert backend.path == tmp_path


def test_the_interface_must_be_implemented():
    with pytest.raises(TypeError):
        sms.BaseSmsBackend()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("06 12 34 56 78", "0612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "0612345678"),
        ("pas de numéro", ""),
        ("", ""),
    ],
)
def test_phone_numbers_are_normalised(raw, expected):
    assert sms.normalise_phone(raw) == expected


@pytest.mark.django_db
def test_an_sms_goes_through_the_outbox(settings, tmp_path):
    settings.SMS_BACKEND = "sppe.notifications.sms.FileSmsBackend"
    settings.SMS_FILE_PATH = tmp_path
    message = services.message_queue(
        channel=MessageChannel.SMS, recipient="0612345678", body="Votre dossier est complet."
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(list(tmp_path.iterdir())) == 1


@pytest.mark.django_db
def test_an_sms_operator_failure_is_retried(settings, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    settings.SMS_BACKEND = "sppe.notifications.sms.FileSmsBackend"
    settings.SMS_FILE_PATH = blocker
    message = services.message_queue(
        channel=MessageChannel.SMS, recipient="0612345678", body="Texte"
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING
    assert message.last_error == "SmsError"
