"""The demo offer: the childcare offer of the CC de Vie et Boulogne at its real size.

Document 003 (the RPE's operating project 2025-2029) gives the totals: 312 AM
with 1,092 places, 12 MAM, 3 communal structures (Aizenay, Bellevigny, Le
Poiré-sur-Vie) and 11 private micro-crèches. It has no figure per commune, so AM,
MAM and micro-crèches are spread over the 15 communes by population. It says that
32.6 % of collective places are PSU places; with eleven micro-crèches of 10 to 12
places, that puts about 60 places in the three communal structures.

Loading is idempotent by key (an upsert): establishments and MAM carry an
`external_id` starting with "VB-", AM an agrément number starting with "VB-AM-".
A second load updates those rows in place (their primary keys stay, so dossiers or
contacts pointing at a demo crèche survive), deletes generated rows the generator no
longer makes, replaces their availabilities, and never touches offer entered by hand.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import ProtectedError, Sum
from django.utils import timezone

from sppe.accounts.enums import Role
from sppe.accounts.models import User
from sppe.offers.enums import EstablishmentKind, Funding, ManagerType
from sppe.offers.models import Availability, Childminder, Establishment, Mam, Section
from sppe.territories.enums import OrganisationKind
from sppe.territories.models import Organisation, Territory

from .generator import (
    BATCH_SIZE,
    STALE_AFTER_DAYS,
    CommuneInfo,
    CommuneOffer,
    OfferGenerator,
    agrement_sizes,
    apportion,
)
from .territory import ACCOUNTS, CRECHE_OPERATOR_NAME, DemoDataError

DEMO_SEED = 85_170
DEMO_KEY_PREFIX = "VB"
DEMO_CHILDMINDERS = 312
DEMO_PLACES = 1_092
DEMO_MAMS = 12
DEMO_MICRO_CRECHES = 11
MICRO_CRECHES_PER_COMMUNE = 3
# The three communal multi-accueils: (INSEE code, name, places, managing organisation).
DEMO_PUBLIC_STRUCTURES = (
    ("85003", "Les Galopins", 24, CRECHE_OPERATOR_NAME),
    ("85178", "Les Lucioles", 20, None),
    ("85019", "Les Farfadets", 16, None),
)
# The demo AM account's own record: the lead's pages find her by this number.
DEMO_CHILDMINDER_AGREMENT = f"{DEMO_KEY_PREFIX}-AM-000001"
DEMO_CHILDMINDER_EMAIL = next(a.email for a in ACCOUNTS if a.role == Role.CHILDMINDER)


@dataclass
class DemoOfferReport:
    childminders: int
    places: int
    mams: int
    public_establishments: int
    micro_creches: int
    availabilities: int
    stale: int

    def lines(self) -> list[str]:
        return [
            f"Assistants maternels : {self.childminders} ({self.places} places agréées)",
            f"MAM : {self.mams}",
            f"Établissements publics : {self.public_establishments}",
            f"Micro-crèches privées : {self.micro_creches}",
            f"Disponibilités : {self.availabilities}, dont {self.stale} anciennes "
            f"(plus de {STALE_AFTER_DAYS} jours)",
        ]


def build_demo_offer(
    communes: list[CommuneInfo], *, creche_operator: Organisation, now: dt.datetime
) -> CommuneOffer:
    """The whole demo offer, unsaved, for the 15 communes (deterministic)."""
    by_code = {commune.insee_code: commune for commune in communes}
    missing = [code for code, *_ in DEMO_PUBLIC_STRUCTURES if code not in by_code]
    if missing:
        raise DemoDataError(
            f"Commune(s) {', '.join(missing)} absente(s) du territoire de démonstration."
        )
    generator = OfferGenerator(seed=DEMO_SEED, now=now, key_prefix=DEMO_KEY_PREFIX)
    generator.reserve_names(name for _code, name, *_rest in DEMO_PUBLIC_STRUCTURES)
    populations = [commune.population or 1 for commune in communes]
    childminders = apportion(DEMO_CHILDMINDERS, populations, minimum=1)
    mams = apportion(DEMO_MAMS, childminders, caps=[n // 3 for n in childminders])
    micro_creches = apportion(
        DEMO_MICRO_CRECHES, populations, caps=[MICRO_CRECHES_PER_COMMUNE] * len(communes)
    )
    sizes = agrement_sizes(generator.rng, DEMO_CHILDMINDERS, DEMO_PLACES)
    micro_creche = (EstablishmentKind.MICRO_CRECHE, ManagerType.PRIVATE, Funding.PAJE)
    offer = CommuneOffer()
    cursor = 0
    for index, commune in enumerate(communes):
        offer.extend(
            generator.commune_offer(
                commune,
                places=sizes[cursor : cursor + childminders[index]],
                mams=mams[index],
                establishments=[micro_creche] * micro_creches[index],
            )
        )
        cursor += childminders[index]
    for code, name, capacity, organisation_name in DEMO_PUBLIC_STRUCTURES:
        offer.establishments.append(
            generator.establishment(
                by_code[code],
                kind=EstablishmentKind.MULTI_ACCUEIL,
                manager_type=ManagerType.PUBLIC,
                funding=Funding.PSU,
                capacity=capacity,
                name=name,
                organisation=creche_operator if organisation_name else None,
                joins_single_desk=True,
            )
        )
    _make_demo_childminder(offer, generator, now)
    return offer


def _make_demo_childminder(offer: CommuneOffer, generator: OfferGenerator, now: dt.datetime):
    """The first AM of Aizenay becomes the demo account's record, with fresh places."""
    am = offer.childminders[0]
    if am.agrement_number != DEMO_CHILDMINDER_AGREMENT:
        raise DemoDataError("L'assistant maternel de démonstration n'a pas été généré.")
    account = next(a for a in ACCOUNTS if a.email == DEMO_CHILDMINDER_EMAIL)
    am.first_name, am.last_name = account.first_name, account.last_name
    am.email = account.email
    am.availability_updated_at = (now - dt.timedelta(days=12)).replace(microsecond=0)
    am.availability_reminded_at = None
    availabilities = [a for a in offer.availabilities if a.childminder is am]
    if not availabilities:
        offer.availabilities.append(generator.childminder_availability(am))
        availabilities = offer.availabilities[-1:]
    for availability in availabilities:
        availability.updated_at = am.availability_updated_at


def _upsert(model, key: str, objects: list, *, prefix: str):
    """Create or update `objects` by `key`; delete the generated rows not in `objects`.

    A few hundred rows: one UPDATE each is faster here than bulk_update's CASE clauses.
    """
    current = dict(model.objects.filter(**{f"{key}__startswith": prefix}).values_list(key, "pk"))
    fields = [
        f.name for f in model._meta.concrete_fields if not f.primary_key and f.name != "created_at"
    ]
    to_create = []
    for obj in objects:
        pk = current.pop(getattr(obj, key), None)
        if pk is None:
            to_create.append(obj)
        else:
            obj.pk = pk
            obj._state.adding = False
            obj.save(update_fields=fields)
    try:
        model.objects.filter(pk__in=current.values()).delete()
    except ProtectedError as exc:
        raise DemoDataError(
            "Des dossiers désignent un établissement de démonstration qui n'existe plus : "
            "l'offre de démonstration n'a pas été rechargée."
        ) from exc
    model.objects.bulk_create(to_create, batch_size=BATCH_SIZE)


def _upsert_sections(establishments: list[Establishment], sections: list[Section]):
    current = {
        (establishment_id, name): pk
        for pk, establishment_id, name in Section.objects.filter(
            establishment__in=establishments
        ).values_list("pk", "establishment_id", "name")
    }
    to_create = []
    for section in sections:
        pk = current.pop((section.establishment.pk, section.name), None)
        if pk is None:
            to_create.append(section)
        else:
            section.pk = pk
            section._state.adding = False
            section.save(update_fields=["age_min_months", "age_max_months", "capacity"])
    Section.objects.filter(pk__in=current.values()).delete()
    Section.objects.bulk_create(to_create, batch_size=BATCH_SIZE)


def demo_offer_report(*, now: dt.datetime | None = None) -> DemoOfferReport:
    now = now or timezone.now()
    childminders = Childminder.objects.filter(agrement_number__startswith=f"{DEMO_KEY_PREFIX}-")
    establishments = Establishment.objects.filter(external_id__startswith=f"{DEMO_KEY_PREFIX}-")
    availabilities = Availability.objects.filter(
        childminder__in=childminders
    ) | Availability.objects.filter(section__establishment__in=establishments)
    return DemoOfferReport(
        childminders=childminders.count(),
        places=childminders.aggregate(total=Sum("places"))["total"] or 0,
        mams=Mam.objects.filter(external_id__startswith=f"{DEMO_KEY_PREFIX}-").count(),
        public_establishments=establishments.filter(manager_type=ManagerType.PUBLIC).count(),
        micro_creches=establishments.filter(
            kind=EstablishmentKind.MICRO_CRECHE, manager_type=ManagerType.PRIVATE
        ).count(),
        availabilities=availabilities.count(),
        stale=availabilities.filter(
            updated_at__lt=now - dt.timedelta(days=STALE_AFTER_DAYS)
        ).count(),
    )


@transaction.atomic
def load_demo_offer(*, now: dt.datetime | None = None) -> DemoOfferReport:
    """Create or refresh the demo offer on the demo territory (see the module's doc)."""
    now = now or timezone.now()
    territory = Territory.objects.current()
    if territory is None:
        raise DemoDataError("Chargez d'abord le territoire de démonstration (load_demo).")
    communes = CommuneInfo.from_queryset(territory.communes.all())
    creche_operator = Organisation.objects.filter(
        name=CRECHE_OPERATOR_NAME, kind=OrganisationKind.CRECHE_OPERATOR
    ).first()
    if creche_operator is None:
        raise DemoDataError(f"L'organisation « {CRECHE_OPERATOR_NAME} » est introuvable.")
    offer = build_demo_offer(communes, creche_operator=creche_operator, now=now)
    demo_user = User.objects.filter(email=DEMO_CHILDMINDER_EMAIL).first()
    if demo_user is not None:
        # A hand-made record may already hold the account: the demo one takes it over.
        Childminder.objects.filter(user=demo_user).exclude(
            agrement_number=DEMO_CHILDMINDER_AGREMENT
        ).update(user=None)
    offer.childminders[0].user = demo_user

    establishments = [generated.establishment for generated in offer.establishments]

    _upsert(Mam, "external_id", offer.mams, prefix=f"{DEMO_KEY_PREFIX}-")
    _upsert(Establishment, "external_id", establishments, prefix=f"{DEMO_KEY_PREFIX}-")
    _upsert_sections(
        establishments, [s for generated in offer.establishments for s in generated.sections]
    )
    _upsert(Childminder, "agrement_number", offer.childminders, prefix=f"{DEMO_KEY_PREFIX}-AM-")
    Availability.objects.filter(
        childminder__agrement_number__startswith=f"{DEMO_KEY_PREFIX}-AM-"
    ).delete()
    Availability.objects.filter(section__establishment__in=establishments).delete()
    Availability.objects.bulk_create(
        offer.availabilities + [a for g in offer.establishments for a in g.availabilities],
        batch_size=BATCH_SIZE,
    )
    return demo_offer_report(now=now)
