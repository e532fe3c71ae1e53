"""Every message of a page a family sees has its English and Arabic translation.

The templates are read with Django's own template lexer (`templatize`, the tool behind
`makemessages`), then Babel extracts the messages from its output the way
test_catalogues.py does for the Python code: `{% translate %}`, `{% blocktranslate %}`
with its plural and context, and `_()` inside tags all come out.
"""

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract
from django.conf import settings
from django.utils.translation.template import templatize

from .test_catalogues import KEYWORDS, LANGUAGES, is_translated

TEMPLATES = Path(settings.BASE_DIR) / "sppe" / "templates"
# The pages of families and of the public: sign-up, sign-in, application, dossier,
# documents, confirmation, open data and API, search, place pages, information pages, the
# page shell and the messages families receive by e-mail and SMS. Professionals' tools
# (agent queues, lists import, information editing) are not in this list.
# fmt: off
FAMILY_TEMPLATES = [
    "base.html", "403.html", "404.html", "500.html", "includes/*.html", "core/*.html",
    "accounts/login.html", "accounts/home.html", "accounts/family/*.html",
    "dossiers/_*.html", "dossiers/family/*.html", "dossiers/campaigns/confirm*.html",
    "offers/*.html", "offers/opendata/*.html", "offers/api/*.html",
    "information/*.html", "information/falc/*.html", "notifications/*.txt",
]
# fmt: on
PROFESSIONAL_ONLY = {"offers/freshness.html"}


def family_templates() -> list[Path]:
    found = {path for pattern in FAMILY_TEMPLATES for path in TEMPLATES.glob(pattern)}
    return sorted(p for p in found if str(p.relative_to(TEMPLATES)) not in PROFESSIONAL_ONLY)


def template_messages(path: Path):
    source = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for lineno, message, _comments, context in extract(
        "python", io.BytesIO(source.encode("utf-8")), keywords=KEYWORDS
    ):
        yield lineno, context, message


@pytest.fixture(scope="module", params=LANGUAGES)
def catalogue(request):
    from babel.messages.pofile import read_po

    path = Path(settings.LOCALE_PATHS[0]) / request.param / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        return read_po(handle)


def test_the_family_templates_are_found():
    names = {str(p.relative_to(TEMPLATES)) for p in family_templates()}
    assert {"accounts/family/signup.html", "dossiers/family/detail.html"} <= names
    assert {"offers/search.html", "information/index.html", "notifications/base.txt"} <= names
    assert "dossiers/agent/queue.html" not in names
    messages = [m for p in family_templates() for m in template_messages(p)]
    assert len(messages) > 500
    assert any(isinstance(message, tuple) for _line, _context, message in messages)


def test_every_family_template_message_is_translated(catalogue):
    missing = [
        f"{path.relative_to(TEMPLATES)}: {f'[{context}] ' if context else ''}{message!r}"
        for path in family_templates()
        for _line, context, message in template_messages(path)
        if not is_translated(catalogue, context, message)
    ]
    assert not missing, (
        f"{len(missing)} message(s) of a family page without a {catalogue.locale} "
        f"translation in sppe/locale/{catalogue.locale}/LC_MESSAGES/django.po:\n"
        + "\n".join(missing)
    )


def test_an_untranslated_message_is_caught(catalogue, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "{% load i18n %}<h1>{% translate 'Un titre jamais traduit' %}</h1>"
        "{% blocktranslate count n=3 %}{{ n }} place{% plural %}{{ n }} places"
        "{% endblocktranslate %}"
    )
    messages = list(template_messages(page))
    assert [m for _l, _c, m in messages] == [
        "Un titre jamais traduit",
        ("%(n)s place", "%(n)s places"),
    ]
    assert not any(is_translated(catalogue, c, m) for _l, c, m in messages)
