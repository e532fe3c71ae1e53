"""French typography and grammar: one helper (sppe.core.french) and its template library."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from sppe.core import french

NNBSP = "\u202f"
NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("name", "at", "of"),
    [
        ("Aizenay", "à Aizenay", "d'Aizenay"),
        ("Le Poiré-sur-Vie", "au Poiré-sur-Vie", "du Poiré-sur-Vie"),
        ("Les Lucs-sur-Boulogne", "aux Lucs-sur-Boulogne", "des Lucs-sur-Boulogne"),
        ("La Genétouze", "à La Genétouze", "de La Genétouze"),
        ("L'Île-d'Yeu", "à L'Île-d'Yeu", "de L'Île-d'Yeu"),
        ("Écouché", "à Écouché", "d'Écouché"),
        ("Maché", "à Maché", "de Maché"),
        ("Lescar", "à Lescar", "de Lescar"),
        ("Le Havre", "au Havre", "du Havre"),
    ],
)
def test_prepositions_before_a_commune(name, at, of):
    assert french.a_commune(name) == at
    assert french.de_commune(name) == of


def test_tidy_contracts_elides_and_writes_the_first_of_the_month():
    assert french.tidy("Micro-crèche à Le Poiré-sur-Vie") == "Micro-crèche au Poiré-sur-Vie"
    assert french.tidy("Commune de Le Poiré-sur-Vie") == "Commune du Poiré-sur-Vie"
    assert french.tidy("À Les Lucs-sur-Boulogne") == "Aux Lucs-sur-Boulogne"
    assert french.tidy("autour de Les Lucs") == "autour des Lucs"
    assert french.tidy("Commune de Aizenay") == "Commune d'Aizenay"
    assert french.tidy("le 1 mars 2026, le 21 mars, le 11 mai, le 1\u00a0juin") == (
        "le 1er mars 2026, le 21 mars, le 11 mai, le 1er\u00a0juin"
    )
    # Lower-case words, numbers and names without an article are left alone.
    for text in ("plus de 5 places", "à La Genétouze", "de la crèche", "1 mois", "à Le mans"):
        assert french.tidy(text) == text


def test_tidy_html_leaves_tags_attributes_and_typed_text_alone():
    page = (
        '<p title="de Aizenay"><a href="/de Aizenay">à Le Poiré</a>'
        "<textarea>de Aizenay</textarea><script>x = 'de Aizenay'</script> de Aizenay</p>"
    )
    assert french.tidy_html(page) == (
        '<p title="de Aizenay"><a href="/de Aizenay">au Poiré</a>'
        "<textarea>de Aizenay</textarea><script>x = 'de Aizenay'</script> d'Aizenay</p>"
    )


def test_numbers_amounts_sizes_and_counts():
    assert french.number(45400) == f"45{NNBSP}400"
    assert french.number(1234567) == f"1{NNBSP}234{NNBSP}567"
    assert french.euros(45400) == f"45{NNBSP}400{NBSP}€"
    assert french.euros(1234.5, 2) == f"1{NNBSP}234,50{NBSP}€"
    assert french.size(1) == f"1{NBSP}octet"
    assert french.size(850) == f"850{NBSP}octets"
    assert french.size(12_345) == f"12{NBSP}Ko"
    assert french.size(1_500_000) == f"1,5{NBSP}Mo"
    assert french.size(2_000_000) == f"2{NBSP}Mo"
    assert french.plural(0, "résultat") == "0 résultat"
    assert french.plural(1, "résultat") == "1 résultat"
    assert french.plural(2, "résultat") == "2 résultats"
    assert french.plural(3, "travail", "travaux") == "3 travaux"
    assert french.day_month(dt.date(2026, 3, 1)) == "1er mars 2026"
    assert french.day_month(dt.date(2026, 3, 15), year=False) == "15 mars"


def render(source, **context):
    return Template("{% load french %}" + source).render(Context(context))


def test_the_template_library_speaks_french_only_in_french():
    page = (
        "{% filter tidy_fr %}Micro-crèche à {{ commune }}, le {{ day|date:'j F' }}"
        "{% endfilter %} {{ commune|a_commune }} {{ size|size_fr }} {{ 45400|euros_fr }}"
        "<p{% lang_fr %}>x</p>"
    )
    context = {"commune": "Le Poiré-sur-Vie", "day": dt.date(2026, 3, 1), "size": 12_345}
    with translation.override("fr"):
        assert render(page, **context) == (
            f"Micro-crèche au Poiré-sur-Vie, le 1er mars au Poiré-sur-Vie 12{NBSP}Ko "
            f"45{NNBSP}400{NBSP}€<p>x</p>"
        )
    with translation.override("en"):
        text = render(page, **context)
        assert text.startswith("Micro-crèche à Le Poiré-sur-Vie, le 1 March Le Poiré-sur-Vie")
        assert '<p lang="fr">x</p>' in text


def test_marks_that_isolate_a_direction():
    assert render("{{ phone|ltr }}", phone="02 51 31 93 18") == (
        '<bdi dir="ltr">02 51 31 93 18</bdi>'
    )
    assert render("{{ name|bdi }}", name="Ana A. <b>") == "<bdi>Ana A. &lt;b&gt;</bdi>"
    assert render("{{ name|bdi }}{{ name|ltr }}", name="") == ""
