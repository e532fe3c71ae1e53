import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from sppe.accounts.enums import Role


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#2f6b2f").save(buffer, "PNG")
    return buffer.getvalue()


def post(client, territory, **data):
    payload = {"name": territory.name, "primary_colour": "#2f6b2f", "logo_alt": ""} | data
    return client.post(reverse("territories:appearance"), payload, follow=True)


def theme(client) -> str:
    return client.get(reverse("core:theme_css")).content.decode()


def test_admin_changes_name_and_colour(client, make_user, territory):
    client.force_login(make_user(Role.TERRITORY_ADMIN))
    response = post(client, territory, name="Ville de Test", primary_colour="#7A1F5C")
    html = response.content.decode()
    assert "Les réglages du territoire sont enregistrés" in html
    territory.refresh_from_db()
    assert (territory.name, territory.primary_colour) == ("Ville de Test", "#7a1f5c")
    # The colour comes from the theme stylesheet (no inline style: CSP).
    assert "?c=%237a1f5c" in html
    assert "--primary: #7a1f5c" in theme(client)


def test_low_contrast_colour_is_saved_with_a_warning_and_not_applied(client, make_user, territory):
    client.force_login(make_user(Role.TERRITORY_ADMIN))
    html = post(client, territory, primary_colour="#ffdd00").content.decode()
    assert "contraste de 1,2:1 sur l&#x27;un des fonds" in html  # its worst: the warnings
    assert "?c=%231d5a8c" in html
    assert "--primary: #1d5a8c" in theme(client)
    territory.refresh_from_db()
    assert territory.primary_colour == "#ffdd00"


def test_malformed_colour_is_refused(client, make_user, territory):
    client.force_login(make_user(Role.TERRITORY_ADMIN))
    response = post(client, territory, primary_colour="red")
    assert "format #RRVVBB" in response.content.decode()
    territory.refresh_from_db()
    assert territory.primary_colour == "#1d5a8c"


def test_logo_needs_alt_text_and_must_be_an_image(client, make_user, territory):
    client.force_login(make_user(Role.TERRITORY_ADMIN))
    fake = SimpleUploadedFile("logo.png", b"MZ\x90\x00 not an image", content_type="image/png")
    html = post(client, territory, logo=fake, logo_alt="Logo").content.decode()
    assert "Téléversez une image valide" in html
    territory.refresh_from_db()
    assert not territory.logo

    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    html = post(client, territory, logo=logo).content.decode()
    assert "Décrivez le logo" in html

    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    html = post(client, territory, logo=logo, logo_alt="Logo de la CC de test").content.decode()
    territory.refresh_from_db()
    assert territory.logo
    assert 'alt="Logo de la CC de test"' in html


def test_oversized_logo_is_refused(client, make_user, territory):
    client.force_login(make_user(Role.TERRITORY_ADMIN))
    big = SimpleUploadedFile("logo.png", png_bytes() + b"\0" * (1024 * 1024 + 1))
    html = post(client, territory, logo=big, logo_alt="Logo").content.decode()
    assert "1 Mo" in html


def test_overview_lists_communes_with_insee_codes(client, make_user, territory):
    client.force_login(make_user(Role.ELECTED))
    html = client.get(reverse("territories:overview")).content.decode()
    for commune in territory.communes.all():
        assert commune.insee_code in html
    assert "15\u202f000 habitants" in html


def test_agent_overview_is_limited_to_the_perimeter(client, make_user, territory):
    client.force_login(make_user(Role.AGENT))
    html = client.get(reverse("territories:overview")).content.decode()
    inside, *outside = territory.communes.order_by("insee_code")
    assert inside.insee_code in html
    assert all(c.insee_code not in html for c in outside)


def test_siret_is_saved_without_spaces_and_checked(client, make_user, territory):
    client.force_login(make_user(Role.TERRITORY_ADMIN))
    response = post(client, territory, siret="218 501 096 00018")
    assert "Les réglages du territoire sont enregistrés" in response.content.decode()
    territory.refresh_from_db()
    assert territory.siret == "21850109600018"
    for wrong, message in (
        ("21850109600019", "clé de contrôle"),
        ("2185010960001", "14 chiffres"),
        ("2185010960001A", "14 chiffres"),
    ):
        html = post(client, territory, siret=wrong).content.decode()
        assert message in html, wrong
    territory.refresh_from_db()
    assert territory.siret == "21850109600018"
    post(client, territory, siret="")
    territory.refresh_from_db()
    assert territory.siret == ""
