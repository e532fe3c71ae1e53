"""Cells written to CSV or XLSX files that a spreadsheet cannot run as formulas.

A value from an imported file or a form ("=HYPERLINK(…)", "@SUM(…)", "+cmd|…") comes
back live when an agent opens an export in a spreadsheet. `neutralise` prefixes such a
value with an apostrophe, which spreadsheets read as "this is text"; `restore` removes
it again on import, so that an export re-imports unchanged. Phone numbers and signed
numbers ("+33 6 12 34 56 78", "-5") are left as they are.
"""

import re

FORMULA_START = ("=", "@", "\t", "\r")
SIGNED_NUMBER = re.compile(r"[+-][\d\s.,()]*")
QUOTE = "'"


def is_dangerous(value: str) -> bool:
    if not value:
        return False
    if value.startswith(FORMULA_START):
        return True
    return value[0] in "+-" and not SIGNED_NUMBER.fullmatch(value)


def neutralise(value):
    """The value as a spreadsheet shows it without running it."""
    if isinstance(value, str) and (is_dangerous(value) or _is_quoted_formula(value)):
        return QUOTE + value
    return value


def _is_quoted_formula(value: str) -> bool:
    # A value that already starts with the apostrophe and a formula character keeps its
    # own apostrophe through a round trip.
    return value.startswith(QUOTE) and is_dangerous(value[1:].lstrip(QUOTE))


def restore(value: str) -> str:
    """Undo `neutralise` on a cell read back from an export."""
    if value.startswith(QUOTE) and (is_dangerous(value[1:]) or _is_quoted_formula(value[1:])):
        return value[1:]
    return value
