"""JSON logs without personal data.

Log records carry identifiers (user id, dossier id), never names, e-mail addresses or
phone numbers. The filter below is a safety net: it masks e-mail addresses and French
phone numbers that would slip into a message.
"""

import json
import logging
import re
from datetime import UTC, datetime

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE_RE = re.compile(r"(?<!\d)(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")

_RESERVED = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def scrub(text: str) -> str:
    return PHONE_RE.sub("[téléphone masqué]", EMAIL_RE.sub("[e-mail masqué]", text))


SECRET_URL_KWARGS = ("token",)
MASK = "[jeton masqué]"


def mask_path(path: str) -> str:
    """A URL path without its secret parts (sign-in, availability and confirmation links),
    e-mail addresses or phone numbers; any query string is dropped."""
    from django.urls import Resolver404, resolve

    path = (path or "").split("?", 1)[0]
    try:
        match = resolve(path)
    except Resolver404:
        match = None
    except Exception:  # a path that cannot even be resolved is kept masked as a whole
        return "[chemin masqué]"
    if match is not None:
        for name in SECRET_URL_KWARGS:
            value = match.kwargs.get(name)
            if value:
                path = path.replace(str(value), MASK)
    return scrub(path)


def _mask_request(record) -> str | None:
    """Django's error and CSRF-failure records name the request's path and carry the
    request itself: the path is masked and the request replaced by that masked path."""
    request = getattr(record, "request", None)
    if request is None or not hasattr(request, "path"):
        return None
    masked = mask_path(request.path)
    message = record.getMessage()
    for raw in {request.get_full_path(), request.path}:
        message = message.replace(raw, masked)
    record.request = f"{request.method} {masked}"
    return message


class PersonalDataFilter(logging.Filter):
    def filter(self, record):
        message = _mask_request(record)
        if message is not None:
            record.msg, record.args = message, None
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        # Extra fields too: an SMTP error, for one, quotes the refused address.
        for key, value in vars(record).items():
            if key not in _RESERVED and isinstance(value, str):
                setattr(record, key, scrub(value))
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        payload = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        payload.update(
            {k: v for k, v in vars(record).items() if k not in _RESERVED and not k.startswith("_")}
        )
        if record.exc_info:
            payload["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(payload, default=str, ensure_ascii=False)
