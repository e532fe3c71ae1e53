from html import unescape
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.urls import reverse

from ..factories import OrganisationFactory


def test_home_shows_territory_and_communes(client, territory):
    OrganisationFactory(name="Relais du test", phone="02 51 00 00 00", communes=[])
    html = client.get(reverse("core:home")).content.decode()
    assert "<h1>CC de test</h1>" in html
    for commune in territory.communes.all():
        assert commune.name in html
    assert "Relais du test" in html
    assert 'href="tel:0251000000"' in html


def test_home_before_setup_explains_what_to_do(client, db):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert "pas encore configuré" in response.content.decode()


def test_territory_name_is_escaped(client, territory):
    territory.name = "<script>alert(1)</script>"
    territory.save()
    html = client.get(reverse("core:home")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("name", ["core:legal_notice", "core:personal_data", "core:accessibility"])
def test_legal_pages(client, territory, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "CC de test" in response.content.decode()


def test_footer_links_to_legal_pages(client, territory):
    html = client.get(reverse("core:home")).content.decode()
    for name in ("core:legal_notice", "core:personal_data", "core:accessibility"):
        assert reverse(name) in html


def test_skip_links_target_existing_ids(client, territory):
    html = client.get(reverse("core:home")).content.decode()
    for target in ("contenu", "navigation", "pied-de-page"):
        assert f'href="#{target}"' in html
        assert f'id="{target}"' in html


def test_unreadable_colour_is_not_applied(client, territory):
    territory.primary_colour = "#ffee00"
    territory.save()
    html = client.get(reverse("core:home")).content.decode()
    theme = client.get(reverse("core:theme_css")).content.decode()
    assert "--primary: #1d5a8c" in theme
    assert "#ffee00" not in html + theme


def test_readable_colour_is_applied(client, territory):
    territory.primary_colour = "#2f6b2f"
    territory.save()
    # From the theme stylesheet the page links (no inline style: CSP).
    assert "?c=%232f6b2f" in client.get(reverse("core:home")).content.decode()
    assert "--primary: #2f6b2f" in client.get(reverse("core:theme_css")).content.decode()


def test_healthz_ok(client, db):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_unreachable_database(client, db):
    with mock.patch("sppe.core.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get(reverse("core:healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_404_page_is_ours(client, territory):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_post_on_home_is_refused(client, territory):
    assert client.post(reverse("core:home")).status_code == 405


def _navigations(html: str) -> tuple[str, str]:
    """(main navigation, professional navigation or "") of a page."""
    html = unescape(html)
    main = html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    pro = html.split('class="pro-nav"', 1)[1].split("</nav>", 1)[0] if "pro-nav" in html else ""
    return main, pro


def test_professionals_get_their_tools_in_a_navigation_of_their_own(client, territory, make_user):
    from sppe.accounts.enums import Role

    main, pro = _navigations(client.get(reverse("core:home")).content.decode())
    assert "Trouver un mode d'accueil" in main and pro == ""
    client.force_login(make_user(Role.FAMILY))
    main, pro = _navigations(client.get(reverse("core:home")).content.decode())
    assert "Mes demandes de crèche" in main and "Garde partagée" in main and pro == ""
    client.force_login(make_user(Role.AGENT))
    main, pro = _navigations(client.get(reverse("core:home")).content.decode())
    assert "Guichet unique" not in main and "Trouver un mode d'accueil" in main
    assert 'aria-labelledby="pro-nav-title"' in pro and "Espace professionnel" in pro
    assert "Guichet unique" in pro and "Disponibilités à relancer" in pro
    client.force_login(make_user(Role.CHILDMINDER))
    _main, pro = _navigations(client.get(reverse("core:home")).content.decode())
    assert "Mes places libres" in pro and "Guichet unique" not in pro


def test_the_navigation_marks_the_page_and_its_section(client, territory, make_user):
    from sppe.accounts.enums import Role

    html = client.get(reverse("offers:search")).content.decode()
    assert f'<a href="{reverse("offers:search")}" aria-current="page">' in html
    client.force_login(make_user(Role.AGENT))
    html = client.get(reverse("campaigns:stats")).content.decode()
    assert f'<a href="{reverse("campaigns:stats")}" aria-current="page">' in html
    assert f'<a href="{reverse("campaigns:list")}">' in html  # not also its parent
    html = client.get(reverse("offer_lists:index") + "inexistant/").content.decode()
    assert f'<a href="{reverse("offer_lists:index")}" aria-current="true">' in html
    assert html.count("aria-current") == 1
