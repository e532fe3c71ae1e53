"""The observatory's formulas, in plain Python (no Django): tested by hand computations.

Everything here takes plain data classes built by `selectors.py` from the snapshots and
the imported figures, and returns plain data classes the pages, the CSV, the XLSX and
the PDF all read, so that the four always show the same figures.

Definitions (docs/observatory.md gives their sources):

- Theoretical coverage rate (Cnaf, « taux de couverture global »): the places offered
  to children under three, over the children under three, in percent. Its four terms:
  places in EAJE, AM places for children under three, children cared for at home by a
  salaried carer, children schooled at two. Each term is labelled with its origin:
  COMPUTED by sppe from its snapshot of the offer, IMPORTED from a file (the Caf's
  partial rates, converted to children with our under-three count), or MISSING. A
  missing numerator term counts 0 and the rate says it is partial; a missing
  denominator means no rate.
- Places created and closed between two snapshots: a place of care present in the
  later snapshot only is created, in the earlier only is closed; a change of capacity
  counts its difference as created or closed.
- Childminders' departures: an AM leaves when she reaches the legal retirement age of
  her generation (RETIREMENT_AGE_MONTHS); born mid-year (only the year is kept).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

COMPUTED, IMPORTED, MISSING = "computed", "imported", "missing"


class Term(StrEnum):
    EAJE = "eaje"
    CHILDMINDERS = "childminders"
    HOME_CARE = "home_care"
    SCHOOL_AT_TWO = "school_at_two"


TERMS = (Term.EAJE, Term.CHILDMINDERS, Term.HOME_CARE, Term.SCHOOL_AT_TWO)

# Legal retirement age by year of birth, in months: Code de la sécurité sociale,
# art. L.161-17-2, as written by loi n° 2023-270 du 14 avril 2023 (art. 10). Those born
# in 1961 are taken as born after 1 September (62 years 3 months). A later change of the
# law is a change of this table (see docs/observatory.md).
RETIREMENT_AGE_SOURCE = (
    "Code de la sécurité sociale, art. L.161-17-2 (loi n° 2023-270 du 14 avril 2023)"
)
RETIREMENT_AGE_MONTHS = {1960: 62 * 12, 1961: 62 * 12 + 3, 1962: 62 * 12 + 6, 1963: 62 * 12 + 9}
RETIREMENT_AGE_MONTHS.update({1964: 63 * 12, 1965: 63 * 12 + 3, 1966: 63 * 12 + 6})
RETIREMENT_AGE_MONTHS.update({1967: 63 * 12 + 9})
RETIREMENT_AGE_LATEST = 64 * 12  # born in 1968 or later
RETIREMENT_AGE_EARLIEST = 62 * 12  # born before 1961

AGE_BANDS = ((0, 29), (30, 39), (40, 49), (50, 54), (55, 59), (60, 64), (65, 120))


def retirement_age_months(birth_year: int) -> int:
    if birth_year >= 1968:
        return RETIREMENT_AGE_LATEST
    if birth_year < 1960:
        return RETIREMENT_AGE_EARLIEST
    return RETIREMENT_AGE_MONTHS[birth_year]


def departure_year(birth_year: int) -> int:
    """The year an AM born (taken as 1 July) in `birth_year` reaches the legal age."""
    return birth_year + (6 + retirement_age_months(birth_year)) // 12


# --- inputs -------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """One place of care in a snapshot."""

    key: str
    commune: str  # INSEE code
    mode: str  # eaje, mam, childminder, home_care
    places: int
    places_under_three: int = 0
    kind: str = ""
    funding: str = ""
    birth_year: int | None = None


@dataclass(frozen=True)
class Area:
    """A commune, with its EPCI, as the indicators group them."""

    code: str
    name: str
    epci: str = ""
    epci_name: str = ""


@dataclass(frozen=True)
class ImportedTerms:
    """What files say about one commune and year (None: the file has nothing)."""

    under_three: float | None = None
    births: float | None = None
    # The Caf's partial rates, in percent of the children under three.
    caf_rates: dict = field(default_factory=dict)  # txcouv_* -> float


# --- coverage -----------------------------------------------------------------------


@dataclass(frozen=True)
class TermValue:
    value: float  # places or children (0 when missing)
    origin: str  # COMPUTED, IMPORTED or MISSING


@dataclass(frozen=True)
class Coverage:
    code: str
    name: str
    terms: dict  # Term -> TermValue
    under_three: float | None
    under_three_origin: str
    rate: float | None  # percent, None without children under three
    partial: bool  # a numerator term is missing
    caf_rate: float | None = None  # the Caf's own global rate, when imported

    @property
    def places(self) -> float:
        return sum(t.value for t in self.terms.values())

    @property
    def difference(self) -> float | None:
        if self.rate is None or self.caf_rate is None:
            return None
        return self.rate - self.caf_rate


# The Caf's column for each imported term and for its global rate (data.caf.fr).
CAF_TERM_COLUMNS = {Term.HOME_CARE: "txcouv_gad", Term.SCHOOL_AT_TWO: "txcouv_pre"}
CAF_GLOBAL_COLUMN = "txcouv"


def _rate(places: float, under_three: float | None) -> float | None:
    if not under_three:
        return None
    return 100.0 * places / under_three


def commune_coverage(area: Area, units: Iterable[Unit], imported: ImportedTerms) -> Coverage:
    units = list(units)
    eaje = sum(u.places_under_three for u in units if u.mode == "eaje")
    childminders = sum(u.places_under_three for u in units if u.mode in ("childminder", "mam"))
    terms = {
        Term.EAJE: TermValue(eaje, COMPUTED),
        Term.CHILDMINDERS: TermValue(childminders, COMPUTED),
    }
    for term, column in CAF_TERM_COLUMNS.items():
        caf = imported.caf_rates.get(column)
        if caf is not None and imported.under_three:
            terms[term] = TermValue(caf * imported.under_three / 100.0, IMPORTED)
        else:
            terms[term] = TermValue(0, MISSING)
    places = sum(t.value for t in terms.values())
    return Coverage(
        code=area.code,
        name=area.name,
        terms=terms,
        under_three=imported.under_three,
        under_three_origin=IMPORTED if imported.under_three is not None else MISSING,
        rate=_rate(places, imported.under_three),
        partial=any(t.origin == MISSING for t in terms.values()),
        caf_rate=imported.caf_rates.get(CAF_GLOBAL_COLUMN),
    )


def _worst(origins: list[str]) -> str:
    if not origins or MISSING in origins:
        return MISSING
    return IMPORTED if IMPORTED in origins else COMPUTED


def aggregate_coverage(code: str, name: str, parts: list[Coverage], caf_rate=None) -> Coverage:
    """An EPCI's or the territory's coverage: the sums of its communes' terms.

    A term missing in one commune is missing for the whole (its sum would mislead);
    the children under three must be known in every commune for a rate.
    """
    terms = {
        term: TermValue(
            sum(p.terms[term].value for p in parts), _worst([p.terms[term].origin for p in parts])
        )
        for term in TERMS
    }
    known = all(p.under_three is not None for p in parts) and bool(parts)
    under_three = sum(p.under_three for p in parts) if known else None
    places = sum(t.value for t in terms.values())
    return Coverage(
        code=code,
        name=name,
        terms=terms,
        under_three=under_three,
        under_three_origin=IMPORTED if known else MISSING,
        rate=_rate(places, under_three),
        partial=any(t.origin == MISSING for t in terms.values()),
        caf_rate=caf_rate,
    )


# --- places by mode, created and closed ---------------------------------------------


@dataclass(frozen=True)
class PlacesByMode:
    eaje_psu: int = 0
    eaje_paje: int = 0
    mam: int = 0
    childminders: int = 0
    childminder_count: int = 0
    mam_childminder_count: int = 0
    home_care_services: int = 0

    @property
    def eaje(self) -> int:
        return self.eaje_psu + self.eaje_paje

    @property
    def total(self) -> int:
        return self.eaje + self.mam + self.childminders


def places_by_mode(units: Iterable[Unit]) -> PlacesByMode:
    counts = defaultdict(int)
    for u in units:
        if u.mode == "eaje":
            counts["eaje_psu" if u.funding == "psu" else "eaje_paje"] += u.places
        elif u.mode == "mam":
            counts["mam"] += u.places
            counts["mam_childminder_count"] += 1
        elif u.mode == "childminder":
            counts["childminders"] += u.places
            counts["childminder_count"] += 1
        elif u.mode == "home_care":
            counts["home_care_services"] += 1
    return PlacesByMode(**counts)


def eaje_by_kind(units: Iterable[Unit]) -> dict[tuple[str, str], int]:
    """Places in EAJE by (kind, funding)."""
    result = defaultdict(int)
    for u in units:
        if u.mode == "eaje":
            result[(u.kind, u.funding)] += u.places
    return dict(result)


@dataclass(frozen=True)
class Flow:
    created: int
    closed: int

    @property
    def net(self) -> int:
        return self.created - self.closed


def places_flow(before: Iterable[Unit], after: Iterable[Unit], modes=None) -> Flow:
    """Places created and closed from one snapshot to the next (see the module doc)."""
    modes = set(modes) if modes else None

    def index(units):
        return {(u.key, u.commune): u.places for u in units if not modes or u.mode in modes}

    old, new = index(before), index(after)
    created = closed = 0
    for key in old.keys() | new.keys():
        diff = new.get(key, 0) - old.get(key, 0)
        if diff > 0:
            created += diff
        else:
            closed -= diff
    return Flow(created, closed)


def arrivals_departures(before: Iterable[Unit], after: Iterable[Unit]) -> Flow:
    """AM (at home or in a MAM) who started or stopped between two snapshots."""
    old = {u.key for u in before if u.mode in ("childminder", "mam")}
    new = {u.key for u in after if u.mode in ("childminder", "mam")}
    return Flow(len(new - old), len(old - new))


# --- childminders' demography ---------------------------------------------------------


@dataclass(frozen=True)
class AgeBand:
    low: int
    high: int
    count: int

    @property
    def label(self) -> str:
        if self.low == 0:
            return f"moins de {self.high + 1} ans"
        if self.high >= 120:
            return f"{self.low} ans et plus"
        return f"{self.low} à {self.high} ans"


@dataclass(frozen=True)
class Pyramid:
    bands: list[AgeBand]
    unknown: int


def age_pyramid(units: Iterable[Unit], year: int) -> Pyramid:
    """AM by age on 1 July of `year` (born mid-year), in the bands of AGE_BANDS."""
    counts = [0] * len(AGE_BANDS)
    unknown = 0
    for u in units:
        if u.mode not in ("childminder", "mam"):
            continue
        if u.birth_year is None:
            unknown += 1
            continue
        age = year - u.birth_year
        for i, (low, high) in enumerate(AGE_BANDS):
            if low <= age <= high:
                counts[i] += 1
                break
    return Pyramid(
        [AgeBand(low, high, n) for (low, high), n in zip(AGE_BANDS, counts, strict=True)], unknown
    )


@dataclass(frozen=True)
class Departures:
    code: str
    name: str
    childminders: int
    places: int
    leaving_5: int
    places_5: int
    leaving_10: int
    places_10: int

    @property
    def share_places_10(self) -> float | None:
        return 100.0 * self.places_10 / self.places if self.places else None


def departures(code: str, name: str, units: Iterable[Unit], year: int) -> Departures:
    """AM reaching the legal age by the end of year+5 and year+10 (those already past it,
    still working, included) and their agrément places: the places at risk."""
    ams = [u for u in units if u.mode in ("childminder", "mam")]
    by_5 = [u for u in ams if u.birth_year is not None and departure_year(u.birth_year) <= year + 5]
    by_10 = [
        u for u in ams if u.birth_year is not None and departure_year(u.birth_year) <= year + 10
    ]
    return Departures(
        code=code,
        name=name,
        childminders=len(ams),
        places=sum(u.places for u in ams),
        leaving_5=len(by_5),
        places_5=sum(u.places for u in by_5),
        leaving_10=len(by_10),
        places_10=sum(u.places for u in by_10),
    )


# --- zones of tension -------------------------------------------------------------------


@dataclass(frozen=True)
class TensionRules:
    """When a commune is a zone of tension (one reason is enough)."""

    coverage_below: float = 50.0  # percent; the national rate was 59.8 % in 2021
    places_at_risk_from: float = 40.0  # percent of AM places leaving within 10 years
    waiting_from: float = 10.0  # families waiting per 100 children under three


@dataclass(frozen=True)
class Tension:
    code: str
    name: str
    reasons: list[str]


def tensions(
    coverages: dict[str, Coverage],
    risks: dict[str, Departures],
    waiting: dict[str, int],
    rules: TensionRules = TensionRules(),  # noqa: B008 - frozen, never mutated
) -> list[Tension]:
    result = []
    for code, coverage in coverages.items():
        reasons = []
        if coverage.rate is not None and coverage.rate < rules.coverage_below:
            reasons.append("coverage")
        risk = risks.get(code)
        if (
            risk
            and risk.share_places_10 is not None
            and (risk.share_places_10 >= rules.places_at_risk_from)
        ):
            reasons.append("places_at_risk")
        if coverage.under_three and (
            100.0 * waiting.get(code, 0) / coverage.under_three >= rules.waiting_from
        ):
            reasons.append("waiting")
        if reasons:
            result.append(Tension(code, coverage.name, reasons))
    return result
