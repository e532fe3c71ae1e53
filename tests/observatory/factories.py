"""A small territory with two yearly snapshots and imported figures (see test_pages.py)."""

import datetime as dt

from sppe.observatory import services
from sppe.observatory.enums import DatasetKind
from sppe.observatory.indicators import Unit

from ..factories import EpciFactory


def small_territory(territory):
    """Alpha, Bêta and Gamma with the offer and the figures test_pages.py computes by hand."""
    epci = EpciFactory(name="CC des Trois")
    alpha, beta, gamma = territory.communes.order_by("insee_code")
    for commune, name in ((alpha, "Alpha"), (beta, "Bêta"), (gamma, "Gamma")):
        commune.name, commune.epci = name, epci
        commune.save()
    a, b = alpha.insee_code, beta.insee_code
    creche = Unit("eaje:1", a, "eaje", 24, 24, "multi_accueil", "psu")
    older = Unit("am:1", a, "childminder", 4, 4, birth_year=1962)
    services.snapshot_store(
        reference_date=dt.date(2024, 12, 31),
        units=[Unit("eaje:1", a, "eaje", 20, 20, "multi_accueil", "psu"), older],
    )
    services.snapshot_store(
        reference_date=dt.date(2025, 12, 31),
        units=[
            creche,
            older,
            Unit("am:2", a, "childminder", 3, 3, birth_year=1990),
            Unit("eaje:2", b, "eaje", 10, 10, "micro_creche", "paje"),
            Unit("am:3", b, "mam", 2, 2, birth_year=1970),
        ],
    )
    population = f"CODGEO;P22_POP0002\n{a};100\n{b};40\n{gamma.insee_code};10\n".encode()
    caf = f"NUMCOM;ANNEE;txcouv;txcouv_gad;txcouv_pre\n{a};2025;30;1;3\n".encode()
    services.dataset_import(kind=DatasetKind.INSEE_POPULATION, file_name="p.csv", data=population)
    services.dataset_import(kind=DatasetKind.CAF_COVERAGE, file_name="c.csv", data=caf)
    return alpha, beta, gamma
