"""In production no SMS is printed nor sent until a backend is configured explicitly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sppe.notifications.enums import MessageChannel, MessageStatus
from sppe.notifications.models import Message
from sppe.notifications.services import message_queue
from sppe.notifications.sms import SmsError, get_sms_backend

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_have_no_sms_backend_by_default():
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SPPE_") and k != "DJANGO_SETTINGS_MODULE"
    }
    env["SPPE_SECRET_KEY"] = "x" * 50
    code = "import sppe.settings as s; print(repr(s.SMS_BACKEND))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "''"
    env["SPPE_SMS_BACKEND"] = "sppe.notifications.sms.FileSmsBackend"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "'sppe.notifications.sms.FileSmsBackend'"


def test_an_sms_without_backend_is_kept_failed_and_never_printed(settings, db, capsys):
    settings.SMS_BACKEND = ""
    message = message_queue(channel=MessageChannel.SMS, recipient="0612345678", body="Bonjour")
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.attempts == 0
    assert message.last_error == "no SMS backend configured"
    assert "Bonjour" not in capsys.readouterr().out
    with pytest.raises(SmsError):
        get_sms_backend()
    # E-mails are not concerned.
    email = message_queue(channel=MessageChannel.EMAIL, recipient="a@exemple.test", body="x")
    email.refresh_from_db()
    assert email.status == MessageStatus.SENT
    assert Message.objects.count() == 2
