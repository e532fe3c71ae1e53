import csv
import io
import json

import pytest
from data_inclusion.schema import v1
from django.urls import reverse

from sppe.offers.opendata import data_inclusion
from sppe.offers.opendata.records import describe_age, describe_age_range

from .factories import ChildminderFactory, EstablishmentFactory, MamFactory


def download(client, slug, fmt):
    response = client.get(reverse("opendata:download", kwargs={"slug": slug, "fmt": fmt}))
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


def test_field_lists_follow_the_package_models():
    assert list(v1.Structure.model_fields) == data_inclusion.STRUCTURE_FIELDS
    assert list(v1.Service.model_fields) == data_inclusion.SERVICE_FIELDS


def test_codes_are_members_of_the_schema_enums():
    assert v1.Thematique(data_inclusion.THEMATIQUE_GARDE_ENFANTS).label == "Garde d’enfants"
    assert v1.Frais(data_inclusion.FRAIS_PAYANT)
    assert v1.Public(data_inclusion.PUBLIC_FAMILLES)
    assert v1.ModeAccueil(data_inclusion.MODE_ACCUEIL_PRESENTIEL)
    assert v1.ModeMobilisation(data_inclusion.MOBILISATION_TELEPHONER)
    assert v1.ModeMobilisation(data_inclusion.MOBILISATION_COURRIEL)
    assert v1.PersonneMobilisatrice(data_inclusion.MOBILISABLE_PAR_USAGERS)
    assert v1.ReseauPorteur(data_inclusion.RESEAU_COMMUNES)


def test_every_structure_validates_against_the_schema(client, offer):
    rows = json.loads(download(client, "data-inclusion-structures", "json"))
    assert len(rows) == 5  # establishment, MAM, its member, an AM, home care
    for row in rows:
        v1.Structure.model_validate(row, context={"ignore_warnings": False})
    by_id = {row["id"]: row for row in rows}
    source = rows[0]["source"]
    crèche = by_id[f"{source}--establishment-{offer['establishment'].pk}"]
    assert crèche["horaires_accueil"] == "Mo-Fr 07:30-18:30; PH off"
    assert crèche["reseaux_porteurs"] == ["communes"]
    assert crèche["code_insee"] == offer["establishment"].commune.insee_code
    am = by_id[f"{source}--childminder-{offer['childminder'].pk}"]
    assert am["nom"].endswith("(assistant maternel)")
    assert am["adresse"] is None and am["code_postal"] is None and am["courriel"] is None


def test_lien_source_is_the_place_page_on_this_instance(client, offer, settings):
    settings.BASE_URL = "https://petite-enfance.exemple.fr/"
    for slug in ("data-inclusion-structures", "data-inclusion-services"):
        rows = json.loads(download(client, slug, "json"))
        links = {row["id"].split("--")[1]: row["lien_source"] for row in rows}
        for kind, name in (
            ("establishment", "offers:establishment"),
            ("childminder", "offers:childminder"),
        ):
            page = reverse(name, args=[offer[kind].pk])
            assert links[f"{kind}-{offer[kind].pk}"] == f"https://petite-enfance.exemple.fr{page}"
        home_care = [link for key, link in links.items() if key.startswith("home_care")]
        assert home_care == [None]  # no page of its own
        page = client.get(links[f"childminder-{offer['childminder'].pk}"].split(".fr", 1)[1])
        assert page.status_code == 200


def test_every_service_validates_and_is_in_the_childcare_theme(client, offer):
    rows = json.loads(download(client, "data-inclusion-services", "json"))
    assert len(rows) == 5
    for row in rows:
        service = v1.Service.model_validate(row, context={"ignore_warnings": False})
        assert service.thematiques == {v1.Thematique.FAMILLE__GARDE_DENFANTS}
        assert service.publics == {v1.Public.FAMILLES}
    structures = json.loads(download(client, "data-inclusion-structures", "json"))
    assert {row["structure_id"] for row in rows} == {row["id"] for row in structures}
    home_care = next(row for row in rows if "--home_care-" in row["id"])
    assert home_care["zone_eligibilite"] == [offer["home_care"].communes.get().insee_code]
    assert home_care["modes_accueil"] is None
    member = next(row for row in rows if f"--childminder-{offer['member'].pk}-" in row["id"])
    assert "situation de handicap" in member["publics_precisions"]


def test_csv_has_the_schema_columns_and_one_line_per_row(client, offer):
    text = download(client, "data-inclusion-services", "csv")
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == data_inclusion.SERVICE_FIELDS
    rows = list(reader)
    assert len(rows) == 5
    assert {row["thematiques"] for row in rows} == {"famille--garde-denfants"}
    crèche = next(row for row in rows if "--establishment-" in row["id"])
    assert crèche["modes_mobilisation"] == "telephoner;envoyer-un-courriel"


def test_generated_description_when_the_place_wrote_none(communes):
    establishment = EstablishmentFactory(
        commune=communes[0], description="", capacity=12, age_min_months=3, age_max_months=48
    )
    from sppe.offers.public import establishment_public

    row = data_inclusion.service(
        establishment_public(establishment),
        source="sppe-test",
        today=establishment.created_at.date(),
    )
    assert row["description"] == (
        f"Crèche collective de 12 places à {communes[0].name}, pour les enfants de 3 mois à 4 ans."
    )
    v1.Service.model_validate(row)


@pytest.mark.parametrize(
    ("months", "text"), [(0, "0 mois"), (2, "2 mois"), (12, "1 an"), (18, "18 mois"), (36, "3 ans")]
)
def test_describe_age(months, text):
    assert describe_age(months) == text


def test_describe_age_range_from_birth():
    assert describe_age_range(0, 36) == "de la naissance à 3 ans"


def test_short_names_and_names_ending_with_a_point(communes):
    from sppe.offers.public import establishment_public, mam_public

    short = EstablishmentFactory(commune=communes[0], name="Ô")
    row = data_inclusion.structure(
        establishment_public(short), source="s", today=short.created_at.date()
    )
    assert row["nom"] == "Crèche collective Ô"
    mam = MamFactory(commune=communes[0], name="MAM des Lutins", description="Oui")
    row = data_inclusion.structure(mam_public(mam), source="s", today=short.created_at.date())
    assert row["description"] is None  # under the schema's 5 characters
    v1.Structure.model_validate(row)


def test_invalid_opening_hours_are_not_exported(client, communes):
    ChildminderFactory(commune=communes[0], opening_hours="du lundi au vendredi")
    rows = json.loads(download(client, "data-inclusion-structures", "json"))
    assert [row["horaires_accueil"] for row in rows] == [None]


def test_paje_fees_show_the_hourly_price(communes):
    from decimal import Decimal

    from sppe.offers.public import establishment_public

    micro = EstablishmentFactory(
        commune=communes[0], funding="paje", hourly_price=Decimal("9.50"), kind="micro_creche"
    )
    row = data_inclusion.service(
        establishment_public(micro), source="s", today=micro.created_at.date()
    )
    assert row["nom"] == "Accueil en micro-crèche"
    assert "9,50 € de l'heure" in row["frais_precisions"]


def test_descriptions_contract_the_commune_name():
    # Issue 15: "Maison d'assistants maternels à Le Poiré-sur-Vie".
    from sppe.offers.enums import OfferKind

    summary = data_inclusion._summary
    assert summary({"kind": OfferKind.MAM.value, "commune": "Le Poiré-sur-Vie"}) == (
        "Maison d'assistants maternels au Poiré-sur-Vie."
    )
    childminder = {
        "kind": OfferKind.CHILDMINDER.value,
        "commune": "Les Lucs-sur-Boulogne",
        "places": 1,
        "age_min_months": 0,
        "age_max_months": 36,
    }
    assert summary(childminder).startswith(
        "Assistant maternel agréé aux Lucs-sur-Boulogne pour 1 enfant, "
    )
