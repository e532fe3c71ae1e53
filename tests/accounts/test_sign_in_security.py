"""Sign-in throttling per account and per address, professionals' session timeouts."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from sppe import settings as production_settings
from sppe.accounts.enums import Role

from ..factories import TEST_PASSWORD, UserFactory

START = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
LOCKED = "Connexion suspendue pour quelques minutes"


@pytest.fixture
def clock(time_machine, settings):
    time_machine.move_to(START, tick=False)
    # The production timeouts (the test settings make them long for other tests).
    settings.PROFESSIONAL_IDLE_TIMEOUT = production_settings.PROFESSIONAL_IDLE_TIMEOUT
    settings.PROFESSIONAL_ABSOLUTE_TIMEOUT = production_settings.PROFESSIONAL_ABSOLUTE_TIMEOUT
    return time_machine


def test_the_production_timeouts_are_30_minutes_and_10_hours():
    assert production_settings.PROFESSIONAL_IDLE_TIMEOUT == 30 * 60
    assert production_settings.PROFESSIONAL_ABSOLUTE_TIMEOUT == 10 * 3600


def login(client, email, password=TEST_PASSWORD, ip="192.0.2.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=ip,
    )


def test_after_five_failures_the_account_waits_even_with_the_right_password(
    client, territory, clock
):
    UserFactory(email="agent@exemple.test", role=Role.AGENT)
    for n in range(4):
        # From different addresses: the account is what is counted.
        response = login(client, "agent@exemple.test", "faux", ip=f"198.51.100.{n}")
        assert response.status_code == 200
    assert login(client, "agent@exemple.test", "faux", ip="198.51.100.5").status_code == 429
    response = login(client, "Agent@Exemple.test", ip="203.0.113.9")
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html
    assert "15 minutes" in html
    assert "_auth_user_id" not in client.session
    # After the cool-off time, the right password works again.
    clock.move_to(START + dt.timedelta(minutes=16), tick=False)
    response = login(client, "Agent@Exemple.test", ip="203.0.113.9")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_one_address_trying_many_accounts_is_stopped(client, territory, clock):
    UserFactory(email="elu@exemple.test", role=Role.ELECTED)
    for n in range(5):
        login(client, f"inconnu{n}@exemple.test", "faux", ip="192.0.2.7")
    response = login(client, "elu@exemple.test", ip="192.0.2.7")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    # Another address signs in to that account.
    assert login(client, "elu@exemple.test", ip="192.0.2.8").status_code == 302


def test_an_unknown_account_answers_like_a_known_one(client, territory, clock):
    UserFactory(email="connu@exemple.test")
    for n in range(5):
        login(client, "connu@exemple.test", "faux", ip=f"198.51.100.{n}")
        login(client, "inconnu@exemple.test", "faux", ip=f"198.51.100.{n + 10}")
    known = login(client, "connu@exemple.test", "faux", ip="203.0.113.1")
    unknown = login(client, "inconnu@exemple.test", "faux", ip="203.0.113.2")
    assert known.status_code == unknown.status_code == 429
    assert _without_csrf(known) == _without_csrf(unknown)


def _without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_a_success_forgets_the_earlier_failures(client, territory, clock):
    UserFactory(email="agent@exemple.test", role=Role.AGENT)
    for _ in range(4):
        login(client, "agent@exemple.test", "faux")
    assert login(client, "agent@exemple.test").status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        assert login(client, "agent@exemple.test", "faux").status_code == 200
    assert login(client, "agent@exemple.test").status_code == 302


def test_the_lockout_writes_no_address_in_the_logs(client, territory, clock, caplog):
    caplog.set_level("INFO")
    for _ in range(6):
        login(client, "agent@exemple.test", "faux", ip="192.0.2.44")
    logged = " ".join(f"{r.getMessage()} {vars(r)}" for r in caplog.records)
    assert "192.0.2.44" not in logged
    assert "agent@exemple.test" not in logged
    assert "sign-in refused after too many failures" in logged


# --- sessions --------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.AGENT, Role.TERRITORY_ADMIN, Role.COMMISSION_MEMBER])
def test_a_professional_idle_for_31_minutes_signs_in_again(client, make_user, clock, role):
    client.force_login(make_user(role))
    home = reverse("accounts:home")
    assert client.get(home).status_code == 200
    clock.move_to(START + dt.timedelta(minutes=29), tick=False)
    assert client.get(home).status_code == 200  # activity keeps the session
    clock.move_to(START + dt.timedelta(minutes=29 + 31), tick=False)
    response = client.get(home)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Votre session a pris fin après 30 minutes sans activité" in page


def test_a_professional_session_ends_after_ten_hours_even_when_active(client, make_user, clock):
    client.force_login(make_user(Role.AGENT))
    home = reverse("accounts:home")
    for minutes in range(0, 10 * 60, 20):
        clock.move_to(START + dt.timedelta(minutes=minutes), tick=False)
        assert client.get(home).status_code == 200, minutes
    clock.move_to(START + dt.timedelta(hours=10, minutes=1), tick=False)
    response = client.get(home)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Votre session a pris fin après 10 heures" in page


def test_a_family_keeps_its_session(client, make_user, clock):
    client.force_login(make_user(Role.FAMILY))
    clock.move_to(START + dt.timedelta(days=2), tick=False)
    assert client.get(reverse("accounts:home")).status_code == 200
