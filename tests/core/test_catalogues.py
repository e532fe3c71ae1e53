"""Every message marked for translation in the Python code has its English and Arabic
translation: a French text added without one fails here, not in front of a reader of
another language. Templates are checked page by page in the translations tests of each app.
"""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from django.conf import settings

SOURCES = Path(settings.BASE_DIR) / "sppe"
LANGUAGES = ["en", "ar"]
# Babel's keyword specs: which arguments hold the message, its plural and its context.
# `_` and `_l` are the names under which the code imports gettext and gettext_lazy.
SINGULAR = None
PLURAL = (1, 2)
WITH_CONTEXT = ((1, "c"), 2)
PLURAL_WITH_CONTEXT = ((1, "c"), 2, 3)
KEYWORDS = {
    "_": SINGULAR,
    "_l": SINGULAR,
    "gettext": SINGULAR,
    "gettext_lazy": SINGULAR,
    "ngettext": PLURAL,
    "ngettext_lazy": PLURAL,
    "pgettext": WITH_CONTEXT,
    "pgettext_lazy": WITH_CONTEXT,
    "npgettext": PLURAL_WITH_CONTEXT,
    "npgettext_lazy": PLURAL_WITH_CONTEXT,
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def source_files():
    for path in sorted(SOURCES.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


@pytest.fixture(scope="module")
def messages() -> dict[tuple, list[str]]:
    """(context, msgid or (singular, plural)) -> where the code uses it."""
    found: dict[tuple, list[str]] = {}
    for path in source_files():
        with path.open("rb") as source:
            for lineno, message, _comments, context in extract("python", source, keywords=KEYWORDS):
                where = f"{path.relative_to(SOURCES.parent)}:{lineno}"
                found.setdefault((context, message), []).append(where)
    return found


@pytest.fixture(scope="module", params=LANGUAGES)
def catalogue(request):
    path = Path(settings.LOCALE_PATHS[0]) / request.param / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        return read_po(handle)


def is_translated(catalogue, context, message) -> bool:
    """gettext keys a message by its context and singular; a plural needs every form."""
    singular = message[0] if isinstance(message, tuple) else message
    entry = catalogue.get(singular, context=context)
    if entry is None or entry.fuzzy:
        return False
    if isinstance(message, tuple):
        forms = entry.string if isinstance(entry.string, tuple) else ()
        return (
            entry.id == message
            and len(forms) == catalogue.num_plurals
            and all(form.strip() for form in forms)
        )
    return isinstance(entry.string, str) and bool(entry.string.strip())


def test_the_code_has_messages_to_check(messages):
    # An extraction that finds nothing would make the test below pass for nothing.
    assert len(messages) > 500
    assert any(isinstance(message, tuple) for _context, message in messages)


def test_every_python_message_is_translated(catalogue, messages):
    missing = [
        f"{', '.join(where)}: {f'[{context}] ' if context else ''}{message!r}"
        for (context, message), where in messages.items()
        if not is_translated(catalogue, context, message)
    ]
    assert not missing, (
        f"{len(missing)} message(s) without a {catalogue.locale} translation in "
        f"sppe/locale/{catalogue.locale}/LC_MESSAGES/django.po:\n" + "\n".join(missing)
    )


def test_plural_forms_keep_only_their_placeholders(catalogue):
    """Each plural form may leave the number out (Arabic says "one", "two" in words), but
    may not bring a placeholder the code does not pass."""
    wrong = []
    for entry in catalogue:
        if not isinstance(entry.id, tuple) or not isinstance(entry.string, tuple):
            continue
        allowed = set(PLACEHOLDER.findall(" ".join(entry.id)))
        if any(set(PLACEHOLDER.findall(form)) - allowed for form in entry.string):
            wrong.append(entry.id[0])
    assert not wrong
