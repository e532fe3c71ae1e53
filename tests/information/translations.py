"""Compile the translation catalogues for the tests when they are missing or stale.

The .mo files are build products (not in git); scripts/setup compiles them with Babel.
Tests compile them too, so that a bare checkout still tests the English and Arabic pages.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation import trans_real


def ensure_compiled() -> None:
    changed = False
    for locale_dir in settings.LOCALE_PATHS:
        for po_path in Path(locale_dir).glob("*/LC_MESSAGES/django.po"):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog)
            changed = True
    if changed:
        # Catalogues already loaded in this process were read without the new files.
        trans_real._translations = {}
        trans_real._default = None
