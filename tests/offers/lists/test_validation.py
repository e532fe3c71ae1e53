import datetime as dt
from decimal import Decimal

import pytest

from sppe.offers.enums import EstablishmentKind, Funding, ManagerType
from sppe.offers.lists.enums import ListKind
from sppe.offers.lists.formats import AM_SPEC, ESTABLISHMENT_SPEC, normalize
from sppe.offers.lists.reader import ListFileError, Table
from sppe.offers.lists.services import offer_list_import_apply, offer_list_import_preview
from sppe.offers.lists.validation import (
    HANDLED_CONSTRAINTS,
    Context,
    ParsedRow,
    check_instance,
    match_headers,
)
from sppe.offers.models import Childminder, Establishment

from ...factories import CommuneFactory
from ..factories import ChildminderFactory, EstablishmentFactory, MamFactory
from .generators import am_rows, establishment_rows, to_csv


def preview(rows, kind=ListKind.AM, headers=None):
    return offer_list_import_preview(
        kind=kind, file_name="liste.csv", data=to_csv(rows, headers=headers), by=None
    )


def errors_of(list_import):
    return [error["text"] for error in list_import.summary["errors"]]


def apply(rows, kind=ListKind.AM, headers=None):
    list_import = preview(rows, kind, headers)
    assert errors_of(list_import) == []
    return offer_list_import_apply(list_import=list_import, by=None)


def test_generators_follow_the_specifications():
    commune = CommuneFactory.build(postal_codes=["85190"])
    assert list(am_rows([commune], 1)[0]) == AM_SPEC.headers
    assert list(establishment_rows([commune], 1)[0]) == ESTABLISHMENT_SPEC.headers


def test_every_model_constraint_is_checked_before_saving():
    for spec in (AM_SPEC, ESTABLISHMENT_SPEC):
        names = {constraint.name for constraint in spec.model._meta.constraints}
        assert names <= HANDLED_CONSTRAINTS, names - HANDLED_CONSTRAINTS


def test_headers_match_whatever_the_case_accents_and_notes():
    headers = ["NUMERO D'AGREMENT*", "nom", "Prenom", "code insee", "Nombre de places (1 à 6)"]
    header_map = match_headers(AM_SPEC, headers)
    assert [column.field for _i, _h, column in header_map.columns] == [
        "agrement_number",
        "last_name",
        "first_name",
        "commune_insee",
        "places",
    ]
    assert normalize("Âge maximum (mois)") == "age maximum"


def test_header_problems_are_named():
    with pytest.raises(ListFileError) as error:
        match_headers(AM_SPEC, ["Nom", "Nom ", "Couleur", "Prénom"])
    message = error.value.message
    assert (
        "Il manque les colonnes obligatoires « Numéro d'agrément », « Code INSEE commune "
        "(ou bien Commune et Code postal) », « Nombre de places »."
    ) in message
    assert "La colonne « Couleur » n'est pas reconnue." in message
    assert "Ces colonnes désignent la même information : « Nom » / « Nom »." in message
    # The establishments have no fallback for the commune.
    with pytest.raises(ListFileError, match="« Code INSEE commune »"):
        match_headers(ESTABLISHMENT_SPEC, ESTABLISHMENT_SPEC.headers[:8])


def test_duplicated_keys_flag_both_lines(territory, communes):
    rows = am_rows(communes, 4)
    rows[3]["Numéro d'agrément"] = rows[0]["Numéro d'agrément"]
    list_import = preview(rows)
    key = rows[0]["Numéro d'agrément"]
    assert errors_of(list_import) == [
        f"ligne 2, colonne « Numéro d'agrément » : « {key} » figure aussi ligne 5 ; "
        "chaque identifiant ne doit apparaître qu'une fois",
        f"ligne 5, colonne « Numéro d'agrément » : « {key} » figure aussi ligne 2 ; "
        "chaque identifiant ne doit apparaître qu'une fois",
    ]
    assert list_import.summary["counts"]["created"] == 2


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("Nombre de places", "7", "« 7 » n'est pas un nombre entier de 1 à 6"),
        ("Nombre de places", "", "la valeur est obligatoire"),
        ("Nom", "", "la valeur est obligatoire"),
        ("Date de naissance", "1980-13-01", "n'est pas une date valide au format JJ/MM/AAAA"),
        (
            "Date de naissance",
            "01/01/2999",
            "« 01/01/2999 » est une date future, ce n'est pas possible ici",
        ),
        ("Code postal", "851", "« 851 » n'est pas un code postal"),
        ("Code INSEE commune", "8", "« 8 » n'est pas un code INSEE de commune"),
        ("Code INSEE commune", "99999", "« 99999 » n'est le code INSEE d'aucune commune"),
        ("Téléphone", "appeler le soir", "n'est pas un numéro de téléphone"),
        ("E-mail", "sophie@", "« sophie@ » n'est pas une adresse e-mail valide"),
        ("Jardin", "peut-être", "« peut-être » : répondez par oui ou non"),
        ("Horaires", "8h-18h", "n'est pas un horaire au format OpenStreetMap"),
        ("MAM", "MAM inconnue", "aucune MAM du territoire ne porte le nom « MAM inconnue »"),
        ("Âge maximum (mois)", "80", "« 80 » n'est pas un nombre entier de 0 à 72"),
        ("Nom", "x" * 101, "dépasse 100 caractères"),
        ("Langues", "x" * 60, "n'est pas un nom de langue"),
    ],
)
def test_line_errors(territory, communes, column, value, message):
    rows = am_rows(communes, 2)
    rows[1][column] = value
    texts = errors_of(preview(rows))
    assert len(texts) == 1, texts
    assert texts[0].startswith(f"ligne 3, colonne « {column} » : ")
    assert message in texts[0]
    assert Childminder.objects.count() == 0


def test_a_commune_outside_the_territory_is_named(territory, communes):
    outside = CommuneFactory(name="Nantes")
    rows = am_rows(communes, 1)
    rows[0]["Code INSEE commune"] = outside.insee_code
    assert errors_of(preview(rows)) == [
        f"ligne 2, colonne « Code INSEE commune » : Nantes ({outside.insee_code}) n'est pas "
        "une commune du territoire"
    ]


def test_cells_beyond_the_headers_are_errors(territory, communes):
    data = to_csv(am_rows(communes, 1)) + b"085-1;A;B;;;;;;;;;2;;;;;;;;;;;en trop\r\n"
    list_import = offer_list_import_preview(kind="am", file_name="a.csv", data=data, by=None)
    assert errors_of(list_import) == [
        "ligne 3 : la valeur « en trop » est dans une colonne sans en-tête"
    ]


def test_age_range_is_checked(territory, communes):
    rows = am_rows(communes, 1)
    rows[0]["Âge minimum (mois)"] = "36"
    rows[0]["Âge maximum (mois)"] = "12"
    assert errors_of(preview(rows)) == [
        "ligne 2, colonne « Âge maximum (mois) » : l'âge maximum (12 mois) est inférieur à "
        "l'âge minimum (36 mois)"
    ]


def test_model_validation_errors_become_line_errors(territory, communes):
    context = Context.for_territory(territory)
    header_map = match_headers(AM_SPEC, AM_SPEC.headers)
    row = ParsedRow(line=9, key="k", values={"places": 9}, raw={"places": "9"})
    instance = Childminder(places=9, first_name="A", last_name="B", agrement_number="k")
    (error,) = check_instance(AM_SPEC, header_map, row, instance, context)
    assert error.text == (
        "ligne 9, colonne « Nombre de places » : "
        "Assurez-vous que cette valeur est inférieure ou égale à 6"
    )


def test_commune_by_name_and_postal_code(territory, communes):
    headers = [h for h in AM_SPEC.headers if h != "Code INSEE commune"]
    rows = am_rows(communes, 3)
    rows[1]["Commune"] = "Commune inconnue"
    list_import = preview(rows, headers=headers)
    assert errors_of(list_import) == [
        f"ligne 3, colonne « Commune » : aucune commune du territoire ne s'appelle "
        f"« Commune inconnue » avec le code postal {rows[1]['Code postal']} ; indiquez le code "
        "INSEE"
    ]
    rows[1] = am_rows(communes, 2)[1]
    rows[2]["Commune"] = rows[2]["Commune"].upper()
    apply(rows, headers=headers)
    assert (
        Childminder.objects.get(agrement_number=rows[2]["Numéro d'agrément"]).commune
        == (communes[2])
    )


def test_ambiguous_commune_name(territory, communes):
    twin = CommuneFactory(name=communes[0].name, postal_codes=communes[0].postal_codes)
    territory.communes.add(twin)
    headers = [h for h in AM_SPEC.headers if h != "Code INSEE commune"]
    texts = errors_of(preview(am_rows(communes, 1), headers=headers))
    assert texts == [
        f"ligne 2, colonne « Commune » : « {communes[0].name} » est ambigu ; indiquez le code INSEE"
    ]


def test_values_derived_from_the_file(territory, communes):
    mam = MamFactory(name="MAM Les Lucioles", commune=communes[1])
    rows = am_rows(communes, 3)
    rows[0].update(
        {
            "MAM": "mam les lucioles",
            "Horaires": "Mo-Fr 06:30-19:30",
            "Téléphone": "612345678",
            "Code INSEE commune": communes[0].insee_code,
            "Date d'agrément": "2019-09-01",
            "Langues": "français ; arabe, français",
            "En activité": "",
            "Adresse publiable": "Oui",
        }
    )
    apply(rows)
    am = Childminder.objects.get(agrement_number=rows[0]["Numéro d'agrément"])
    assert am.mam == mam
    assert am.weekly_schedule["0"] == [[390, 1170]]
    assert am.atypical_hours is True
    assert am.phone == "0612345678"
    assert am.agrement_date == dt.date(2019, 9, 1)
    assert am.languages == ["français", "arabe"]
    assert am.is_active is True
    assert (am.latitude, am.longitude) == (communes[0].latitude, communes[0].longitude)


def test_public_point_rules(territory, communes):
    """The commune centre, except a point set by hand on a public, unchanged address."""
    rows = am_rows(communes, 3)
    for row in rows:
        row["Adresse publiable"] = "oui"
    rows[2]["Adresse publiable"] = "non"
    for n, row in enumerate(rows):
        ChildminderFactory(
            agrement_number=row["Numéro d'agrément"],
            commune=communes[n],
            address=row["Adresse"],
            address_is_public=True,
            latitude=47.0,
            longitude=-1.0,
        )
    rows[1]["Code INSEE commune"] = communes[4].insee_code
    apply(rows)
    points = {am.agrement_number: (am.latitude, am.longitude) for am in Childminder.objects.all()}
    key = [row["Numéro d'agrément"] for row in rows]
    assert points[key[0]] == (47.0, -1.0)  # public, same place: kept
    assert points[key[1]] == (communes[4].latitude, communes[4].longitude)  # moved
    assert points[key[2]] == (communes[2].latitude, communes[2].longitude)  # now private


def test_columns_absent_from_the_file_are_left_alone(territory, communes):
    am = ChildminderFactory(
        agrement_number="085-1",
        commune=communes[0],
        phone="02 51 00 00 00",
        languages=["breton"],
        description="Présentation écrite par elle.",
    )
    headers = ["Numéro d'agrément", "Nom", "Prénom", "Code INSEE commune", "Nombre de places"]
    row = {
        "Numéro d'agrément": "085-1",
        "Nom": am.last_name,
        "Prénom": am.first_name,
        "Code INSEE commune": communes[0].insee_code,
        "Nombre de places": "3",
    }
    list_import = preview([row], headers=headers)
    assert "Téléphone" in list_import.summary["missing_columns"]
    assert list_import.summary["updates"][0]["changes"] == [
        {"label": "Nombre de places", "old": "4", "new": "3"}
    ]
    offer_list_import_apply(list_import=list_import, by=None)
    am.refresh_from_db()
    assert (am.places, am.phone, am.languages) == (3, "02 51 00 00 00", ["breton"])
    assert am.description == "Présentation écrite par elle."


def test_establishments(territory, communes):
    rows = establishment_rows(communes, 3)
    rows[0]["Type"] = "micro creche"
    rows[0]["Gestionnaire"] = "Association"
    rows[1]["Site web"] = "www.exemple.test"
    apply(rows, kind=ListKind.ESTABLISHMENTS)
    first = Establishment.objects.get(external_id=rows[0]["Identifiant (FINESS/Caf)"])
    assert (first.kind, first.manager_type) == (
        EstablishmentKind.MICRO_CRECHE,
        ManagerType.ASSOCIATIVE,
    )
    second = Establishment.objects.get(external_id=rows[1]["Identifiant (FINESS/Caf)"])
    assert second.website == "https://www.exemple.test"
    third = Establishment.objects.get(external_id=rows[2]["Identifiant (FINESS/Caf)"])
    assert (third.funding, third.hourly_price) == (Funding.PAJE, Decimal("9.50"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"Prix horaire (PAJE)": ""},
            "colonne « Prix horaire (PAJE) » : le prix horaire est obligatoire pour un "
            "établissement financé par la PAJE",
        ),
        ({"Prix horaire (PAJE)": "gratuit"}, "« gratuit » n'est pas un montant en euros"),
        ({"Type": "Crèche familiale XL"}, "n'est pas un type connu ; valeurs possibles :"),
        ({"Financement": "CAF"}, "« CAF » n'est pas un mode de financement connu"),
        ({"Capacité": "0"}, "« 0 » n'est pas un nombre entier de 1 à 999"),
        ({"Site web": "pas un site"}, "n'est pas une adresse de site web valide"),
        ({"Âge minimum (mois)": "40"}, "l'âge maximum (36 mois) est inférieur"),
    ],
)
def test_establishment_line_errors(territory, communes, changes, message):
    rows = establishment_rows(communes, 3)
    rows[2].update(changes)
    texts = errors_of(preview(rows, kind=ListKind.ESTABLISHMENTS))
    assert len(texts) == 1, texts
    assert texts[0].startswith("ligne 4, colonne")
    assert message in texts[0]


def test_absent_records_are_reported_not_deleted(territory, communes):
    gone = ChildminderFactory(agrement_number="085-OLD", commune=communes[0])
    ChildminderFactory(agrement_number="085-INACTIVE", commune=communes[0], is_active=False)
    ChildminderFactory(agrement_number="085-ELSEWHERE")  # outside the territory
    no_id = EstablishmentFactory(external_id=None, name="Crèche sans numéro", commune=communes[0])
    list_import = preview(am_rows(communes, 2))
    assert list_import.summary["absent"] == [
        {"key": "085-OLD", "label": f"{gone.first_name} {gone.last_name}"}
    ]
    offer_list_import_apply(list_import=list_import, by=None)
    assert Childminder.objects.filter(agrement_number="085-OLD").exists()
    list_import = preview(establishment_rows(communes, 1), kind=ListKind.ESTABLISHMENTS)
    assert list_import.summary["absent"] == [
        {"key": "", "label": f"{no_id.name} (sans identifiant)"}
    ]


def test_table_from_stored_rows(territory, communes):
    list_import = preview(am_rows(communes, 2))
    table = Table.from_json(list_import.rows)
    assert [line for line, _cells in table.rows] == [2, 3]
