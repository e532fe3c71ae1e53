"""Births per month from a commune's registry, for a year INSEE has not published."""

import datetime as dt

import pytest
from django.urls import reverse

from sppe.accounts.enums import Role
from sppe.observatory.models import RegistryBirths

from .factories import small_territory


@pytest.fixture
def small(territory, time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC))
    return small_territory(territory)


def enter(client, commune, year, month, births):
    return client.post(
        reverse("observatory:registry"),
        {"commune": commune.pk, "year": year, "month": month, "births": births},
    )


def csv_rows(client):
    text = client.get(reverse("observatory:export", args=["csv"])).content.decode("utf-8-sig")
    rows = [line.split(";") for line in text.splitlines()]
    return {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


def test_registry_months_give_the_births_of_a_year_insee_lacks(client, make_user, small):
    alpha, _beta, _gamma = small
    client.force_login(make_user(Role.TERRITORY_ADMIN))
    assert enter(client, alpha, 2025, 1, 5).status_code == 302
    assert enter(client, alpha, 2025, 2, 9).status_code == 302
    assert enter(client, alpha, 2025, 2, 7).status_code == 302  # a correction
    assert RegistryBirths.objects.get(month=2).births == 7
    assert csv_rows(client)[alpha.insee_code]["Naissances"] == "12"


def test_a_month_not_begun_is_refused(client, make_user, small):
    alpha, _beta, _gamma = small
    client.force_login(make_user(Role.TERRITORY_ADMIN))
    response = enter(client, alpha, 2026, 7, 3)
    assert response.status_code == 400
    assert "Ce mois n&#x27;est pas encore commencé." in response.content.decode()
    assert not RegistryBirths.objects.exists()


def test_an_agent_enters_births_for_its_own_communes_only(client, make_user, small):
    alpha, beta, _gamma = small
    client.force_login(make_user(Role.AGENT))  # its organisation covers Alpha only
    response = enter(client, beta, 2025, 1, 4)
    assert response.status_code == 400
    assert not RegistryBirths.objects.exists()
    assert enter(client, alpha, 2025, 1, 4).status_code == 302
    assert RegistryBirths.objects.get().commune == alpha


def test_an_elected_official_enters_nothing(client, make_user, small):
    alpha, _beta, _gamma = small
    client.force_login(make_user(Role.ELECTED))
    assert enter(client, alpha, 2025, 1, 4).status_code == 403
    assert not RegistryBirths.objects.exists()
