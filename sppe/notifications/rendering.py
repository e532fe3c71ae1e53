"""Messages are Django templates: the subject on the first line, the body after.

Templates live in templates/notifications/<event>.txt and are rendered in the
recipient's language when sppe has a catalogue for it, French otherwise.
"""

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

BLANK_LINES_RE = re.compile(r"\n{3,}")


def message_language(code: str | None) -> str:
    """The language to write in: the person's if sppe offers it, French otherwise."""
    available = {language for language, _name in settings.LANGUAGES}
    code = (code or "").strip().lower()
    return code if code in available else settings.LANGUAGE_CODE


def render_message(template_name: str, context: dict, *, language: str) -> tuple[str, str]:
    """(subject, body) of a message template rendered in `language`."""
    with translation.override(message_language(language)):
        text = render_to_string(template_name, context)
    lines = [line.rstrip() for line in text.strip().splitlines()]
    subject = " ".join(lines[0].split()) if lines else ""
    body = BLANK_LINES_RE.sub("\n\n", "\n".join(lines[1:]).strip()) + "\n"
    return subject, body


def render_text(template_name: str, context: dict, *, language: str) -> str:
    """A one-piece text (an SMS) rendered in `language`, on one line."""
    with translation.override(message_language(language)):
        text = render_to_string(template_name, context)
    return " ".join(text.split())
