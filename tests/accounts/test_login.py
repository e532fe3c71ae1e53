import pytest
from django.urls import reverse

from sppe.accounts.enums import Role
from sppe.accounts.models import User
from sppe.accounts.perms import communes_in_perimeter

from ..factories import TEST_PASSWORD, UserFactory


def login(client, email, password=TEST_PASSWORD):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_login_by_email_any_case(client, territory):
    UserFactory(email="parent@exemple.test")
    response = login(client, "  Parent@Exemple.TEST ")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")


def test_wrong_password_gives_a_clear_message(client, territory):
    UserFactory(email="parent@exemple.test")
    response = login(client, "parent@exemple.test", "faux")
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_inactive_user_cannot_log_in(client, territory):
    UserFactory(email="parti@exemple.test", is_active=False)
    response = login(client, "parti@exemple.test")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_needs_post(client, make_user):
    client.force_login(make_user(Role.FAMILY))
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_email_is_stored_lowercase_and_unique(db):
    User.objects.create_user("Mixed@Exemple.Test", "x-long-password-1")
    assert User.objects.get().email == "mixed@exemple.test"
    with pytest.raises(Exception):  # noqa: B017 - full_clean or the unique index
        User.objects.create_user("mixed@exemple.test", "x-long-password-1")


def test_superuser_is_territory_admin(db):
    user = User.objects.create_superuser("root@exemple.test", "x-long-password-1")
    assert user.role == Role.TERRITORY_ADMIN and user.is_staff


def test_perimeter_by_role(make_user, territory):
    agent = make_user(Role.AGENT)
    assert communes_in_perimeter(agent, territory).count() == 1
    assert communes_in_perimeter(make_user(Role.ELECTED), territory).count() == 3
    assert communes_in_perimeter(make_user(Role.FAMILY), territory).count() == 0
    lone_agent = make_user(Role.AGENT, organisation=None)
    assert communes_in_perimeter(lone_agent, territory).count() == 0


def test_account_page_shows_role_and_perimeter(client, make_user):
    agent = make_user(Role.AGENT)
    client.force_login(agent)
    html = client.get(reverse("accounts:home")).content.decode()
    assert "Agent RPE / guichet unique" in html
    assert "Votre périmètre : 1 commune" in html
