"""The per-process commune index: exact, and never served once the communes changed."""

from unittest import mock

import pytest

from sppe.territories import commune_index as index_module
from sppe.territories.commune_index import commune_index
from sppe.territories.french_data import import_french_territory
from sppe.territories.models import Commune, Territory

from ..factories import CommuneFactory, TerritoryFactory
from .test_french_data import write_sources

pytestmark = pytest.mark.django_db


def current_index():
    """What a request sees: the territory row read afresh, then the index."""
    return commune_index(Territory.objects.current())


def names(index):
    return [c.name for c in index.communes]


@pytest.fixture
def other_process():
    """Changes made elsewhere: this process's cache is not emptied by them."""
    with (
        mock.patch.object(index_module, "clear_cache"),
        mock.patch("sppe.territories.signals.clear_cache"),
    ):
        yield


@pytest.fixture
def territory():
    communes = [
        CommuneFactory(name="Maché", insee_code="85130", postal_codes=["85190"]),
        CommuneFactory(name="Aizenay", insee_code="85003", postal_codes=["85190"]),
        CommuneFactory(name="Sans centre", insee_code="85999", latitude=None, longitude=None),
    ]
    CommuneFactory(name="Ailleurs", insee_code="44109")
    return TerritoryFactory(communes=communes)


def test_index_holds_the_territory_communes_by_name(territory):
    index = current_index()
    assert names(index) == ["Aizenay", "Maché", "Sans centre"]
    assert [c.name for c in index.located] == ["Aizenay", "Maché"]
    aizenay = index.located_commune("85003")
    assert (aizenay.latitude, aizenay.longitude, aizenay.postal_codes) == (46.7, -1.6, ("85190",))
    assert index.located_commune("85999") is None  # no coordinates: no search from it
    assert index.located_commune("44109") is None  # outside the territory
    assert index.located_commune(["85003"]) is None


def test_index_is_reused_while_nothing_changes(territory, django_assert_num_queries):
    first = current_index()
    territory = Territory.objects.current()
    with django_assert_num_queries(0):
        assert commune_index(territory) is first


def test_derived_values_are_built_once_per_index(territory):
    index = current_index()
    built = []
    assert index.derived("x", lambda i: built.append(i) or len(i.communes)) == 3
    assert index.derived("x", lambda i: built.append(i) or 0) == 3
    assert built == [index]


@pytest.mark.usefixtures("other_process")
def test_added_and_removed_communes_are_seen_at_once(territory):
    before = current_index()
    version = Territory.objects.current().perimeter_version
    added = CommuneFactory(name="Apremont", insee_code="85006")
    territory.communes.add(added)
    assert names(current_index()) == ["Aizenay", "Apremont", "Maché", "Sans centre"]
    territory.communes.remove(Commune.objects.get(insee_code="85130"))
    assert names(current_index()) == ["Aizenay", "Apremont", "Sans centre"]
    territory.communes.clear()
    assert names(current_index()) == []
    assert Territory.objects.current().perimeter_version > version
    assert names(before) == ["Aizenay", "Maché", "Sans centre"]  # an index never changes


@pytest.mark.usefixtures("other_process")
def test_commune_edited_or_deleted_is_seen_at_once(territory):
    current_index()
    commune = Commune.objects.get(insee_code="85130")
    commune.name = "Maché-sur-Vie"
    commune.save()
    assert names(current_index()) == ["Aizenay", "Maché-sur-Vie", "Sans centre"]
    commune.delete()
    assert names(current_index()) == ["Aizenay", "Sans centre"]


@pytest.mark.usefixtures("other_process")
def test_commune_import_renaming_is_seen_at_once(tmp_path):
    decoupage, contours = write_sources(tmp_path)
    import_french_territory(decoupage_dir=decoupage, contours_path=contours)
    TerritoryFactory(communes=list(Commune.objects.all()))
    assert names(current_index()) == ["Aizenay", "Le Poiré-sur-Vie", "Sans contour"]
    version = Territory.objects.current().perimeter_version

    import_french_territory(decoupage_dir=decoupage, contours_path=contours)  # no change
    assert Territory.objects.current().perimeter_version == version

    renamed = [
        {
            "code": "85003",
            "nom": "Aizenay-Nouvelle",
            "type": "commune-actuelle",
            "departement": "85",
            "codesPostaux": ["85190"],
            "population": 1200,
        }
    ]
    decoupage, contours = write_sources(tmp_path, communes=renamed)
    import_french_territory(decoupage_dir=decoupage, contours_path=contours)
    assert names(current_index()) == ["Aizenay-Nouvelle", "Le Poiré-sur-Vie", "Sans contour"]


def test_saving_an_old_territory_instance_keeps_the_new_version(territory):
    stale = Territory.objects.get(pk=territory.pk)
    territory.communes.add(CommuneFactory(name="Apremont", insee_code="85006"))
    fresh_version = Territory.objects.get(pk=territory.pk).perimeter_version
    assert territory.perimeter_version == fresh_version  # the instance in hand follows
    stale.name = "Nouveau nom"
    stale.save()
    saved = Territory.objects.get(pk=territory.pk)
    assert (saved.name, saved.perimeter_version) == ("Nouveau nom", fresh_version)


def test_a_new_territory_never_gets_the_index_of_a_deleted_one(territory):
    """SQLite may give a new territory the primary key of a deleted one, at the same
    perimeter version: creating or deleting a territory empties the cache."""
    apremont = CommuneFactory(name="Apremont", insee_code="85006")
    current_index()
    pk, kind = territory.pk, territory.kind
    version = Territory.objects.get(pk=pk).perimeter_version
    territory.delete()
    replacement = Territory.objects.create(pk=pk, name="Autre", kind=kind)
    # Written without signals, so that only the territory's own signals can help.
    Territory.communes.through.objects.create(territory=replacement, commune=apremont)
    Territory.objects.filter(pk=pk).update(perimeter_version=version)
    assert names(current_index()) == ["Apremont"]
