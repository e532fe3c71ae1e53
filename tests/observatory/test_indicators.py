"""The indicators core, against computations made by hand."""

import pytest

from sppe.observatory import datasets
from sppe.observatory import indicators as ind
from sppe.observatory.indicators import COMPUTED, IMPORTED, MISSING, Area, ImportedTerms, Term, Unit


def eaje(key, commune, places, funding="psu", kind="multi_accueil", under_three=None):
    return Unit(
        key, commune, "eaje", places, places if under_three is None else under_three, kind, funding
    )


def am(key, commune, places, birth_year, mode="childminder", under_three=None):
    return Unit(
        key,
        commune,
        mode,
        places,
        places if under_three is None else under_three,
        birth_year=birth_year,
    )


A = Area("85001", "Alpha", "200000001", "CC Test")
B = Area("85002", "Bêta", "200000001", "CC Test")


def test_commune_coverage_with_every_term():
    units = [eaje("e1", "85001", 20), am("a1", "85001", 4, 1970), am("a2", "85001", 3, 1980)]
    imported = ImportedTerms(
        under_three=100, caf_rates={"txcouv_gad": 2.0, "txcouv_pre": 5.0, "txcouv": 30.0}
    )
    coverage = ind.commune_coverage(A, units, imported)
    # (20 + 7 + 2 + 5) / 100 = 34 %
    assert coverage.terms[Term.EAJE] == ind.TermValue(20, COMPUTED)
    assert coverage.terms[Term.CHILDMINDERS] == ind.TermValue(7, COMPUTED)
    assert coverage.terms[Term.HOME_CARE] == ind.TermValue(2.0, IMPORTED)
    assert coverage.terms[Term.SCHOOL_AT_TWO] == ind.TermValue(5.0, IMPORTED)
    assert coverage.rate == pytest.approx(34.0)
    assert not coverage.partial
    assert coverage.caf_rate == 30.0
    assert coverage.difference == pytest.approx(4.0)


def test_places_closed_to_under_threes_do_not_count():
    units = [eaje("e1", "85001", 20, under_three=0), am("a1", "85001", 4, 1970, under_three=0)]
    coverage = ind.commune_coverage(A, units, ImportedTerms(under_three=50))
    assert coverage.rate == 0


def test_missing_terms_count_zero_and_say_the_rate_is_partial():
    coverage = ind.commune_coverage(A, [eaje("e1", "85001", 12)], ImportedTerms(under_three=40))
    assert coverage.terms[Term.HOME_CARE].origin == MISSING
    assert coverage.rate == pytest.approx(30.0)  # 12 / 40
    assert coverage.partial


def test_no_children_under_three_no_rate():
    coverage = ind.commune_coverage(A, [eaje("e1", "85001", 12)], ImportedTerms())
    assert coverage.rate is None
    assert coverage.under_three_origin == MISSING


def test_aggregate_sums_terms_and_keeps_the_worst_origin():
    a = ind.commune_coverage(
        A,
        [eaje("e1", "85001", 20)],
        ImportedTerms(under_three=100, caf_rates={"txcouv_gad": 1.0, "txcouv_pre": 4.0}),
    )
    b = ind.commune_coverage(B, [am("a1", "85002", 4, 1975)], ImportedTerms(under_three=60))
    total = ind.aggregate_coverage("200000001", "CC Test", [a, b])
    # EAJE 20, AM 4, home care 1 (imported in A, missing in B: missing), school 4.
    assert total.terms[Term.EAJE] == ind.TermValue(20, COMPUTED)
    assert total.terms[Term.HOME_CARE] == ind.TermValue(1.0, MISSING)
    assert total.under_three == 160
    assert total.rate == pytest.approx(100 * 29 / 160)
    assert total.partial


def test_aggregate_without_every_commune_under_three_has_no_rate():
    a = ind.commune_coverage(A, [], ImportedTerms(under_three=100))
    b = ind.commune_coverage(B, [], ImportedTerms())
    assert ind.aggregate_coverage("x", "x", [a, b]).rate is None


def test_places_created_and_closed():
    before = [eaje("e1", "85001", 20), eaje("e2", "85001", 10), am("a1", "85001", 4, 1960)]
    after = [eaje("e1", "85001", 24), am("a2", "85001", 3, 1990), eaje("e3", "85002", 12)]
    flow = ind.places_flow(before, after)
    # Created: e1 +4, a2 3, e3 12 = 19. Closed: e2 10, a1 4 = 14.
    assert (flow.created, flow.closed, flow.net) == (19, 14, 5)
    assert ind.places_flow(before, after, modes={"eaje"}) == ind.Flow(16, 10)
    assert ind.arrivals_departures(before, after) == ind.Flow(1, 1)


def test_places_by_mode_and_kind():
    units = [
        eaje("e1", "85001", 20),
        eaje("e2", "85001", 10, funding="paje", kind="micro_creche"),
        am("a1", "85001", 4, 1960, mode="mam"),
        am("a2", "85001", 3, 1990),
        Unit("h1", "85001", "home_care", 0),
    ]
    places = ind.places_by_mode(units)
    assert (places.eaje_psu, places.eaje_paje, places.mam, places.childminders) == (20, 10, 4, 3)
    assert (places.childminder_count, places.mam_childminder_count) == (1, 1)
    assert places.home_care_services == 1
    assert places.total == 37
    assert ind.eaje_by_kind(units) == {("multi_accueil", "psu"): 20, ("micro_creche", "paje"): 10}


@pytest.mark.parametrize(
    ("birth_year", "months", "leaves"),
    [
        (1958, 62 * 12, 2020),
        (1961, 62 * 12 + 3, 2023),  # 1 July 1961 + 62 y 3 m = October 2023
        (1962, 62 * 12 + 6, 2025),  # + 62 y 6 m = 1 January 2025
        (1963, 62 * 12 + 9, 2026),
        (1965, 63 * 12 + 3, 2028),
        (1967, 63 * 12 + 9, 2031),
        (1970, 64 * 12, 2034),
    ],
)
def test_legal_retirement_age_by_generation(birth_year, months, leaves):
    assert ind.retirement_age_months(birth_year) == months
    assert ind.departure_year(birth_year) == leaves


def test_departures_and_places_at_risk():
    units = [
        am("a1", "85001", 4, 1958),  # past the age: leaves within 5 years
        am("a2", "85001", 3, 1963),  # 2026
        am("a3", "85001", 4, 1967),  # 2031: within 10 years of 2025, not 5
        am("a4", "85001", 2, 1990),  # 2054
        am("a5", "85001", 4, None),  # unknown birth year: never counted as leaving
        eaje("e1", "85001", 20),
    ]
    d = ind.departures("85001", "Alpha", units, 2025)
    assert (d.childminders, d.places) == (5, 17)
    assert (d.leaving_5, d.places_5) == (2, 7)
    assert (d.leaving_10, d.places_10) == (3, 11)
    assert d.share_places_10 == pytest.approx(100 * 11 / 17)


def test_age_pyramid():
    units = [am("a1", "85001", 4, 1960), am("a2", "85001", 3, 1996), am("a3", "85001", 1, None)]
    pyramid = ind.age_pyramid(units, 2025)
    counts = {band.label: band.count for band in pyramid.bands}
    assert counts["65 ans et plus"] == 1  # 65 in 2025
    assert counts["moins de 30 ans"] == 1  # 29
    assert pyramid.unknown == 1


def test_zones_of_tension():
    low = ind.commune_coverage(A, [eaje("e1", "85001", 10)], ImportedTerms(under_three=100))
    fine = ind.commune_coverage(B, [eaje("e2", "85002", 80)], ImportedTerms(under_three=100))
    risks = {
        "85002": ind.departures("85002", "Bêta", [am("a1", "85002", 4, 1958)], 2025),
    }
    result = ind.tensions({"85001": low, "85002": fine}, risks, {"85002": 10})
    assert [(t.code, t.reasons) for t in result] == [
        ("85001", ["coverage"]),
        ("85002", ["places_at_risk", "waiting"]),
    ]


def test_the_core_imports_no_django():
    import ast
    import inspect

    for module in (ind, datasets):
        tree = ast.parse(inspect.getsource(module))
        names = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        } | {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        }
        assert not any(name.startswith("django") for name in names)
