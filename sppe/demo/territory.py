"""The demo instance: the CC de Vie et Boulogne (Vendée), reference document 003.

Organisations' public contact details come from the RPE's operating project
2025-2029 (shared/reference/003). People are fictional.
"""

from dataclasses import dataclass

from django.db import transaction

from sppe.accounts.enums import Role
from sppe.accounts.models import User
from sppe.territories.enums import OrganisationKind, TerritoryKind
from sppe.territories.models import Commune, Epci, Organisation
from sppe.territories.services import territory_configure

VIE_ET_BOULOGNE_SIREN = "200072882"
DEMO_PASSWORD = "demo-sppe-2026"  # noqa: S105 - printed on purpose for the demo
PRIMARY_COLOUR = "#2f6b2f"


class DemoDataError(Exception):
    pass


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: Role
    first_name: str
    last_name: str
    organisation: str | None = None


RPE_NAME = "Relais Petite Enfance Vie et Boulogne"
SERVICE_NAME = "Service petite enfance de la CC Vie et Boulogne"
CRECHE_OPERATOR_NAME = "Commune d'Aizenay — multi-accueil"

ACCOUNTS = [
    DemoAccount("famille@demo.example.org", Role.FAMILY, "Camille", "Martin"),
    DemoAccount("am@demo.example.org", Role.CHILDMINDER, "Sophie", "Bernard"),
    DemoAccount("agent@demo.example.org", Role.AGENT, "Julie", "Moreau", RPE_NAME),
    DemoAccount(
        "creche@demo.example.org", Role.CRECHE_MANAGER, "Nadia", "Petit", CRECHE_OPERATOR_NAME
    ),
    DemoAccount("commission@demo.example.org", Role.COMMISSION_MEMBER, "Paul", "Girard"),
    DemoAccount("elu@demo.example.org", Role.ELECTED, "Michel", "Roux"),
    DemoAccount("admin@demo.example.org", Role.TERRITORY_ADMIN, "Claire", "Fournier", SERVICE_NAME),
]


def _organisations(communes):
    aizenay = [c for c in communes if c.name == "Aizenay"]
    specs = [
        (
            RPE_NAME,
            OrganisationKind.RPE,
            communes,
            {
                "email": "relaispetiteenfance@vieetboulogne.fr",
                "phone": "02 51 31 93 18",
                "address": "24 rue des Landes (zone de la Gendronnière)\n85170 Le Poiré-sur-Vie",
            },
        ),
        (
            SERVICE_NAME,
            OrganisationKind.MUNICIPAL_SERVICE,
            communes,
            {"address": "24 rue des Landes (zone de la Gendronnière)\n85170 Le Poiré-sur-Vie"},
        ),
        (CRECHE_OPERATOR_NAME, OrganisationKind.CRECHE_OPERATOR, aizenay, {}),
    ]
    organisations = {}
    for name, kind, perimeter, contact in specs:
        organisation, _ = Organisation.objects.update_or_create(
            name=name, kind=kind, defaults=contact
        )
        organisation.communes.set(perimeter)
        organisations[name] = organisation
    return organisations


@transaction.atomic
def load_demo_territory():
    try:
        epci = Epci.objects.get(siren=VIE_ET_BOULOGNE_SIREN)
    except Epci.DoesNotExist as exc:
        raise DemoDataError(
            "La CC de Vie et Boulogne est introuvable : chargez d'abord les communes "
            "(python manage.py import_communes)."
        ) from exc
    territory = territory_configure(
        name=epci.name, kind=TerritoryKind.EPCI, epci=epci, colour=PRIMARY_COLOUR
    )
    communes = list(Commune.objects.filter(epci=epci).order_by("name"))
    organisations = _organisations(communes)
    for account in ACCOUNTS:
        user = User.objects.filter(email=account.email).first() or User(email=account.email)
        user.role = account.role
        user.first_name, user.last_name = account.first_name, account.last_name
        user.organisation = organisations.get(account.organisation)
        user.is_staff = account.role == Role.TERRITORY_ADMIN
        user.set_password(DEMO_PASSWORD)
        user.save()
    return territory
