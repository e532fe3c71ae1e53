"""The OpenAPI 3.1 description of the API, written by hand and kept in sync by the tests
(every route, every query parameter and every field of every kind of offer)."""

from ..enums import EstablishmentKind, Funding, HomeCareKind, ManagerType
from ..models import MAX_AGE_MONTHS
from ..opendata.datasets import LICENCE_SPDX, LICENCE_TITLE, LICENCE_URL
from ..opendata.records import KIND_ORDER
from .filters import BOOLEAN_PARAMETERS, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PARAMETERS

STRING = {"type": "string"}
TEXT = {"type": "string", "description": "Texte libre, vide si non renseigné."}
BOOLEAN = {"type": "boolean"}
INTEGER = {"type": "integer", "minimum": 0}
COORDINATE = {"type": ["number", "null"]}
DATETIME = {"type": ["string", "null"], "format": "date-time"}
AGE = {"type": "integer", "minimum": 0, "maximum": MAX_AGE_MONTHS, "description": "En mois."}


def _field(base: dict, description: str) -> dict:
    return {**base, "description": description}


COMMON = {
    "kind": _field({"type": "string", "enum": KIND_ORDER}, "Type d'offre."),
    "id": _field({"type": "integer"}, "Identifiant, unique pour un type d'offre."),
    "url": _field({"type": "string", "format": "uri"}, "Adresse de cette offre dans l'API."),
    "name": _field(STRING, "Nom. Pour un assistant maternel : prénom et initiale du nom."),
    "description": _field(TEXT, "Présentation."),
    "phone": _field(TEXT, "Téléphone public (vide si non publié)."),
    "atypical_hours": _field(
        BOOLEAN, "Horaires atypiques : avant 7 h, après 19 h, le week-end ou la nuit."
    ),
}
PLACE = {
    "commune": _field(STRING, "Nom de la commune."),
    "insee_code": _field(STRING, "Code INSEE de la commune."),
    "postal_code": _field(TEXT, "Code postal (vide s'il n'est pas publié)."),
    "address": _field(TEXT, "Adresse (vide si elle n'est pas publiée)."),
    "latitude": _field(
        COORDINATE, "Latitude publique (WGS 84) ; centre de la commune si l'adresse est privée."
    ),
    "longitude": _field(COORDINATE, "Longitude publique (WGS 84)."),
    "opening_hours": _field(
        TEXT, "Horaires, tels qu'enregistrés, dans la syntaxe OpenStreetMap opening_hours."
    ),
    "opening_hours_valid": _field(
        BOOLEAN, "Vrai si opening_hours respecte la syntaxe OpenStreetMap (ou est vide)."
    ),
}
AGES = {
    "age_min_months": _field(AGE, "Âge minimum accueilli, en mois."),
    "age_max_months": _field(AGE, "Âge maximum accueilli, en mois."),
}

ESTABLISHMENT = {
    **COMMON,
    **PLACE,
    **AGES,
    "external_id": _field(TEXT, "Numéro FINESS ou identifiant Caf."),
    "establishment_kind": _field(
        {"type": "string", "enum": EstablishmentKind.values}, "Type d'établissement."
    ),
    "manager_type": _field({"type": "string", "enum": ManagerType.values}, "Type de gestionnaire."),
    "manager_name": _field(TEXT, "Nom du gestionnaire."),
    "funding": _field(
        {"type": "string", "enum": Funding.values},
        "psu : tarif selon les revenus (barème Caf) ; paje : prix fixé par la structure.",
    ),
    "capacity": _field(INTEGER, "Capacité autorisée (places)."),
    "closures": _field(TEXT, "Fermetures annuelles."),
    "meals_provided": _field(BOOLEAN, "Repas fournis."),
    "nappies_provided": _field(BOOLEAN, "Couches fournies."),
    "inclusive_care": _field(BOOLEAN, "Accueil d'enfants en situation de handicap."),
    "emergency_care": _field(BOOLEAN, "Accueil d'urgence."),
    "occasional_care": _field(BOOLEAN, "Accueil occasionnel."),
    "hourly_price": _field(
        {"type": ["string", "null"], "pattern": r"^\d+\.\d{2}$"},
        "Prix horaire en euros (structures PAJE), en texte décimal.",
    ),
    "email": _field(TEXT, "E-mail de contact de l'établissement."),
    "website": _field(TEXT, "Site web."),
    "availability_updated_at": _field(DATETIME, "Dernière mise à jour des disponibilités."),
    "updated_at": _field(DATETIME, "Dernière modification de la fiche."),
}
CHILDMINDER = {
    **COMMON,
    **PLACE,
    **AGES,
    "places": _field({"type": "integer", "minimum": 1, "maximum": 6}, "Enfants selon l'agrément."),
    "languages": _field({"type": "array", "items": STRING}, "Langues parlées."),
    "has_garden": _field(BOOLEAN, "Jardin."),
    "trainings": _field(TEXT, "Formations."),
    "inclusive_care": _field(BOOLEAN, "Accueil d'enfants en situation de handicap."),
    "on_monenfant": _field(BOOLEAN, "Inscrit sur monenfant.fr."),
    "location_is_exact": _field(
        BOOLEAN, "Vrai si l'assistant maternel a accepté de publier son adresse."
    ),
    "mam": _field(TEXT, "Nom de la MAM où il travaille."),
    "availability_updated_at": _field(DATETIME, "Dernière mise à jour des disponibilités."),
    "updated_at": _field(DATETIME, "Dernière modification de la fiche."),
}
MAM = {
    **COMMON,
    **PLACE,
    "email": _field(TEXT, "E-mail de contact de la MAM."),
}
HOME_CARE = {
    **COMMON,
    "provider_kind": _field({"type": "string", "enum": HomeCareKind.values}, "Type de garde."),
    "communes": _field({"type": "array", "items": STRING}, "Communes desservies."),
    "insee_codes": _field({"type": "array", "items": STRING}, "Codes INSEE desservis."),
    "email": _field(TEXT, "E-mail de contact."),
    "website": _field(TEXT, "Site web."),
}
SCHEMAS_BY_KIND = {
    "establishment": ("Establishment", ESTABLISHMENT),
    "childminder": ("Childminder", CHILDMINDER),
    "mam": ("Mam", MAM),
    "home_care": ("HomeCare", HOME_CARE),
}


def _object(properties: dict, kind: str) -> dict:
    props = dict(properties)
    props["kind"] = {**props["kind"], "const": kind}
    return {"type": "object", "required": sorted(props), "properties": props}


def _parameter(name: str) -> dict:
    schema: dict = {"type": "string"}
    if name == "page":
        schema = {"type": "integer", "minimum": 1, "default": 1}
    elif name == "page_size":
        schema = {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}
        schema["default"] = DEFAULT_PAGE_SIZE
    elif name == "age_mois":
        schema = {"type": "integer", "minimum": 0, "maximum": MAX_AGE_MONTHS}
    elif name == "type":
        schema = {"type": "string", "enum": KIND_ORDER}
    elif name == "commune":
        schema = {"type": "string", "pattern": "^(?:[0-9]{5}|2[AB][0-9]{3})$"}
    elif name in BOOLEAN_PARAMETERS:
        schema = {"type": "string", "enum": ["true", "false", "1", "0", "oui", "non"]}
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": PARAMETERS[name],
        "schema": schema,
    }


def _json(schema_ref: str, description: str) -> dict:
    return {
        "description": description,
        "headers": {
            "Access-Control-Allow-Origin": {"schema": {"type": "string", "const": "*"}},
            "Cache-Control": {"schema": {"type": "string"}},
        },
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}},
    }


def build_openapi(server_url: str) -> dict:
    offer_refs = [{"$ref": f"#/components/schemas/{name}"} for name, _ in SCHEMAS_BY_KIND.values()]
    schemas = {name: _object(props, kind) for kind, (name, props) in SCHEMAS_BY_KIND.items()}
    schemas["Offer"] = {
        "oneOf": offer_refs,
        "discriminator": {
            "propertyName": "kind",
            "mapping": {
                kind: f"#/components/schemas/{name}" for kind, (name, _) in SCHEMAS_BY_KIND.items()
            },
        },
    }
    schemas["OfferPage"] = {
        "type": "object",
        "required": ["count", "page", "page_size", "pages", "next", "previous", "results"],
        "properties": {
            "count": {"type": "integer", "minimum": 0, "description": "Nombre total d'offres."},
            "page": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            "pages": {"type": "integer", "minimum": 1, "description": "Nombre de pages."},
            "next": {"type": ["string", "null"], "format": "uri"},
            "previous": {"type": ["string", "null"], "format": "uri"},
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/Offer"}},
        },
    }
    schemas["Error"] = {
        "type": "object",
        "required": ["message"],
        "properties": {
            "message": {"type": "string", "description": "Explication en français."},
            "erreurs": {
                "type": "object",
                "description": "Pour chaque paramètre refusé, ce qui ne va pas.",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
    }
    method_not_allowed = _json("Error", "Méthode refusée : l'API ne sert que des lectures.")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "API de l'offre d'accueil du jeune enfant",
            "version": "1.0.0",
            "summary": "L'offre publique d'accueil du jeune enfant, en lecture seule.",
            "description": (
                "Crèches et autres établissements d'accueil du jeune enfant, maisons "
                "d'assistants maternels, assistants maternels et gardes à domicile du "
                "territoire. Seules les informations publiques sont servies : l'adresse "
                "et le téléphone d'un assistant maternel n'apparaissent qu'avec son accord ; "
                "sa date de naissance, son e-mail et son nom de famille jamais."
            ),
            "license": {"name": LICENCE_TITLE, "identifier": LICENCE_SPDX},
        },
        "externalDocs": {"description": "Licence", "url": LICENCE_URL},
        "servers": [{"url": server_url}],
        "paths": {
            "/offres/": {
                "get": {
                    "operationId": "listOffers",
                    "summary": "Lister les offres, par pages, avec des filtres",
                    "parameters": [_parameter(name) for name in PARAMETERS],
                    "responses": {
                        "200": _json("OfferPage", "Une page d'offres."),
                        "400": _json("Error", "Paramètre invalide (message en français)."),
                        "405": method_not_allowed,
                    },
                }
            },
            "/offres/{kind}/{id}/": {
                "get": {
                    "operationId": "getOffer",
                    "summary": "Une offre",
                    "parameters": [
                        {
                            "name": "kind",
                            "in": "path",
                            "required": True,
                            "description": "Type d'offre.",
                            "schema": {"type": "string", "enum": KIND_ORDER},
                        },
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "description": "Identifiant de l'offre.",
                            "schema": {"type": "integer", "minimum": 1},
                        },
                    ],
                    "responses": {
                        "200": _json("Offer", "L'offre."),
                        "404": _json(
                            "Error", "Offre inconnue, plus en activité ou hors du territoire."
                        ),
                        "405": method_not_allowed,
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "operationId": "getOpenApi",
                    "summary": "Cette description OpenAPI",
                    "responses": {
                        "200": {
                            "description": "Le document OpenAPI 3.1.",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        },
                        "405": method_not_allowed,
                    },
                }
            },
        },
        "components": {"schemas": schemas},
    }
