"""INSEE and Caf files: all or nothing, and a second import changes nothing."""

from decimal import Decimal

import pytest

from sppe.observatory import datasets, services
from sppe.observatory.enums import DatasetKind
from sppe.observatory.models import DatasetImport, ImportedFigure

from ..factories import CommuneFactory

BIRTHS = (
    b"GEO;GEO_OBJECT;TIME_PERIOD;OBS_VALUE\n"
    b"85001;COM;2023;41\n"
    b"85001;COM;2024;38\n"
    b"85002;COM;2024;12\n"
    b"85;DEP;2024;5000\n"
    b"99999;COM;2024;7\n"  # not a commune of the database: ignored
)
POPULATION = b"CODGEO;LIBGEO;P21_POP0002;P21_POP0305\n85001;Alpha;120;130\n85002;Beta;35,0;40\n"
CAF = (
    b"NUMCOM;NOMCOM;ANNEE;txcouv;txcouv_eaje;txcouv_gad;txcouv_pre\n"
    b"85001;Alpha;2023;61,5;20,1;1,2;s\n"
    b"85002;Beta;2023;;;;\n"
)


@pytest.fixture
def communes(db):
    return [CommuneFactory(insee_code="85001"), CommuneFactory(insee_code="85002")]


def figures():
    return {(f.code, f.year, f.measure): f.value for f in ImportedFigure.objects.all()}


def test_births_file(communes):
    record = services.dataset_import(
        kind=DatasetKind.INSEE_BIRTHS, file_name="naissances.csv", data=BIRTHS
    )
    assert record.rows == 3 and record.changed == 3
    assert figures() == {
        ("85001", 2023, "births"): Decimal("41"),
        ("85001", 2024, "births"): Decimal("38"),
        ("85002", 2024, "births"): Decimal("12"),
    }


def test_population_file_reads_the_census_year(communes):
    services.dataset_import(kind=DatasetKind.INSEE_POPULATION, file_name="p.csv", data=POPULATION)
    assert figures() == {
        ("85001", 2021, "under_three"): Decimal("120"),
        ("85002", 2021, "under_three"): Decimal("35"),
    }


def test_caf_file_keeps_its_txcouv_columns_and_skips_secret_cells(communes):
    services.dataset_import(kind=DatasetKind.CAF_COVERAGE, file_name="caf.csv", data=CAF)
    assert figures() == {
        ("85001", 2023, "txcouv"): Decimal("61.5"),
        ("85001", 2023, "txcouv_eaje"): Decimal("20.1"),
        ("85001", 2023, "txcouv_gad"): Decimal("1.2"),
    }


def test_the_same_file_again_changes_nothing(communes):
    services.dataset_import(kind=DatasetKind.INSEE_BIRTHS, file_name="n.csv", data=BIRTHS)
    before = list(ImportedFigure.objects.values_list("pk", "value", "source_id"))
    assert (
        services.dataset_import(kind=DatasetKind.INSEE_BIRTHS, file_name="n.csv", data=BIRTHS)
        is None
    )
    assert list(ImportedFigure.objects.values_list("pk", "value", "source_id")) == before
    assert DatasetImport.objects.count() == 1


def test_a_corrected_file_updates_the_changed_values_only(communes):
    services.dataset_import(kind=DatasetKind.INSEE_BIRTHS, file_name="n.csv", data=BIRTHS)
    corrected = BIRTHS.replace(b"85002;COM;2024;12", b"85002;COM;2024;13")
    record = services.dataset_import(
        kind=DatasetKind.INSEE_BIRTHS, file_name="n2.csv", data=corrected
    )
    assert record.changed == 1
    assert figures()[("85002", 2024, "births")] == Decimal("13")


def test_a_malformed_file_lists_its_lines_and_changes_nothing(communes):
    services.dataset_import(kind=DatasetKind.INSEE_BIRTHS, file_name="n.csv", data=BIRTHS)
    before = figures()
    bad = (
        b"GEO;GEO_OBJECT;TIME_PERIOD;OBS_VALUE\n85001;COM;2025;40\n"
        b"8500X;COM;2025;3\n85002;COM;deux;3\n85002;COM;2025\n85002;COM;2025;-4\n"
    )
    with pytest.raises(services.ObservatoryError) as error:
        services.dataset_import(kind=DatasetKind.INSEE_BIRTHS, file_name="bad.csv", data=bad)
    assert error.value.message == "Le fichier n'est pas importé : 4 ligne(s) à corriger."
    assert [line.split(" :")[0] for line in error.value.lines] == [
        "Ligne 3",
        "Ligne 4",
        "Ligne 5",
        "Ligne 6",
    ]
    assert figures() == before
    assert DatasetImport.objects.count() == 1


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        (
            DatasetKind.INSEE_BIRTHS,
            POPULATION,
            "Ce fichier n'est pas un fichier Insee des naissances",
        ),
        (DatasetKind.INSEE_POPULATION, BIRTHS, "Ce fichier n'est pas la base Insee"),
        (DatasetKind.CAF_COVERAGE, BIRTHS, "Ce fichier n'est pas un fichier de taux de couverture"),
        (DatasetKind.CAF_COVERAGE, b"", "Le fichier est vide."),
    ],
)
def test_another_file_is_refused_with_a_clear_message(communes, kind, data, message):
    with pytest.raises(services.ObservatoryError) as error:
        services.dataset_import(kind=kind, file_name="x.csv", data=data)
    assert error.value.message.startswith(message)
    assert not ImportedFigure.objects.exists()


def test_two_values_for_one_cell_are_refused(communes):
    data = b"GEO;TIME_PERIOD;OBS_VALUE\n85001;2024;3\n85001;2024;4\n"
    with pytest.raises(services.ObservatoryError):
        services.dataset_import(kind=DatasetKind.INSEE_BIRTHS, file_name="x.csv", data=data)
    assert not ImportedFigure.objects.exists()


def test_cp1252_and_comma_separated_files_are_read():
    data = "CODGEO,LIBGEO,P20_POP0002\n85001,Aizenay é,12\n".encode("cp1252")
    assert datasets.read_population(data) == [
        datasets.Figure("commune", "85001", 2020, "under_three", Decimal("12"))
    ]


def test_caf_epci_file():
    data = b"NUMEPCI;NOMEPCI;ANNEE;TXCOUV\n200072882;CC Vie et Boulogne;2022;71,2\n"
    assert datasets.read_caf_coverage(data) == [
        datasets.Figure("epci", "200072882", 2022, "txcouv", Decimal("71.2"))
    ]
