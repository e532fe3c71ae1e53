import json

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from sppe.offers.opendata.datasets import DATASETS
from sppe.territories.models import Territory

from ...factories import CommuneFactory, EpciFactory
from .factories import ChildminderFactory, EstablishmentFactory, HomeCareProviderFactory, MamFactory

DOWNLOADS = [(slug, fmt) for slug, dataset in DATASETS.items() for fmt in dataset.formats]


def url(slug, fmt):
    return reverse("opendata:download", kwargs={"slug": slug, "fmt": fmt})


def body(response):
    return b"".join(response.streaming_content)


def test_page_lists_every_dataset_with_schema_licence_and_links(client, offer):
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Licence Ouverte" in page
    for slug, dataset in DATASETS.items():
        assert escape(str(dataset.title)) in page
        assert dataset.schema_url in page
        for fmt in dataset.formats:
            assert url(slug, fmt) in page
    assert "dernière modification de l'offre le" in page


def test_page_without_territory_nor_offer(client, db):
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    assert "aucune offre n'est encore publiée" in response.content.decode()


@pytest.mark.parametrize(("slug", "fmt"), DOWNLOADS)
def test_downloads_are_open_cached_attachments(client, offer, slug, fmt):
    response = client.get(url(slug, fmt))
    assert response.status_code == 200
    assert response.streaming
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"
    today = timezone.localdate().strftime("%Y%m%d")
    assert response["Content-Disposition"].startswith(f'attachment; filename="{today}_{slug}')
    assert body(response)


def test_file_name_carries_the_epci_siren(client, territory):
    territory.epci = EpciFactory(siren="200012345")
    territory.save()
    response = client.get(url("scdl-equipements", "csv"))
    today = timezone.localdate().strftime("%Y%m%d")
    assert (
        f'filename="{today}_200012345_scdl-equipements-cc-de-test.csv"'
        in (response["Content-Disposition"])
    )


@pytest.mark.parametrize(
    "path",
    [
        "/donnees/inconnu.csv",
        "/donnees/scdl-equipements.json",
        "/donnees/data-inclusion-services.xml",
    ],
)
def test_unknown_dataset_or_format_is_a_404(client, territory, path):
    assert client.get(path).status_code == 404


def test_downloads_are_read_only(client, territory):
    response = client.post(url("scdl-equipements", "csv"))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "lectures" in response.json()["message"]


def test_only_active_offers_of_the_territory_are_published(client, communes):
    outside = CommuneFactory()
    EstablishmentFactory(commune=communes[0], name="Crèche publiée")
    EstablishmentFactory(commune=communes[0], name="Crèche fermée", is_active=False)
    EstablishmentFactory(commune=outside, name="Crèche voisine")
    ChildminderFactory(commune=communes[0], first_name="Inactive", is_active=False)
    ChildminderFactory(commune=outside, first_name="Voisine")
    MamFactory(commune=communes[0], name="MAM sans assistant actif")
    HomeCareProviderFactory(communes=[outside], name="Garde voisine")
    HomeCareProviderFactory(communes=[communes[1]], name="Garde arrêtée", is_active=False)
    rows = json.loads(body(client.get(url("data-inclusion-structures", "json"))))
    assert [row["nom"] for row in rows] == ["Crèche publiée"]


def test_no_territory_means_empty_files(client, db):
    assert Territory.objects.current() is None
    assert json.loads(body(client.get(url("data-inclusion-services", "json")))) == []
    assert body(client.get(url("scdl-equipements", "csv"))).decode().count("\r\n") == 1


@pytest.mark.parametrize(("slug", "fmt"), DOWNLOADS)
def test_exports_do_not_query_per_row(client, communes, django_assert_max_num_queries, slug, fmt):
    for index in range(30):
        commune = communes[index % 3]
        mam = MamFactory(commune=commune)
        ChildminderFactory(commune=commune, mam=mam)
        EstablishmentFactory(commune=commune)
        HomeCareProviderFactory(communes=[commune])
    with django_assert_max_num_queries(10):
        content = body(client.get(url(slug, fmt)))
    assert content
