"""The search page's cheap paths give the same HTML as the slow ones they replace."""

import datetime as dt
import re

import pytest
from django import forms
from django.db import connection
from django.forms.renderers import get_default_renderer
from django.http import QueryDict
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from sppe.offers.forms import PythonWidgetRenderer, SearchForm
from sppe.offers.search import SearchHit
from sppe.offers.views import hits_for_page
from sppe.territories.commune_index import commune_index
from sppe.territories.models import Territory

from ..factories import CommuneFactory, TerritoryFactory
from .factories import ChildminderFactory

pytestmark = pytest.mark.django_db

TERRITORY_ROW = re.compile(r'FROM "territories_territory"(?!_)')


@pytest.fixture
def place():
    home = CommuneFactory(name="Aizenay", insee_code="85003", latitude=46.74, longitude=-1.61)
    odd = CommuneFactory(
        name='Saint-<b>"Jean" & Co', insee_code="85200", latitude=46.75, longitude=-1.62
    )
    nowhere = CommuneFactory(name="Sans centre", insee_code="85999", latitude=None)
    TerritoryFactory(communes=[home, odd, nowhere])
    return home


def index():
    return commune_index(Territory.objects.current())


def query(**params):
    data = QueryDict(mutable=True)
    for key, value in params.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


# --- Queries per request ------------------------------------------------------------


def test_empty_search_page_costs_one_query(client, place, django_assert_num_queries):
    client.get(reverse("offers:search"))  # the first request of the process builds the index
    with django_assert_num_queries(1):  # the territory row, shared with the context processor
        assert client.get(reverse("offers:search")).status_code == 200


def test_results_page_reads_the_territory_once(client, place):
    ChildminderFactory(commune=place)
    client.get(reverse("offers:search"))
    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("offers:search"), {"commune": "85003"}).content.decode()
    assert "1 résultat autour d'Aizenay" in html
    reads = [q["sql"] for q in captured.captured_queries if TERRITORY_ROW.search(q["sql"])]
    assert len(reads) == 1


def test_home_page_lists_the_communes_from_the_index(client, place, django_assert_num_queries):
    client.get(reverse("core:home"))
    with django_assert_num_queries(
        3
    ):  # the territory, the contacts, whether a crèche joins the desk
        html = client.get(reverse("core:home")).content.decode()
    assert "Les 3 communes du territoire" in html
    assert '<li>Aizenay <span class="muted">(85003)</span></li>' in html
    assert "Saint-&lt;b&gt;&quot;Jean&quot; &amp; Co" in html
    assert "<b>" not in html


# --- The commune list ---------------------------------------------------------------


def commune_select(data=None):
    form = SearchForm(data, communes=index())
    form.is_valid()
    return str(form["commune"])


def test_commune_select_lists_located_communes_escaped(place):
    html = commune_select()
    assert html == (
        '<select id="id_commune" name="commune">'
        '<option value="" selected>— Choisir une commune —</option>'
        '<option value="85003">Aizenay</option>'
        '<option value="85200">Saint-&lt;b&gt;&quot;Jean&quot; &amp; Co</option>'
        "</select>"
    )


def test_commune_select_marks_the_chosen_commune_only(place):
    html = commune_select(query(commune="85200"))
    assert '<option value="">— Choisir' in html
    assert '<option value="85200" selected>Saint-&lt;b&gt;' in html
    assert html.count(" selected") == 1
    # Outside the territory or without coordinates: refused, nothing marked.
    for refused in ("44109", "85999", '85003"><script>'):
        form = SearchForm(query(commune=refused), communes=index())
        assert not form.is_valid()
        assert "Sélectionnez un choix valide" in str(form.errors["commune"])
        html = str(form["commune"])
        assert " selected" not in html and "<script>" not in html
        assert 'aria-invalid="true"' in html


def test_commune_select_follows_the_language(place):
    with translation.override("en"):
        assert "— Choose a town —" in commune_select()


def test_commune_select_follows_a_new_perimeter(place):
    commune_select()
    Territory.objects.current().communes.add(
        CommuneFactory(name="Apremont", insee_code="85006", latitude=46.7, longitude=-1.7)
    )
    assert '<option value="85006" selected>Apremont</option>' in commune_select(
        query(commune="85006")
    )


# --- Widgets rendered in Python ------------------------------------------------------


def assert_same_widgets(make_form):
    fast, reference = make_form(), make_form(renderer=get_default_renderer())
    assert isinstance(fast.renderer, PythonWidgetRenderer)
    checked = 0
    for name in fast.fields:
        if name == "commune":
            continue  # its own widget, tested above
        assert str(fast[name]) == str(reference[name]), name
        checked += 1
    assert checked


@pytest.mark.parametrize(
    "data",
    [
        None,
        query(commune="85003"),
        query(
            commune="85003",
            adresse='12 rue "de la" <Gare> & co',
            rayon="5",
            naissance="2025-01-31",
            debut="2026-09-01",
            age_mois="8",
            jours=["0", "2", "4"],
            heure_debut="08:00",
            heure_fin="17:30",
            mode=["childminder", "mam"],
            disponible="on",
            atypique="on",
            inclusif="on",
            tri="freshness",
        ),
        query(rayon="9999", age_mois="abc", heure_debut="18:00", heure_fin="08:00", tri="x"),
    ],
)
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_search_widgets_render_as_django_templates(place, data, language):
    communes = index()
    with translation.override(language):
        assert_same_widgets(lambda **kw: SearchForm(data, communes=communes, **kw))


class EveryBranchForm(forms.Form):
    """Widgets and attributes the search form does not use today."""

    text = forms.CharField(
        widget=forms.TextInput(attrs={"class": "wide", "data-x": 0, "hidden": False})
    )
    number = forms.IntegerField(help_text="Aide")
    grouped = forms.ChoiceField(
        choices=[("Groupe <1>", [("a", "A & a"), ("b", "B")]), ("c", "C")],
    )
    boxes = forms.MultipleChoiceField(
        choices=[("G", [("x", "X"), ("y", "Y")]), ("z", "Z")],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "boxes"}),
    )
    unlabelled = forms.MultipleChoiceField(
        choices=[("u", "U")], widget=forms.CheckboxSelectMultiple, required=False
    )
    notes = forms.CharField(widget=forms.Textarea, required=False)  # falls back to templates
    choice = forms.ChoiceField(choices=[("1", "Un")], widget=forms.RadioSelect)
    when = forms.SplitDateTimeField(required=False)  # a multi-widget: templates too

    default_renderer = PythonWidgetRenderer()


@pytest.mark.parametrize(
    "data", [None, query(text="<x>", number="3", grouped="b", boxes=["y", "z"], notes="n")]
)
def test_every_widget_branch_renders_as_django_templates(data):
    assert_same_widgets(lambda **kw: EveryBranchForm(data, **kw))
    form = EveryBranchForm(data)
    form.is_valid()
    assert str(form.errors) == str(EveryBranchForm(data, renderer=get_default_renderer()).errors)


# --- The results list ---------------------------------------------------------------

BLOCKTRANSLATE = engines["django"].from_string(
    """{% load i18n %}{% blocktranslate with km=hit.distance_km %}à {{ km }} km{% endblocktranslate %}|"""  # noqa: E501
    """{% if hit.free_places %}{% blocktranslate count counter=hit.free_places %}{{ counter }} place libre{% plural %}{{ counter }} places libres{% endblocktranslate %}{% endif %}|"""  # noqa: E501
    """{% if hit.next_free_date %}{% blocktranslate with date=hit.next_free_date|date:"j F Y" %}à partir du {{ date }}{% endblocktranslate %}{% endif %}|"""  # noqa: E501
    """{% if hit.updated_at %}{% blocktranslate with date=hit.updated_at|date:"j F Y" %}mise à jour le {{ date }}{% endblocktranslate %}{% endif %}"""  # noqa: E501
)


def hit(**overrides):
    values = {
        "kind": "childminder",
        "id": 7,
        "name": "Lise D.",
        "commune": "Aizenay",
        "latitude": 46.74,
        "longitude": -1.61,
        "distance_km": 12.5,
        "free_places": 2,
        "next_free_date": dt.date(2030, 1, 7),
        "updated_at": timezone.make_aware(dt.datetime(2026, 3, 31, 23, 30), dt.UTC),
        "is_stale": False,
        "detail": "",
        "atypical_hours": False,
        "inclusive_care": False,
    }
    fields = SearchHit.__dataclass_fields__
    values.update(overrides)
    return SearchHit(**{k: v for k, v in values.items() if k in fields})


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_hit_sentences_match_blocktranslate(language):
    hits = [
        hit(),
        hit(id=8, kind="establishment", free_places=1, distance_km=0.4),
        hit(id=9, kind="mam", free_places=0, next_free_date=None, updated_at=None),
        hit(id=10, free_places=11, distance_km=3, updated_at=dt.datetime(2026, 1, 2, 3, 4)),
    ]
    with translation.override(language):
        rows = hits_for_page(hits)
        for one, _url, texts in rows:
            expected = BLOCKTRANSLATE.render({"hit": one}).split("|")
            got = [texts.get(k, "") for k in ("distance", "places", "free_from", "updated")]
            assert got == expected
    assert [url for _hit, url, _texts in rows] == [
        reverse("offers:childminder", args=[7]),
        reverse("offers:establishment", args=[8]),
        reverse("offers:mam", args=[9]),
        reverse("offers:childminder", args=[10]),
    ]


# --- The offline geocoder on the index ----------------------------------------------


def test_commune_geocoder_on_the_index_matches_the_query_set_one(client, place, settings):
    from sppe.offers.geocoding import CommuneGeocoder

    CommuneFactory(name="Saint-Étienne-du-Bois", insee_code="85210", postal_codes=["85670"])
    CommuneFactory(name="Aizenay-Bis", insee_code="85004", postal_codes=["85190"])
    territory = Territory.objects.current()
    territory.communes.add(
        *territory.communes.model.objects.filter(insee_code__in=["85210", "85004"])
    )
    by_index = CommuneGeocoder(index().communes)
    by_query = CommuneGeocoder(territory.communes.all())
    for text in ("aizenay", "AIZ", "st etienne du bois", "85190", "85670", "85999", "85200", " "):
        assert by_index.geocode(text) == by_query.geocode(text), text
    assert [loc.commune_insee for loc in by_index.geocode("aizenay")] == ["85003", "85004"]

    settings.GEOCODER = "commune"
    html = client.get(reverse("offers:search"), {"adresse": "85670"}).content.decode()
    assert "0 résultat autour de Saint-Étienne-du-Bois" in html  # French: 0 is singular


# --- The results list built in Python -----------------------------------------------


def test_result_items_escape_values_and_say_everything_a_parent_reads():
    from sppe.offers.results import result_items_html

    items = [
        hit(name="<script>alert(1)</script>", commune="Saint-Gilles & Croix", is_stale=True),
        hit(id=8, kind="mam", free_places=0, updated_at=None, is_stale=True, atypical_hours=True),
    ]
    with translation.override("fr"):
        html = str(result_items_html(hits_for_page(items)))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Saint-Gilles &amp; Croix" in html
    first, second = html.split("\n")
    assert 'aria-labelledby="hit-childminder-7"' in first and 'id="hit-childminder-7"' in first
    assert "2 places libres" in first and "à partir du 7 janvier 2030" in first
    assert "Information ancienne : mise à jour le 1 avril 2026" in first
    assert "hit__freshness--stale" in first and "Assistant maternel" in first
    assert "Pas de place libre annoncée pour vos critères" in second
    assert "Disponibilités jamais mises à jour" in second
    assert '<ul class="tags"><li>Horaires atypiques</li></ul>' in second
    assert f'href="{reverse("offers:mam", args=[8])}"' in second
