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


class PersonalDataFilter(logging.Filter):
    def filter(self, record):
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
