import datetime as dt
import re

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sppe.accounts.enums import Role
from sppe.offers.models import Availability
from sppe.offers.tokens import SALT, make_token

from ..factories import OrganisationFactory
from .factories import AvailabilityFactory, ChildminderFactory, EstablishmentFactory, SectionFactory

pytestmark = pytest.mark.django_db


def formset_data(rows, *, initial=0, prefix="form"):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "20",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def row(places=1, days=(0, 1, 3, 4), start=None, low=0, high=36, **extra):
    return {
        "places": str(places),
        "available_from": (start or timezone.localdate()).isoformat(),
        "days": [str(d) for d in days],
        "age_min_months": str(low),
        "age_max_months": str(high),
        **extra,
    }


@pytest.fixture
def am(territory):
    return ChildminderFactory(
        commune=territory.communes.first(),
        email="sophie.am@exemple.test",
        agrement_number="PMI-85-0042",
        places=3,
        availability_updated_at=timezone.now() - dt.timedelta(days=60),
    )


def link_from_last_email():
    return re.search(r"http://testserver(\S+)", mail.outbox[-1].body).group(1)


@pytest.mark.parametrize("identifier", ["Sophie.AM@exemple.test", "pmi-85-0042"])
def test_magic_link_by_email_or_agrement(client, am, identifier):
    response = client.post(
        reverse("offers:availability_request"), {"identifier": identifier}, follow=True
    )
    assert "un lien vient d'être envoyé" in response.content.decode().replace("&#x27;", "'")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sophie.am@exemple.test"]
    assert client.get(link_from_last_email()).status_code == 200


def test_unknown_identifier_sends_nothing_but_says_the_same(client, am):
    response = client.post(
        reverse("offers:availability_request"), {"identifier": "inconnue@exemple.test"}, follow=True
    )
    assert "un lien vient d'être envoyé" in response.content.decode().replace("&#x27;", "'")
    assert mail.outbox == []


def test_update_from_the_link_shows_at_once_in_search(client, am, territory):
    url = reverse("offers:availability_link", args=[make_token(am)])
    page = client.get(url).content.decode()
    assert "Places libres" in page and "Rien n" in page
    response = client.post(url, formset_data([row(places=2, days=(0, 1, 3, 4))]))
    assert response.status_code == 302
    availability = Availability.objects.get(childminder=am)
    assert (availability.places, availability.days) == (2, 0b11011)
    am.refresh_from_db()
    assert am.availability_updated_at.date() == timezone.localdate()
    commune = territory.communes.first()
    results = client.get(
        reverse("offers:search"),
        {"commune": commune.insee_code, "disponible": "on", "jours": ["0", "1", "3", "4"]},
    ).content.decode()
    assert am.public_name in results
    assert f"mise à jour le {timezone.localdate():%-d}" in results
    assert "Information ancienne" not in results


def test_too_many_places_is_refused_and_nothing_changes(client, am):
    AvailabilityFactory(childminder=am, places=1)
    url = reverse("offers:availability_link", args=[make_token(am)])
    before = am.availability_updated_at
    response = client.post(url, formset_data([row(places=2), row(places=2)]))
    assert "plus de places libres (4) que votre agrément (3)" in response.content.decode()
    am.refresh_from_db()
    assert am.availability_updated_at == before
    assert list(am.availabilities.values_list("places", flat=True)) == [1]


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (row(low=24, high=12), "L&#x27;âge maximum doit être supérieur"),
        (row(days=()), "Ce champ est obligatoire"),
        (row(places=0), "supérieure ou égale à 1"),
        (row(start=timezone.localdate() + dt.timedelta(days=1000)), "deux ans"),
        ({**row(), "available_from": "31/02/2026"}, "Saisissez une date valide"),
    ],
)
def test_row_errors_are_explained(client, am, bad_row, message):
    url = reverse("offers:availability_link", args=[make_token(am)])
    response = client.post(url, formset_data([bad_row]))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not am.availabilities.exists()


def test_confirm_keeps_rows_and_refreshes_the_date(client, am):
    AvailabilityFactory(childminder=am, places=2)
    url = reverse("offers:availability_link", args=[make_token(am)])
    client.post(url, {"confirm": "1"})
    am.refresh_from_db()
    assert am.availability_updated_at.date() == timezone.localdate()
    assert list(am.availabilities.values_list("places", flat=True)) == [2]


def test_deleting_every_row_means_no_place(client, am):
    existing = AvailabilityFactory(childminder=am, places=2)
    url = reverse("offers:availability_link", args=[make_token(am)])
    data = formset_data(
        [
            {**row(places=existing.places), "DELETE": "on"},
            {"places": "", "available_from": "", "age_min_months": "", "age_max_months": ""},
        ],
        initial=1,
    )
    assert client.post(url, data).status_code == 302
    assert not am.availabilities.exists()


def test_bad_expired_or_outdated_links(client, am):
    assert client.get(reverse("offers:availability_link", args=["abc:def"])).status_code == 403
    token = make_token(am)
    am.email = "nouvelle@exemple.test"
    am.save()
    assert client.get(reverse("offers:availability_link", args=[token])).status_code == 403
    old = signing.dumps({"am": am.pk, "e": "x"}, salt=SALT)
    assert client.get(reverse("offers:availability_link", args=[old])).status_code == 403


def test_logged_in_childminder_edits_her_own(client, am, make_user):
    user = make_user(Role.CHILDMINDER)
    am.user = user
    am.save()
    client.force_login(user)
    assert client.get(reverse("offers:my_availability")).status_code == 200
    client.post(reverse("offers:my_availability"), formset_data([row(places=1)]))
    assert am.availabilities.count() == 1
    client.force_login(make_user(Role.CHILDMINDER))
    assert client.get(reverse("offers:my_availability")).status_code == 404
    client.force_login(make_user(Role.FAMILY))
    assert client.get(reverse("offers:my_availability")).status_code == 404


def test_crèche_manager_updates_only_her_establishments(client, territory, make_user):
    organisation = OrganisationFactory(communes=list(territory.communes.all()))
    manager = make_user(Role.CRECHE_MANAGER, organisation=organisation)
    mine = EstablishmentFactory(commune=territory.communes.first(), organisation=organisation)
    babies = SectionFactory(establishment=mine, name="Bébés", capacity=10)
    other = EstablishmentFactory(commune=territory.communes.first())
    client.force_login(manager)
    listing = client.get(reverse("offers:establishment_list")).content.decode()
    assert mine.name in listing and other.name not in listing
    url = reverse("offers:establishment_availability", args=[mine.pk])
    too_many = formset_data([row(places=11, section=str(babies.pk))])
    assert "plus de places libres (11)" in client.post(url, too_many).content.decode()
    ok = formset_data([row(places=3, section=str(babies.pk))])
    assert client.post(url, ok).status_code == 302
    assert Availability.objects.get(section=babies).places == 3
    mine.refresh_from_db()
    assert mine.availability_updated_at.date() == timezone.localdate()
    foreign = reverse("offers:establishment_availability", args=[other.pk])
    assert client.get(foreign).status_code == 404


def test_agents_see_who_has_not_updated_and_remind_once(client, am, territory, make_user):
    fresh = ChildminderFactory(commune=territory.communes.first(), first_name="Fraiche")
    never = ChildminderFactory(
        commune=territory.communes.first(), availability_updated_at=None, email=""
    )
    agent = make_user(Role.AGENT, organisation=OrganisationFactory(communes=[am.commune]))
    client.force_login(agent)
    page = client.get(reverse("offers:freshness")).content.decode()
    assert am.last_name in page and never.last_name in page
    assert fresh.last_name not in page
    client.post(reverse("offers:freshness"), {"childminder": am.pk})
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [am.email]
    client.post(reverse("offers:freshness"), {"childminder": am.pk})
    client.post(reverse("offers:freshness"), {"all": "1"})
    assert len(mail.outbox) == 1  # reminded less than 7 days ago; the other has no e-mail


def test_nightly_reminder_command(am, territory, settings, capsys):
    settings.BASE_URL = "https://petite-enfance.exemple.fr"
    call_command("send_availability_reminders")
    assert "1 rappel(s)" in capsys.readouterr().out
    assert "https://petite-enfance.exemple.fr/offre/mes-disponibilites/lien/" in mail.outbox[0].body
    call_command("send_availability_reminders")
    assert len(mail.outbox) == 1


def test_freshness_filters_by_commune_and_reminds_only_the_perimeter(
    client, am, territory, make_user
):
    first, second, *_ = territory.communes.order_by("name")
    am.commune = first
    am.phone = "02 51 00 00 01"
    am.save()
    elsewhere = ChildminderFactory(
        commune=second,
        email="ailleurs.am@exemple.test",
        availability_updated_at=timezone.now() - dt.timedelta(days=60),
    )
    # An agent whose organisation covers the first commune only.
    agent = make_user(Role.AGENT, organisation=OrganisationFactory(communes=[first]))
    client.force_login(agent)
    url = reverse("offers:freshness")
    page = client.get(url).content.decode()
    assert am.last_name in page and elsewhere.last_name not in page
    assert '<a href="tel:0251000001">02 51 00 00 01</a>' in page
    for bad in ("abc", "", str(elsewhere.pk), "-1"):
        response = client.post(url, {"childminder": bad})
        assert response.status_code == 302
    assert mail.outbox == []
    client.post(url, {"all": "1"})
    assert [m.to for m in mail.outbox] == [[am.email]]  # never outside the perimeter

    # The territory administrator narrows the list to one commune, and reminds only there.
    mail.outbox.clear()
    am.availability_reminded_at = None
    am.save()
    client.force_login(make_user(Role.TERRITORY_ADMIN))
    page = client.get(url, {"commune": second.insee_code}).content.decode()
    assert elsewhere.last_name in page and am.last_name not in page
    assert f'<option value="{second.insee_code}" selected>' in page
    response = client.post(f"{url}?commune={second.insee_code}", {"all": "1"})
    assert response.url == f"{url}?commune={second.insee_code}"
    assert [m.to for m in mail.outbox] == [[elsewhere.email]]
    assert "1 rappel envoyé." in client.get(response.url).content.decode()


def test_an_availability_dated_years_ago_is_refused(client, am, time_machine):
    # Issue 15: "à partir du 1er janvier 2020" passed and showed a stale offer as current.
    time_machine.move_to(dt.datetime(2026, 12, 6, 10, tzinfo=dt.UTC))
    url = reverse("offers:availability_link", args=[make_token(am)])
    before = am.availability_updated_at
    response = client.post(url, formset_data([row(start=dt.date(2020, 1, 1))]))
    assert response.status_code == 200
    assert "Cette date est passée depuis plus d&#x27;un mois" in response.content.decode()
    am.refresh_from_db()
    assert am.availability_updated_at == before
    assert not am.availabilities.exists()
    # A place free since last week is plausible and kept.
    client.post(url, formset_data([row(start=dt.date(2026, 11, 30))]))
    assert am.availabilities.get().available_from == dt.date(2026, 11, 30)


def test_the_service_refuses_an_old_date_too(am, time_machine):
    from sppe.offers import services

    time_machine.move_to(dt.datetime(2026, 12, 6, 10, tzinfo=dt.UTC))
    old = services.AvailabilityRow(
        places=1, available_from=dt.date(2020, 1, 1), days=0b11, age_min_months=0, age_max_months=36
    )
    with pytest.raises(services.AvailabilityError, match="passée depuis plus d'un mois"):
        services.childminder_availability_replace(childminder=am, rows=[old])
    assert not am.availabilities.exists()


def test_confirming_rows_free_since_long_ago_makes_them_free_from_today(client, am, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 6, 10, tzinfo=dt.UTC))
    AvailabilityFactory(childminder=am, places=2, available_from=dt.date(2026, 3, 1))
    url = reverse("offers:availability_link", args=[make_token(am)])
    client.post(url, {"confirm": "1"})
    assert am.availabilities.get().available_from == dt.date(2026, 12, 6)
