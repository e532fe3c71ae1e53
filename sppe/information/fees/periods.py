"""Dated legal figures: load a rule table and pick the period in force at a date.

Every figure the simulator uses lives in a TOML file of ``data/``, one file per rule family,
one ``[[periods]]`` block per period, each with its legal source. Adding a period is a data
change only. Numbers are read as ``Decimal`` so that no binary rounding creeps into money.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"

CONFIRMED = "confirmed"
DERIVED = "derived"
UNCONFIRMED = "unconfirmed"
STATUSES = frozenset({CONFIRMED, DERIVED, UNCONFIRMED})


class PeriodNotFound(LookupError):
    """No period of a rule table is in force at the requested date."""


class InvalidRuleTable(ValueError):
    """A data file is malformed (missing source, overlapping periods...)."""


@dataclass(frozen=True, kw_only=True)
class Source:
    title: str
    reference: str
    url: str
    consulted: date


@dataclass(frozen=True, kw_only=True)
class Period:
    rule: str
    valid_from: date
    valid_until: date | None
    figures: Mapping[str, Any]
    source: Source
    status: str
    note: str = ""
    unconfirmed_figures: tuple[str, ...] = ()

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def figure(self, path: str) -> Any:
        """The figure at a dotted path, with integers turned into ``Decimal``."""
        value: Any = self.figures
        for key in path.split("."):
            try:
                # A number indexes a list of brackets: "effort_rates.garde_domicile.0".
                value = value[int(key)] if isinstance(value, list | tuple) else value[key]
            except (KeyError, TypeError, ValueError, IndexError) as error:
                raise KeyError(f"{self.rule}: no figure {path!r}") from error
        return _as_decimal(value)

    def is_confirmed(self, path: str) -> bool:
        """Whether the figure at ``path`` was read in an official source (or fixed by an
        official example). A figure derived from an official rule by our own computation
        is not: the page says so."""
        if self.status != CONFIRMED:
            return False
        return not any(
            path == item or path.startswith(item + ".") or item.startswith(path + ".")
            for item in self.unconfirmed_figures
        )


@dataclass(frozen=True, kw_only=True)
class RuleTable:
    rule: str
    title: str
    periods: tuple[Period, ...]

    def find(self, day: date) -> Period | None:
        for period in self.periods:
            if period.covers(day):
                return period
        return None

    def at(self, day: date) -> Period:
        period = self.find(day)
        if period is None:
            raise PeriodNotFound(f"{self.rule}: no figures in force on {day.isoformat()}")
        return period


def _as_decimal(value: Any) -> Any:
    # TOML integers come back as int; money and rates must all be Decimal.
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, list):
        return tuple(_as_decimal(item) for item in value)
    if isinstance(value, dict):
        return {key: _as_decimal(item) for key, item in value.items()}
    return value


def _parse_period(rule: str, raw: Mapping[str, Any]) -> Period:
    try:
        raw_source = raw["source"]
        source = Source(
            title=raw_source["title"],
            reference=raw_source["reference"],
            url=raw_source["url"],
            consulted=raw_source["consulted"],
        )
        period = Period(
            rule=rule,
            valid_from=raw["valid_from"],
            valid_until=raw.get("valid_until"),
            figures=raw["figures"],
            source=source,
            status=raw.get("status", CONFIRMED),
            note=raw.get("note", ""),
            unconfirmed_figures=tuple(raw.get("unconfirmed_figures", ())),
        )
    except KeyError as error:
        raise InvalidRuleTable(f"{rule}: period without {error.args[0]!r}") from error
    if period.status not in STATUSES:
        raise InvalidRuleTable(f"{rule}: unknown status {period.status!r}")
    if period.valid_until is not None and period.valid_until < period.valid_from:
        raise InvalidRuleTable(f"{rule}: period ends before it starts ({period.valid_from})")
    return period


def parse_table(text: str) -> RuleTable:
    """Parse the TOML text of a rule table and check its periods do not overlap."""
    raw = tomllib.loads(text, parse_float=Decimal)
    rule = raw.get("rule")
    if not rule:
        raise InvalidRuleTable("a rule table needs a 'rule' name")
    periods = tuple(
        sorted(
            (_parse_period(rule, item) for item in raw.get("periods", ())),
            key=lambda period: period.valid_from,
        )
    )
    if not periods:
        raise InvalidRuleTable(f"{rule}: no period")
    for previous, following in zip(periods, periods[1:], strict=False):
        if previous.valid_until is None or previous.valid_until >= following.valid_from:
            raise InvalidRuleTable(
                f"{rule}: period starting {previous.valid_from} overlaps the one starting "
                f"{following.valid_from} (give it a valid_until)"
            )
    return RuleTable(rule=rule, title=raw.get("title", rule), periods=periods)


@cache
def _load_from(path: Path) -> RuleTable:
    return parse_table(path.read_text(encoding="utf-8"))


def load_table(rule: str, *, data_dir: Path | None = None) -> RuleTable:
    """The rule table ``<rule>.toml`` of ``data_dir`` (the package data by default)."""
    path = (data_dir or DATA_DIR) / f"{rule}.toml"
    if data_dir is None:
        return _load_from(path)
    # An explicit directory is read afresh: tests and previews edit it on the fly.
    return parse_table(path.read_text(encoding="utf-8"))


def all_tables(*, data_dir: Path | None = None) -> tuple[RuleTable, ...]:
    directory = data_dir or DATA_DIR
    return tuple(
        load_table(path.stem, data_dir=data_dir) for path in sorted(directory.glob("*.toml"))
    )
