"""Streaming CSV and JSON writers: a department's offer never sits whole in memory.

CSV follows the rules of the SCDL, which data·inclusion's tabular form shares: UTF-8,
comma between columns, point as decimal separator, semicolon between the values of a
multi-valued cell, double quotes around a cell that needs them, a header line.
"""

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.http import StreamingHttpResponse

from sppe.core.spreadsheet import neutralise

MULTI_VALUE_SEPARATOR = ";"


class _Line:
    """A file-like object whose write() returns the line instead of storing it."""

    def write(self, value: str) -> str:
        return value


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, set, frozenset)):
        return MULTI_VALUE_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def csv_lines(rows: Iterable[dict], columns: list[str]) -> Iterator[str]:
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield writer.writerow(columns)
    for row in rows:
        # Text that a spreadsheet would run as a formula is neutralised (core/spreadsheet.py).
        yield writer.writerow([neutralise(_cell(row.get(column))) for column in columns])


def json_default(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"Type non sérialisable : {type(value).__name__}")


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=json_default)


def json_lines(rows: Iterable[dict]) -> Iterator[str]:
    """A JSON array written one element at a time."""
    yield "["
    for index, row in enumerate(rows):
        yield ("\n" if index == 0 else ",\n") + dumps(row)
    yield "\n]\n"


def _attachment(response: StreamingHttpResponse, filename: str) -> StreamingHttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(rows: Iterable[dict], columns: list[str], filename: str):
    lines = (line.encode("utf-8") for line in csv_lines(rows, columns))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)


def json_response(rows: Iterable[dict], filename: str):
    lines = (line.encode("utf-8") for line in json_lines(rows))
    response = StreamingHttpResponse(lines, content_type="application/json")
    return _attachment(response, filename)
