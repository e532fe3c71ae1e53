"""Every text of the family pages and of the simulator has its English and Arabic
translation: a string added without one fails here, not in front of a family."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

from sppe.information import content, fee_labels
from sppe.information.enums import ContactKind
from sppe.information.forms import SimulatorForm

TEMPLATES = Path(settings.BASE_DIR) / "sppe" / "templates"
FAMILY_TEMPLATES = [
    path for path in (TEMPLATES / "information").rglob("*.html") if "manage" not in path.parts
] + [TEMPLATES / "includes" / "form_errors.html"]

TRANSLATE = re.compile(r"""\{%\s*translate\s+(?:"([^"]*)"|'([^']*)')(?:\s+context\s+"([^"]*)")?""")
BLOCK = re.compile(r"\{%\s*blocktranslate(?P<args>[^%]*)%\}(?P<body>.*?)\{%\s*endblocktranslate")
VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def template_messages():
    for path in FAMILY_TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for match in TRANSLATE.finditer(text):
            yield path.name, match.group(3), match.group(1) or match.group(2)
        for match in BLOCK.finditer(text):
            if "count" in match.group("args"):
                continue  # plural forms: checked below with the catalogue's plural ids
            yield path.name, None, VARIABLE.sub(r"%(\1)s", match.group("body"))


def python_messages():
    with translation.override("fr"):
        for mode in content.CARE_MODES:
            yield from (mode.title, mode.short, mode.who, mode.access, mode.cost, mode.expect)
        for moment in content.KEY_MOMENTS:
            yield from (moment.title, moment.short, *moment.steps)
        for term in content.LEXICON:
            yield from (term.term, term.definition)
        yield from fee_labels.LABELS.values()
        yield from fee_labels.NOTES.values()
        yield from fee_labels.MODE_NAMES.values()
        yield from ContactKind.labels
        for field in SimulatorForm().fields.values():
            yield from (field.label, field.help_text)
            yield from field.error_messages.values()
            yield from (label for _value, label in getattr(field, "choices", ()))


@pytest.fixture(scope="module", params=["en", "ar"])
def catalogue(request):
    path = Path(settings.LOCALE_PATHS[0]) / request.param / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        return read_po(handle)


def test_template_texts_are_translated(catalogue):
    missing = []
    for name, context, msgid in template_messages():
        message = catalogue.get(msgid, context=context)
        if message is None or not message.string:
            missing.append((name, msgid))
    assert missing == []


def msgid(text) -> str:
    """The untranslated message of a lazy translation."""
    args = getattr(text, "_args", None)
    return args[0] if args else str(text)


def test_python_texts_are_translated(catalogue):
    missing = []
    for text in python_messages():
        if not text:
            continue
        message = catalogue.get(msgid(text))
        if message is None or not message.string:
            # Django's own messages ("This field is required.") come with its catalogues.
            with translation.override("ar"):
                if message is None and translation.gettext(msgid(text)) != msgid(text):
                    continue
            missing.append(msgid(text))
    assert missing == []


def test_plural_texts_are_translated(catalogue):
    for message in catalogue:
        if isinstance(message.id, tuple) and "micro-crèche" in message.id[0]:
            assert all(message.string), message.id


def test_translations_keep_their_placeholders(catalogue):
    for message in catalogue:
        if not message.string or isinstance(message.id, tuple):
            continue
        assert set(re.findall(r"%\(\w+\)s", message.id)) == set(
            re.findall(r"%\(\w+\)s", message.string)
        ), message.id
