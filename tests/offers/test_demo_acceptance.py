"""Issue acceptance on the real demo: a parent searches around Aizenay."""

import io
import json
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from sppe.territories.french_data import import_french_territory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def demo():
    import_french_territory(decoupage_dir=settings.DECOUPAGE_ADMINISTRATIF_DIR)
    call_command("load_demo", stdout=io.StringIO())


def test_ten_month_old_four_days_around_aizenay(client, demo):
    params = {
        "commune": "85003",
        "rayon": "10",
        "age_mois": "10",
        "jours": ["0", "1", "3", "4"],
        "disponible": "on",
    }
    response = client.get(reverse("offers:search"), params)
    html = response.content.decode()
    hits = re.findall(r'href="(/offre/(?:assistant-maternel|etablissement|mam)/\d+/)"', html)
    assert any("/assistant-maternel/" in h for h in hits)
    assert any("/etablissement/" in h for h in hits)
    points = json.loads(re.search(r'id="map-points"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert sorted(p["url"] for p in points) == sorted(set(hits))
    assert all(p["free"] > 0 for p in points)
    for url in set(hits):
        assert client.get(url).status_code == 200, url
