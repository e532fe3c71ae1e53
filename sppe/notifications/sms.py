"""Sending SMS: one small interface, chosen by the SMS_BACKEND setting.

A territory plugs its operator's API by writing a class with a `send(to, text)`
method that raises on failure (the outbox then retries, see services.py). Two backends
ship with sppe: the console (development) and a folder of text files (tests, demo).
"""

import abc
import sys
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "sppe.notifications.sms.ConsoleSmsBackend"


class SmsError(Exception):
    """The SMS could not be handed to the operator."""


class BaseSmsBackend(abc.ABC):
    @abc.abstractmethod
    def send(self, to: str, text: str) -> None:
        """Hand one SMS to the operator; raise SmsError (or any error) on failure."""


class ConsoleSmsBackend(BaseSmsBackend):
    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, to: str, text: str) -> None:
        self.stream.write(f"SMS pour {to} :\n{text}\n{'-' * 40}\n")
        self.stream.flush()


class FileSmsBackend(BaseSmsBackend):
    """One text file per SMS in SMS_FILE_PATH: the recipient on line 1, the text after."""

    def __init__(self, path=None):
        self.path = Path(path or settings.SMS_FILE_PATH)

    def send(self, to: str, text: str) -> None:
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            name = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.txt"
            (self.path / name).write_text(f"{to}\n{text}\n", encoding="utf-8")
        except OSError as exc:
            raise SmsError(f"cannot write to {self.path}") from exc


def sms_configured() -> bool:
    """An SMS backend is set (SPPE_SMS_BACKEND); production has none by default."""
    return bool(getattr(settings, "SMS_BACKEND", ""))


def get_sms_backend() -> BaseSmsBackend:
    if not sms_configured():
        raise SmsError("no SMS backend is configured (SPPE_SMS_BACKEND)")
    return import_string(settings.SMS_BACKEND)()


def normalise_phone(phone: str) -> str:
    """'06 12 34 56 78' -> '0612345678'; keeps a leading '+'. Empty if not a number."""
    phone = (phone or "").strip()
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) < 8:
        return ""
    return ("+" if phone.startswith("+") else "") + digits
