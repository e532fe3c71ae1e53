import datetime as dt
import html

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sppe.accounts.enums import Role
from sppe.offers.models import SharedCareAd

pytestmark = pytest.mark.django_db


def ad_data(territory, **overrides):
    return {
        "commune": territory.communes.first().insee_code,
        "child_age_months": "8",
        "days": ["0", "1", "3"],
        "start_date": (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
        "message": "Nous cherchons une nounou partagée près de l'école.",
    } | overrides


def text(response):
    return html.unescape(response.content.decode())


def test_family_publishes_and_another_answers(client, territory, make_user):
    author = make_user(Role.FAMILY, email="auteur@exemple.test")
    client.force_login(author)
    response = client.post(reverse("offers:shared_care_create"), ad_data(territory), follow=True)
    assert "Votre annonce est en ligne" in text(response)
    ad = SharedCareAd.objects.get()
    assert ad.days == 0b1011

    reader = make_user(Role.FAMILY, email="lectrice@exemple.test")
    client.force_login(reader)
    page = text(client.get(reverse("offers:shared_care")))
    assert "Enfant de 8 mois, lundi, mardi et jeudi" in page
    assert "auteur@exemple.test" not in page
    url = reverse("offers:shared_care_contact", args=[ad.pk])
    response = client.post(url, {"message": "Bonjour, nous habitons tout près."}, follow=True)
    assert "Votre message est envoyé" in text(response)
    assert mail.outbox[0].to == ["auteur@exemple.test"]
    assert "lectrice@exemple.test" in mail.outbox[0].body
    again = client.post(url, {"message": "Re-bonjour"}, follow=True)
    assert "déjà écrit à cette famille" in text(again)
    assert len(mail.outbox) == 1


def test_invalid_ads_are_refused(client, territory, make_user):
    client.force_login(make_user(Role.FAMILY))
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("offers:shared_care_create"), ad_data(territory, start_date=past)
    )
    assert "Choisissez une date à venir" in text(response)
    response = client.post(
        reverse("offers:shared_care_create"), ad_data(territory, commune="99999", days=[])
    )
    assert "Sélectionnez un choix valide" in text(response)
    assert not SharedCareAd.objects.exists()


def test_at_most_three_active_ads(client, territory, make_user):
    client.force_login(make_user(Role.FAMILY))
    for _ in range(3):
        client.post(reverse("offers:shared_care_create"), ad_data(territory))
    response = client.post(reverse("offers:shared_care_create"), ad_data(territory))
    assert "déjà 3 annonces" in text(response)
    assert SharedCareAd.objects.count() == 3


def test_only_the_author_withdraws_and_cannot_answer_herself(client, territory, make_user):
    author = make_user(Role.FAMILY)
    client.force_login(author)
    client.post(reverse("offers:shared_care_create"), ad_data(territory))
    ad = SharedCareAd.objects.get()
    own = client.post(
        reverse("offers:shared_care_contact", args=[ad.pk]), {"message": "moi"}, follow=True
    )
    assert "C'est votre propre annonce" in text(own)
    client.force_login(make_user(Role.FAMILY))
    response = client.post(reverse("offers:shared_care_withdraw", args=[ad.pk]), follow=True)
    assert "n'existe pas ou n'est plus en ligne" in text(response)
    ad.refresh_from_db()
    assert ad.is_active
    client.force_login(author)
    client.post(reverse("offers:shared_care_withdraw", args=[ad.pk]))
    ad.refresh_from_db()
    assert not ad.is_active


@pytest.mark.parametrize("role", [Role.AGENT, Role.CHILDMINDER, Role.ELECTED])
def test_other_roles_cannot_see_ads(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(reverse("offers:shared_care")).status_code == 403
