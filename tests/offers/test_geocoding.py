"""Geocoders, the BAN one against a local HTTP server replaying a recorded response."""

import contextlib
import http.server
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from sppe.offers.geocoding import BanGeocoder, CommuneGeocoder, GeocodingError, get_geocoder

from ..factories import CommuneFactory

RECORDED = Path(__file__).parent / "recorded" / "ban_search_12_rue_de_la_gare_aizenay.json"


class ReplayHandler(http.server.BaseHTTPRequestHandler):
    mode = "ok"
    seen_queries: list = []

    def do_GET(self):  # noqa: N802 - http.server's naming
        type(self).seen_queries.append(parse_qs(urlparse(self.path).query))
        if self.mode == "slow":
            time.sleep(1.5)
        if self.mode == "error":
            self.send_response(500)
            self.end_headers()
            return
        body = RECORDED.read_bytes() if self.mode != "garbage" else b"<html>oops"
        # In the timeout test the client gives up before the answer is written.
        with contextlib.suppress(BrokenPipeError):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def ban_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ReplayHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    ReplayHandler.seen_queries = []
    yield server, f"http://127.0.0.1:{server.server_address[1]}/search/"
    server.shutdown()
    server.server_close()
    ReplayHandler.mode = "ok"


def test_ban_parses_the_recorded_answer(ban_server):
    _server, url = ban_server
    results = BanGeocoder(url).geocode("12 rue de la gare aizenay")
    assert [r.label for r in results] == [
        "12 Rue de la Gare 85190 Aizenay",
        "Rue de la Gare 85190 Aizenay",
    ]  # the malformed feature is skipped
    first = results[0]
    assert (first.latitude, first.longitude, first.commune_insee) == (46.738562, -1.608421, "85003")
    assert first.precise
    assert ReplayHandler.seen_queries[0] == {"q": ["12 rue de la gare aizenay"], "limit": ["5"]}


@pytest.mark.parametrize("mode", ["error", "garbage", "slow"])
def test_ban_failures_raise_geocoding_error(ban_server, mode):
    _server, url = ban_server
    ReplayHandler.mode = mode
    with pytest.raises(GeocodingError):
        BanGeocoder(url, timeout=0.5).geocode("12 rue de la gare")


def test_ban_refuses_non_http_urls_and_short_queries():
    assert BanGeocoder("file:///etc/passwd").geocode("ab") == []
    with pytest.raises(GeocodingError):
        BanGeocoder("file:///etc/passwd").geocode("12 rue de la gare")


def test_geocoder_is_chosen_by_setting(settings):
    settings.GEOCODER = "ban"
    assert isinstance(get_geocoder(), BanGeocoder)
    settings.GEOCODER = "commune"
    assert isinstance(get_geocoder(), CommuneGeocoder)


@pytest.mark.django_db
def test_commune_geocoder_by_name_accents_and_postcode():
    CommuneFactory(name="Le Poiré-sur-Vie", insee_code="85178", postal_codes=["85170"])
    CommuneFactory(name="Saint-Étienne-du-Bois", insee_code="85210", postal_codes=["85670"])
    geocoder = CommuneGeocoder()
    assert geocoder.geocode("le poire sur vie")[0].commune_insee == "85178"
    assert geocoder.geocode("St Etienne du Bois")[0].commune_insee == "85210"
    assert geocoder.geocode("85670")[0].commune_insee == "85210"
    assert geocoder.geocode("85999") == []
    assert geocoder.geocode("   ") == []
