import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sppe.accounts.enums import Role
from sppe.offers.lists.enums import ImportStatus, ListKind
from sppe.offers.lists.models import OfferListImport
from sppe.offers.models import Childminder

from ..factories import ChildminderFactory
from .generators import am_rows, establishment_rows, to_csv, to_xlsx

INDEX = reverse("offer_lists:index")


def upload(client, data, name="am.csv", kind=ListKind.AM):
    return client.post(INDEX, {"kind": kind, "file": SimpleUploadedFile(name, data)})


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


ALLOWED = {Role.AGENT, Role.TERRITORY_ADMIN}


@pytest.mark.parametrize("role", list(Role))
def test_only_offer_managers_open_the_lists(client, make_user, role):
    client.force_login(make_user(role))
    expected = 200 if role in ALLOWED else 403
    assert client.get(INDEX).status_code == expected
    assert client.get(reverse("offer_lists:export", args=["am", "csv"])).status_code == expected
    assert client.get(reverse("offer_lists:template", args=["am", "csv"])).status_code == expected


def test_refused_roles_cannot_preview_or_apply(client, make_user, territory, communes):
    owner = make_user(Role.AGENT)
    client.force_login(owner)
    response = upload(client, to_csv(am_rows(communes, 2)))
    list_import = OfferListImport.objects.get()
    assert response.status_code == 302
    for role in (Role.FAMILY, Role.CHILDMINDER, Role.ELECTED):
        client.force_login(make_user(role))
        assert upload(client, to_csv(am_rows(communes, 2))).status_code == 403
        assert client.get(reverse("offer_lists:preview", args=[list_import.pk])).status_code == 403
        response = client.post(reverse("offer_lists:apply", args=[list_import.pk]))
        assert response.status_code == 403
    assert Childminder.objects.count() == 0
    assert OfferListImport.objects.count() == 1


def test_anonymous_goes_to_login(client, territory):
    for url in (
        INDEX,
        reverse("offer_lists:preview", args=[1]),
        reverse("offer_lists:export", args=["etablissements", "xlsx"]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    response = client.post(reverse("offer_lists:apply", args=[1]))
    assert response["Location"].startswith(reverse("accounts:login"))


def test_index_page(agent_client, territory):
    html = agent_client.get(INDEX).content.decode()
    assert "Listes AM et établissements" in html
    assert "Nombre de places" in html
    assert reverse("offer_lists:template", args=["etablissements", "xlsx"]) in html
    assert "Aucun fichier n'a encore été déposé." in html


def test_upload_preview_then_apply(agent_client, agent, territory, communes):
    existing = ChildminderFactory(
        agrement_number="085-2000-00000", commune=communes[0], places=2, opening_hours=""
    )
    response = upload(agent_client, to_csv(am_rows(communes, 5)))
    list_import = OfferListImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("offer_lists:preview", args=[list_import.pk])
    assert list_import.created_by == agent
    assert list_import.status == ImportStatus.PREVIEWED

    html = agent_client.get(response["Location"]).content.decode()
    assert "Appliquer ces changements" in html
    assert "« 2 » → « 1 »" in html  # places of the existing AM
    assert existing.agrement_number in html
    existing.refresh_from_db()
    assert existing.places == 2  # nothing applied by the preview

    apply_url = reverse("offer_lists:apply", args=[list_import.pk])
    assert agent_client.get(apply_url).status_code == 405
    response = agent_client.post(apply_url, follow=True)
    html = response.content.decode()
    assert "4 créé(s), 1 modifié(s), 0 inchangé(s)" in html
    assert "Appliquer ces changements" not in html
    assert Childminder.objects.count() == 5
    existing.refresh_from_db()
    assert existing.places == 1
    list_import.refresh_from_db()
    assert list_import.status == ImportStatus.APPLIED
    assert list_import.applied_by == agent
    assert list_import.rows == {}  # the personal data now live in the records only

    # Applying a second time (double click, back button) does nothing more.
    response = agent_client.post(apply_url, follow=True)
    assert "déjà été appliqué" in response.content.decode()
    assert Childminder.objects.count() == 5


def test_upload_with_errors_cannot_be_applied(agent_client, territory, communes):
    rows = am_rows(communes, 3)
    rows[1]["Nombre de places"] = "cinq"
    upload(agent_client, to_csv(rows))
    list_import = OfferListImport.objects.get()
    assert list_import.status == ImportStatus.REJECTED
    html = agent_client.get(reverse("offer_lists:preview", args=[list_import.pk])).content.decode()
    assert "Corrigez ces lignes puis déposez le fichier à nouveau." in html
    assert (
        "ligne 3, colonne « Nombre de places » : « cinq » n&#x27;est pas un nombre entier de 1 à 6"
        in html
    )
    assert "Appliquer ces changements" not in html
    response = agent_client.post(reverse("offer_lists:apply", args=[list_import.pk]), follow=True)
    assert "lignes en erreur" in response.content.decode()
    assert Childminder.objects.count() == 0


def test_stale_preview_is_refused_then_refreshed(agent_client, territory, communes):
    ChildminderFactory(agrement_number="085-2000-00000", commune=communes[0], places=2)
    upload(agent_client, to_csv(am_rows(communes, 2)))
    list_import = OfferListImport.objects.get()
    # Someone changes the AM between the preview and the application.
    Childminder.objects.filter(agrement_number="085-2000-00000").update(places=5)
    response = agent_client.post(reverse("offer_lists:apply", args=[list_import.pk]), follow=True)
    html = response.content.decode()
    assert "Les données ont changé depuis l" in html
    assert "Refaire l'aperçu avec les données actuelles" in html
    assert Childminder.objects.count() == 1
    assert Childminder.objects.get().places == 5
    list_import.refresh_from_db()
    assert list_import.status == ImportStatus.OUTDATED

    response = agent_client.post(reverse("offer_lists:refresh", args=[list_import.pk]))
    fresh = OfferListImport.objects.exclude(pk=list_import.pk).get()
    assert response["Location"] == reverse("offer_lists:preview", args=[fresh.pk])
    html = agent_client.get(response["Location"]).content.decode()
    assert "« 5 » → « 1 »" in html
    agent_client.post(reverse("offer_lists:apply", args=[fresh.pk]))
    assert Childminder.objects.count() == 2
    # The outdated preview's rows are gone and it cannot be refreshed twice.
    response = agent_client.post(reverse("offer_lists:refresh", args=[list_import.pk]), follow=True)
    assert "déposez le fichier à nouveau" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("am.csv", b"", "Le fichier est vide."),
        ("am.pdf", b"%PDF-1.4 bla", "est un document PDF, pas une liste"),
        ("am.odt", b"Nom;Prenom\n", "n&#x27;est ni un fichier CSV ni un classeur Excel"),
        ("am.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "Excel 97-2003"),
        ("am.xlsx", b"PK\x03\x04 broken", "Le classeur Excel est illisible"),
        ("am.csv", b"\x00\x01\x02\x03binary", "L&#x27;encodage du fichier n&#x27;est pas reconnu"),
        ("am.csv", "Nom;Prénom\nMartin;Sophie\n".encode(), "Il manque les colonnes obligatoires"),
        (
            "am.csv",
            # Unknown columns are named along with a missing one: one may be misspelt.
            "Numéro d'agrément;Nom;Prénom;Code INSEE commune;Couleur;Note\n"
            "1;A;B;85000;bleu;\n".encode(),
            "Les colonnes « Couleur », « Note » ne sont pas reconnues.",
        ),
        ("am.csv", "Numéro d'agrément;Nom\n".encode(), "aucune donnée"),
    ],
)
def test_unusable_files_get_a_clear_message(agent_client, territory, name, data, message):
    response = upload(agent_client, data, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert OfferListImport.objects.count() == 0


def test_too_large_file(agent_client, territory, settings):
    from sppe.offers.lists import forms

    data = b"x" * (forms.MAX_FILE_BYTES + 1)
    response = upload(agent_client, data)
    assert "Le fichier dépasse 10 Mo" in response.content.decode()


def test_establishments_upload_and_exports(agent_client, territory, communes):
    rows = establishment_rows(communes, 4)
    response = upload(
        agent_client, to_xlsx(rows), name="etablissements.xlsx", kind=ListKind.ESTABLISHMENTS
    )
    list_import = OfferListImport.objects.get()
    assert list_import.summary["counts"]["created"] == 4, list_import.summary["errors"]
    agent_client.post(reverse("offer_lists:apply", args=[list_import.pk]))
    response = agent_client.get(reverse("offer_lists:export", args=["etablissements", "csv"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "etablissements-" in response["Content-Disposition"]
    content = response.content.decode("utf-8-sig")
    assert content.splitlines()[0].startswith("Identifiant (FINESS/Caf);Nom;Type;")
    assert "Multi-accueil n° 3" in content
    response = agent_client.get(reverse("offer_lists:export", args=["etablissements", "xlsx"]))
    assert response.content.startswith(b"PK")
    response = agent_client.get(reverse("offer_lists:template", args=["am", "xlsx"]))
    assert 'filename="assistants-maternels-modele.xlsx"' in response["Content-Disposition"]


def test_unknown_list_in_address_is_404(agent_client, territory):
    assert agent_client.get("/offre/listes/creches/export.csv").status_code == 404
    assert agent_client.get("/offre/listes/am/export.pdf").status_code == 404
    assert agent_client.get(reverse("offer_lists:preview", args=[999])).status_code == 404


def test_without_territory_the_page_is_404(client, make_user):
    from sppe.territories.models import Territory

    user = make_user(Role.AGENT)
    Territory.objects.all().delete()
    client.force_login(user)
    assert client.get(INDEX).status_code == 404
