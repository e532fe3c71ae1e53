"""Accessibility of the family pages (RGAA 4.1): error summaries, focus, titles, sign-in
skip link, search without a commune, and the accessibility statement."""

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse

from sppe.accounts.forms import EmailAuthenticationForm
from sppe.territories.enums import OrganisationKind
from sppe.territories.models import Organisation

pytestmark = pytest.mark.django_db


class GroupForm(forms.Form):
    mode = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    days = forms.MultipleChoiceField(
        choices=[("1", "Lundi"), ("2", "Mardi")], widget=forms.CheckboxSelectMultiple
    )
    name = forms.CharField()


def test_error_summary_links_reach_the_first_input_of_a_group():
    html = render_to_string("includes/form_errors.html", {"form": GroupForm(data={})})
    assert 'href="#id_mode_0"' in html
    assert 'href="#id_days_0"' in html
    assert 'href="#id_name"' in html
    assert 'href="#"' not in html
    # The summary takes the focus after a failed submit (focus.js), and works without it.
    assert 'role="alert" tabindex="-1" data-error-summary' in html


def test_every_page_loads_the_focus_script(client, territory):
    html = client.get(reverse("core:home")).content.decode()
    assert "sppe/focus.js" in html


def test_the_sign_in_field_does_not_take_the_focus_from_the_skip_link(client, territory):
    assert "autofocus" not in str(EmailAuthenticationForm()["username"])
    html = client.get(reverse("accounts:login")).content.decode()
    assert "autofocus" not in html
    assert html.index('href="#contenu"') < html.index("<form")


def test_a_search_sent_without_a_commune_says_so(client, territory):
    html = client.get(reverse("offers:search"), {"rayon": "10"}).content.decode()
    assert "Choisissez une commune ou indiquez une adresse." in html
    assert "data-error-summary" in html
    assert 'href="#id_commune"' in html
    # The page reached from the menu, with nothing sent, stays quiet.
    html = client.get(reverse("offers:search")).content.decode()
    assert "Choisissez une commune ou indiquez une adresse." not in html


def test_sign_in_pages_have_titles_of_their_own(client, territory):
    titles = set()
    for name in ("accounts:login", "accounts:signup", "accounts:link_request"):
        html = client.get(reverse(name)).content.decode()
        titles.add(html.split("<title>")[1].split("</title>")[0])
    assert len(titles) == 3


def test_the_accessibility_statement_is_complete(client, territory):
    Organisation.objects.create(
        name="RPE de Vie et Boulogne",
        kind=OrganisationKind.RPE,
        email="rpe@exemple.test",
        phone="02 51 00 00 00",
    )
    html = client.get(reverse("core:accessibility")).content.decode()
    for text in (
        "établie le 6 décembre 2026",
        "Résultats des tests",
        "Contenus non accessibles",
        "Non-conformités connues",
        "Schéma pluriannuel de mise en accessibilité",
        "2027 : audit complet du RGAA 4.1",
        "Retour d'information et contact",
        "mailto:rpe@exemple.test",
        'href="tel:0251000000" dir="ltr"',
        "Voies de recours",
    ):
        assert text in html, text
