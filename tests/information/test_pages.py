"""The family information pages: every page answers, says the essential first and shows
the territory's texts and contacts as soon as an agent saves them."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from sppe.information import content
from sppe.information.enums import ContentKey, ContentLanguage

from .factories import ContactFactory, LocalContentFactory

PAGES = (
    [
        reverse("information:index"),
        reverse("information:modes"),
        reverse("information:moments"),
        reverse("information:lexicon"),
        reverse("information:contacts"),
        reverse("information:simulator"),
    ]
    + [reverse("information:moment", args=[m.slug]) for m in content.KEY_MOMENTS]
    + [
        reverse("information:easy_read", args=[page])
        for page in ("modes-d-accueil", "simulateur", "apres-un-refus")
    ]
)


@pytest.mark.parametrize("url", PAGES)
def test_family_pages_answer_without_login(client, territory, url):
    response = client.get(url)
    assert response.status_code == 200
    assert b"<h1" in response.content


@pytest.mark.parametrize("url", PAGES)
def test_family_pages_answer_with_an_empty_instance(client, db, url):
    # No territory configured yet: the national texts still show.
    assert client.get(url).status_code == 200


def test_unknown_moment_and_easy_read_page_are_404(client, territory):
    assert client.get(reverse("information:moment", args=["inconnu"])).status_code == 404
    assert client.get(reverse("information:easy_read", args=["inconnu"])).status_code == 404


def test_modes_page_gives_the_short_answer_then_details(client, territory):
    html = client.get(reverse("information:modes")).content.decode()
    for mode in content.CARE_MODES:
        assert escape(str(mode.title)) in html
        # The short answer comes before the details element of the mode.
        section = html.split(f'id="{mode.slug}"', 1)[1]
        assert section.index(escape(str(mode.short))[:40]) < section.index("<details")
    assert reverse("information:easy_read", args=["modes-d-accueil"]) in html


def test_every_term_of_the_issue_is_in_the_lexicon(client, territory):
    html = client.get(reverse("information:lexicon")).content.decode()
    for term in ("Agrément", "PSU", "CMG", "Mensualisation", "RPE", "PMI", "Caf"):
        assert f"<dt>{term}" in html


def test_after_refusal_page_shows_local_text_and_contacts(client, territory):
    ContactFactory(name="RPE de Vie et Boulogne", opening_hours="Mo 09:00-12:00; We 14:00-17:00")
    LocalContentFactory(key=ContentKey.AFTER_REFUSAL)
    LocalContentFactory(
        key=ContentKey.COMMISSION, title="La commission se réunit en mars", body="En mars."
    )
    html = client.get(reverse("information:moment", args=["apres-un-refus"])).content.decode()
    assert "Après un refus, le RPE vous rappelle" in html
    assert "<li>liste des places libres</li>" in html
    assert "La commission se réunit en mars" in html
    assert "RPE de Vie et Boulogne" in html
    assert "Lundi" in html and "9 h – 12 h" in html and "Mardi" in html and "fermé" in html
    assert reverse("information:easy_read", args=["apres-un-refus"]) in html


def test_local_text_falls_back_to_french_marked_as_such(client, territory):
    LocalContentFactory(key=ContentKey.CONTACTS, title="Permanences", body="Le mardi.")
    html = client.get(reverse("information:contacts"), HTTP_ACCEPT_LANGUAGE="en").content
    html = html.decode()
    assert 'lang="fr"' in html.split("Permanences")[0].rsplit("<section", 1)[1]
    LocalContentFactory(
        key=ContentKey.CONTACTS, language=ContentLanguage.ENGLISH, title="Opening times", body="x"
    )
    html = client.get(reverse("information:contacts"), HTTP_ACCEPT_LANGUAGE="en").content
    assert b"Opening times" in html and b"Permanences" not in html


def test_local_text_is_never_raw_html(client, territory):
    LocalContentFactory(
        key=ContentKey.CONTACTS,
        title="<b>Titre</b>",
        body=(
            "<script>alert(1)</script> **gras** [site](https://exemple.test) "
            "[x](javascript:alert(1))"
        ),
    )
    html = client.get(reverse("information:contacts")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;Titre&lt;/b&gt;" in html
    assert "<strong>gras</strong>" in html
    assert '<a href="https://exemple.test">site</a>' in html
    assert 'href="javascript' not in html


def test_hidden_contacts_are_not_shown(client, territory):
    ContactFactory(name="Caf de la Vendée")
    ContactFactory(name="Ancien relais", is_active=False)
    html = client.get(reverse("information:contacts")).content.decode()
    assert "Caf de la Vendée" in html and "Ancien relais" not in html


def test_contacts_page_without_contact_says_where_to_go(client, territory):
    assert (
        "Adressez-vous à votre mairie"
        in client.get(reverse("information:contacts")).content.decode()
    )


def test_home_and_navigation_link_to_the_family_pages(client, territory):
    html = client.get(reverse("core:home")).content.decode()
    for name in ("information:modes", "information:simulator", "information:guide_pdf"):
        assert reverse(name) in html


def test_pages_are_translated_and_arabic_is_right_to_left(client, territory):
    html = client.get(reverse("information:modes"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert "الحضانة" in html  # "crèche"
    html = client.get(reverse("information:modes"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en" dir="ltr"' in html
    assert "childminder" in html.lower()


def test_language_switcher_works_without_javascript(client, territory):
    url = reverse("information:simulator")
    html = client.get(url).content.decode()
    assert 'action="/i18n/setlang/"' in html
    response = client.post("/i18n/setlang/", {"language": "ar", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert 'dir="rtl"' in client.get(url).content.decode()
