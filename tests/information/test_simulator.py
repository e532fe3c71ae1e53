"""The family simulator page: a GET form, plain-French errors, results explained line by
line with their sources, in French, English and Arabic."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from sppe.information.fee_labels import LABELS, NOTES
from sppe.information.fees import CarePrices, FamilySituation, compare_modes
from sppe.information.fees.compare import Mode
from sppe.information.selectors import suggested_prices

from .factories import EstablishmentFactory, MicroCrecheFactory

URL = reverse("information:simulator")
VALID = {
    "annual_resources": "36 000",
    "dependent_children": "1",
    "aeeh_children": "0",
    "child_age": "1",
    "hours_per_week": "40",
    "weeks_per_year": "45",
    "micro_creche_hourly_price": "9,50",
    "am_net_hourly_wage": "4,20",
    "am_maintenance_per_month": "0",
    "gad_net_hourly_wage": "11",
}


def test_blank_page_shows_the_form_with_suggested_prices(client, territory):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'method="get"' in html
    assert "revenu fiscal de référence" in html
    assert 'value="9,50"' in html and "valeur indicative nationale" in html
    assert "Votre résultat" not in html


def test_results_for_each_mode_with_explanation_and_sources(client, territory):
    html = client.get(URL, VALID).content.decode()
    assert "Votre résultat" in html
    for name in (
        "Crèche au tarif de la Caf (PSU)",
        "Micro-crèche à tarif libre (PAJE)",
        "Assistant maternel",
        "Garde d&#x27;enfants à domicile",
    ):
        assert name in html
    # The crèche: 3 000 € × 0,0619 % = 1,86 € an hour; 150 h a month.
    assert "1,86\u00a0€" in html and "150,00\u00a0h" in html
    assert html.count("<details") >= 4
    assert "Circulaire Cnaf 2019-005" in html and "barème du 01/01/2026" in html
    assert 'href="https://www.legifrance.gouv.fr' in html
    assert "Reste à votre charge par mois" in html


def test_results_are_those_of_the_core(client, territory):
    html = client.get(URL, VALID).content.decode()
    expected = compare_modes(
        situation=FamilySituation(
            annual_resources=Decimal(36000),
            dependent_children=1,
            child_age=1,
            hours_per_week=Decimal(40),
            weeks_per_year=Decimal(45),
        ),
        prices=CarePrices(
            micro_creche_hourly_price=Decimal("9.50"),
            am_net_hourly_wage=Decimal("4.20"),
            gad_net_hourly_wage=Decimal(11),
        ),
        on=__import__("django.utils.timezone", fromlist=["x"]).localdate(),
    )
    for cost in expected.costs:
        amount = f"{cost.net_monthly_cost:.2f}".replace(".", ",")
        assert amount in html


def test_unconfirmed_figures_are_flagged(client, territory):
    html = client.get(URL, VALID).content.decode()
    assert "chiffre à confirmer" in html


def test_dot_and_comma_decimals_are_both_understood(client, territory):
    dotted = dict(VALID, am_net_hourly_wage="4.20", annual_resources="36000.00")
    assert "Votre résultat" in client.get(URL, dotted).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("annual_resources", "-1", "Les ressources ne peuvent pas être négatives."),
        ("annual_resources", "1000000000000", "dépasse 2 000 000 €"),
        ("annual_resources", "1e12", "dépasse 2 000 000 €"),
        ("annual_resources", "beaucoup", "Indiquez un montant en euros"),
        ("annual_resources", "", "Indiquez vos ressources annuelles"),
        ("hours_per_week", "200", "Indiquez au plus 70 heures par semaine."),
        ("hours_per_week", "0", "Indiquez au moins 1 heure par semaine."),
        ("weeks_per_year", "60", "ne peut pas dépasser 53"),
        ("contract_months", "13", "ne peut pas dépasser 12"),
        ("contract_months", "0", "doit être d&#x27;au moins 1"),
        ("start_date", "2018-05-01", "depuis le 1er janvier 2019"),
        ("start_date", "demain", "Indiquez une date, par exemple 01/09/2026."),
        ("start_date", "2099-09-01", "dans les deux années qui viennent"),
        ("am_meals_per_month", "-5", "Le montant ne peut pas être négatif."),
        ("shared_home_care_percent", "100", "ne peut pas dépasser 99"),
        ("dependent_children", "0", "doit être d&#x27;au moins 1"),
        ("aeeh_children", "2", "plus d&#x27;enfants avec l&#x27;AEEH que d&#x27;enfants à charge"),
        ("child_age", "9", "Choisissez un âge dans la liste."),
        ("am_net_hourly_wage", "500", "dépasse 20 €"),
        ("micro_creche_hourly_price", "0", "Le montant doit être supérieur à 0 €."),
        ("am_maintenance_per_month", "-5", "Le montant ne peut pas être négatif."),
    ],
)
def test_absurd_values_are_refused_clearly(client, territory, field, value, message):
    html = client.get(URL, dict(VALID, **{field: value})).content.decode()
    assert "Le formulaire contient des erreurs" in html
    assert message in html
    assert "Votre résultat" not in html


def test_missing_figures_for_the_date_are_explained(client, territory, monkeypatch):
    from sppe.information import views
    from sppe.information.fees import PeriodNotFound

    def no_period(**kwargs):
        raise PeriodNotFound("none")

    monkeypatch.setattr(views, "compare_modes", no_period)
    html = client.get(URL, VALID).content.decode()
    assert "ne sont pas encore chargés" in html and "Votre résultat" not in html


def test_suggested_micro_creche_price_is_the_local_median(territory):
    communes = list(territory.communes.all())
    for price in ("8.00", "9.00", "11.00"):
        MicroCrecheFactory(commune=communes[0], hourly_price=Decimal(price))
    MicroCrecheFactory(commune=communes[0], hourly_price=Decimal("50"), is_active=False)
    EstablishmentFactory(commune=communes[0], hourly_price=Decimal("2"))  # PSU, not counted
    suggested = suggested_prices(territory)
    assert suggested.micro_creche_hourly_price.amount == Decimal("9.00")
    assert suggested.micro_creche_hourly_price.sample == 3
    assert suggested.am_net_hourly_wage.sample == 0


def test_page_says_where_the_suggested_price_comes_from(client, territory):
    commune = territory.communes.first()
    MicroCrecheFactory(commune=commune, hourly_price=Decimal("8.50"))
    MicroCrecheFactory(commune=commune, hourly_price=Decimal("9.50"))
    html = client.get(URL).content.decode()
    assert 'value="9,00"' in html
    assert "prix médian des 2 micro-crèches" in html


@pytest.mark.parametrize(
    "situation",
    [
        dict(VALID),
        dict(VALID, annual_resources="0", child_age="4", am_net_hourly_wage="9"),
        dict(VALID, annual_resources="200000", dependent_children="3", aeeh_children="1"),
        dict(VALID, single_parent="on", child_age="5", hours_per_week="5", weeks_per_year="10"),
        dict(VALID, micro_creche_hourly_price="12", am_maintenance_per_month="80"),
        dict(VALID, child_age="3", gad_net_hourly_wage="30"),
    ],
)
def test_every_label_and_note_of_the_core_has_a_translation(client, territory, situation):
    """Labels the mapping does not know would show in French on the English page."""
    response = client.get(URL, situation, HTTP_ACCEPT_LANGUAGE="en")
    results = response.context["results"]
    assert results is not None
    for mode in results["modes"]:
        assert all(line.label_is_translated for line in mode.lines), mode.mode
        assert all(note.is_translated for note in mode.notes), mode.mode


def test_mapping_covers_skipped_reasons_and_mode_names():
    from sppe.information.fee_labels import MODE_NAMES

    assert set(MODE_NAMES) == set(Mode)
    assert "prix horaire de la micro-crèche non renseigné" in NOTES
    assert len(LABELS) >= 30


def test_simulator_in_english_and_arabic(client, territory):
    html = client.get(URL, VALID, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en" dir="ltr"' in html
    assert "Your result" in html and "Amount left for you to pay each month" in html
    # Formulas stay in French and say so to screen readers.
    assert '<td lang="fr">' in html
    html = client.get(URL, VALID, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert "نتيجتك" in html


def test_simulator_rejects_post(client, territory):
    assert client.post(URL, VALID).status_code == 405


def test_a_shortened_link_uses_the_proposed_prices(client, territory):
    situation_only = {
        key: value
        for key, value in VALID.items()
        if key not in ("micro_creche_hourly_price", "am_net_hourly_wage", "gad_net_hourly_wage")
    }
    situation_only["am_maintenance_per_month"] = ""  # cleared by the family
    html = client.get(URL, situation_only).content.decode()
    assert "Indiquez un montant" not in html
    assert "Votre résultat" in html
    suggested = suggested_prices(territory)
    shown = f"{suggested.micro_creche_hourly_price.amount:.2f}".replace(".", ",")
    assert f'value="{shown}"' in html  # the price used is the one shown in the form


def _default_submission(html: str) -> dict:
    """What a browser sends when the family presses "Calculer" on the page as loaded."""
    data = {}
    for match in re.finditer(r"<input([^>]*)>", html):
        attributes = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', match.group(1)))
        name, kind = attributes.get("name"), attributes.get("type", "text")
        if not name or name in ("csrfmiddlewaretoken", "next") or kind == "checkbox":
            continue
        data[name] = attributes.get("value", "")
    form = html[html.index('id="simulator-form"') :]
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = selected.group(1) if selected else re.search(r'value="([^"]*)"', options)[1]
    return data


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_the_page_submitted_with_its_defaults_gives_a_result(client, territory, language):
    """Issue #15: the hours field was pre-filled "40,000000" and refused as over 70."""
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    data = _default_submission(html)
    assert data["hours_per_week"] == "40"
    assert data["annual_resources"] in ("36000", "36000.00", "36000,00")
    response = client.get(URL, data, HTTP_ACCEPT_LANGUAGE=language)
    assert response.context["form"].errors == {}
    assert response.context["results"] is not None


@pytest.mark.parametrize(
    ("typed", "expected"), [("40,000000", "40"), ("40.50", "40.5"), ("0,00", "0"), (".0", "0")]
)
def test_trailing_zeros_are_not_digits(typed, expected):
    from sppe.information.forms import AmountField

    assert AmountField(max_digits=5, decimal_places=2).clean(typed) == Decimal(expected)


def test_start_date_chooses_the_figures_and_a_short_contract(client, territory, time_machine):
    time_machine.move_to("2026-06-15 10:00 +02:00")
    # The September intake, 4 months, 17 weeks of 40 h: 170 h a month.
    situation = dict(VALID, start_date="2026-09-01", contract_months="4", weeks_per_year="17")
    response = client.get(URL, situation)
    results = response.context["results"]
    assert results["on"].isoformat() == "2026-09-01"
    assert results["hours"].value == "170,00\u00a0h"
    html = response.content.decode()
    assert "Calculé avec les barèmes en vigueur le 01/09/2026" in html
    # A date in 2023 gives a result (it raised an error before).
    old = client.get(URL, dict(VALID, start_date="2023-03-01"))
    assert old.context["results"] is not None


def test_weeks_must_fit_in_the_contract(client, territory):
    html = client.get(URL, dict(VALID, contract_months="4", weeks_per_year="30")).content.decode()
    assert "Un accueil de 4 mois compte au plus 18 semaines de garde." in html
    assert "Votre résultat" not in html


def test_meals_and_shared_home_care_and_alternating_residence(client, territory):
    situation = dict(
        VALID,
        am_maintenance_per_month="80",
        am_meals_per_month="60",
        shared_home_care="on",
        shared_home_care_percent="50",
        alternating_residence="on",
    )
    response = client.get(URL, situation)
    results = response.context["results"]
    modes = {mode.mode: mode for mode in results["modes"]}
    assert "garde_partagee" in modes
    assert modes["garde_partagee"].monthly_cmg > 0
    am_notes = [note.text for note in modes["assistant_maternel"].notes]
    assert any("repas" in str(note) for note in am_notes)
    html = response.content.decode()
    assert "Garde partagée entre deux familles" in html
    assert "plafond réduit de moitié en résidence alternée" in html


def test_shared_home_care_shows_each_familys_cmg_and_credit(client, territory):
    # The hand computation of tests/information/fees/test_compare.py: 14 € an hour shared
    # half and half from 1 May 2026; your family 48,000 €, 1 child: CMG 554.80, credit
    # 247.60 ; the other family 24,000 €, 2 children: CMG 843.60, credit 103.20.
    situation = dict(
        VALID,
        annual_resources="48000",
        start_date="2026-05-01",
        gad_net_hourly_wage="14",
        shared_home_care="on",
        shared_home_care_percent="50",
        other_family_resources="24 000",
        other_family_children="2",
    )
    response = client.get(URL, situation)
    mine, other = response.context["results"]["shared"]
    assert (mine.monthly_cmg, mine.monthly_tax_credit) == (Decimal("554.80"), Decimal("247.60"))
    assert (other.monthly_cmg, other.monthly_tax_credit) == (Decimal("843.60"), Decimal("103.20"))
    html = response.content.decode()
    assert "Garde partagée : le coût par mois de chaque famille" in html
    assert "L'autre famille" in html and "843,60" in html
    # Without the other family's resources, only yours is computed.
    del situation["other_family_resources"]
    assert client.get(URL, situation).context["results"]["shared"] is None
