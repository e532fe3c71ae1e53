"""docs/offer-lists.md describes the format the code reads."""

import re

from django.conf import settings

from sppe.offers import schedule
from sppe.offers.lists.formats import AM_SPEC, ESTABLISHMENT_SPEC, normalize
from sppe.offers.lists.reader import read_table
from sppe.offers.lists.validation import match_headers

DOC = (settings.BASE_DIR / "docs" / "offer-lists.md").read_text()


def test_every_column_is_documented_with_its_requirement():
    for spec in (AM_SPEC, ESTABLISHMENT_SPEC):
        for column in spec.columns:
            required = column.required or column.header == "Code INSEE commune"
            assert f"| {column.header}{'*' if required else ''} |" in DOC, column.header


def test_opening_hours_examples_are_valid():
    examples = re.findall(r"\| `([^`]*\d\d:\d\d[^`]*)` \|", DOC)
    assert len(examples) >= 4
    for example in examples:
        assert schedule.validate(example) == example


def test_the_csv_example_reads():
    example = re.search(r"```csv\n(.*?)```", DOC, re.S).group(1)
    table = read_table(example.encode(), "exemple.csv")
    header_map = match_headers(AM_SPEC, table.headers)
    assert len(header_map.columns) == len(table.headers)
    assert all(len(cells) == len(table.headers) for _line, cells in table.rows)
    assert normalize(table.rows[1][1][5]) == "mo th 08 00 18 00 fr 08 00 16 00"
