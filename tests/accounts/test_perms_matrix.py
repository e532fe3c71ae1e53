"""Every role against every protected page: the one table of who may open what."""

import pytest
from django.urls import reverse

from sppe.accounts.enums import Role

ALL_ROLES = list(Role)

# page -> roles that may open it (None: every logged-in user), written by hand: the
# production table in perms.py is what is tested, so it is never read here.
PROTECTED_PAGES = {
    "accounts:home": None,
    "territories:overview": {
        Role.AGENT,
        Role.CRECHE_MANAGER,
        Role.COMMISSION_MEMBER,
        Role.ELECTED,
        Role.TERRITORY_ADMIN,
    },
    "territories:appearance": {Role.TERRITORY_ADMIN},
    "admin:index": {Role.TERRITORY_ADMIN},
    "offers:establishment_list": {Role.CRECHE_MANAGER, Role.AGENT, Role.TERRITORY_ADMIN},
    "offers:freshness": {Role.AGENT, Role.TERRITORY_ADMIN},
    "offers:shared_care": {Role.FAMILY},
    "offer_lists:index": {Role.AGENT, Role.TERRITORY_ADMIN},
    "information:manage": {Role.AGENT, Role.TERRITORY_ADMIN},
    "campaigns:list": {Role.AGENT, Role.TERRITORY_ADMIN},
    "campaigns:births": {Role.AGENT, Role.TERRITORY_ADMIN},
    "campaigns:stats": {
        Role.AGENT,
        Role.CRECHE_MANAGER,
        Role.COMMISSION_MEMBER,
        Role.ELECTED,
        Role.TERRITORY_ADMIN,
    },
    "offers:shared_care_create": {Role.FAMILY},
    "dossiers:family_home": {Role.FAMILY},
    "dossiers:application_create": {Role.FAMILY},
    "accounts:password_set": {Role.FAMILY},
    "dossiers:agent_queue": {Role.AGENT, Role.TERRITORY_ADMIN},
    "dossiers:agent_create": {Role.AGENT, Role.TERRITORY_ADMIN},
}


@pytest.mark.parametrize("page", PROTECTED_PAGES)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_role_against_page(client, make_user, page, role):
    user = make_user(role)
    client.force_login(user)
    response = client.get(reverse(page))
    allowed = PROTECTED_PAGES[page] is None or role in PROTECTED_PAGES[page]
    if page == "admin:index" and not allowed:
        # Django's admin sends refused users to its own login page.
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]
    else:
        assert response.status_code == (200 if allowed else 403), (role, page)


@pytest.mark.parametrize("page", PROTECTED_PAGES)
def test_anonymous_is_sent_to_login(client, territory, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    login = reverse("admin:login") if page == "admin:index" else reverse("accounts:login")
    assert response["Location"].startswith(login)


@pytest.mark.parametrize("page", ["territories:overview", "territories:appearance"])
def test_staff_flag_alone_gives_nothing(client, make_user, page):
    user = make_user(Role.FAMILY, is_staff=True)
    client.force_login(user)
    assert client.get(reverse(page)).status_code == 403
    assert client.get(reverse("admin:index")).status_code == 302


def test_inactive_admin_is_refused(client, make_user):
    user = make_user(Role.TERRITORY_ADMIN, is_active=False)
    client.force_login(user)
    response = client.get(reverse("territories:appearance"))
    assert response.status_code == 302


def test_navigation_shows_only_allowed_entries(client, make_user):
    client.force_login(make_user(Role.FAMILY))
    html = client.get(reverse("accounts:home")).content.decode()
    assert reverse("territories:overview") not in html
    assert reverse("admin:index") not in html
    client.force_login(make_user(Role.TERRITORY_ADMIN))
    html = client.get(reverse("accounts:home")).content.decode()
    assert reverse("territories:appearance") in html
    assert reverse("admin:index") in html
