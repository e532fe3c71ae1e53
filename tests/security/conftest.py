"""One small territory with something of everything, for the security tests.

Two of each thing a role may reach: one inside the visitor's reach (its own dossier,
its organisation's commune, its crèche, its AM profile) and one outside, so that every
page can be tried both ways.
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from sppe.accounts import magic_link
from sppe.accounts.enums import Role
from sppe.dossiers import services
from sppe.dossiers.campaign_models import (
    CampaignStatus,
    ConfirmationCampaign,
    ConfirmationRequest,
)
from sppe.dossiers.enums import DocumentKind, Status
from sppe.information.enums import ContentKey
from sppe.offers.lists.enums import ListKind
from sppe.offers.lists.export import export_file
from sppe.offers.lists.formats import spec_for
from sppe.offers.lists.services import offer_list_import_preview
from sppe.offers.models import SharedCareAd
from sppe.offers.tokens import make_token as make_availability_token

from ..allocation.factories import validated_session
from ..dossiers.factories import desk_establishment, family, make_dossier, upload
from ..factories import OrganisationFactory, UserFactory
from ..information.factories import ContactFactory
from ..offers.factories import ChildminderFactory, MamFactory
from ..steering.factories import steering_world


@dataclass
class World:
    communes: list
    users: dict  # role -> the user that represents it
    dossier: object  # the family's own dossier, filed, in the agent's commune
    document: object
    other_dossier: object  # another family's, filed, in a commune outside the agent's
    other_document: object
    establishment: object  # the crèche manager's, in the agent's commune
    other_establishment: object  # another organisation's, outside the agent's commune
    childminder: object  # the childminder user's own profile
    other_childminder: object
    mam: object
    campaign: object
    confirmation: object
    offer_import: object
    ad: object
    contact: object
    commission: dict  # a validated session: deliberation, offer, appeal, override, frozen
    steering: object = None  # an open survey and its link, a plan, a grid year


def _filed_dossier(commune, establishments, account=None):
    application = make_dossier(commune=commune, establishments=establishments, account=account)
    services.application_submit(application=application, by=application.household.account)
    document = services.document_upload(
        household=application.household,
        kind=DocumentKind.INCOME,
        uploaded_file=upload("avis d'imposition.pdf"),
        by=application.household.account,
    )
    application.refresh_from_db()
    return application, document


def _offer_import(territory, agent):
    """A previewed AM list: the territory's own export, uploaded again."""
    data = export_file(spec_for(ListKind.AM), territory, "csv")
    return offer_list_import_preview(kind=ListKind.AM, file_name="am.csv", data=data, by=agent)


@pytest.fixture
def documents_root(settings, tmp_path):
    settings.DOCUMENTS_ROOT = tmp_path / "documents"
    return settings.DOCUMENTS_ROOT


@pytest.fixture
def world(territory, make_user, documents_root):
    return build_world(territory, make_user)


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One world for a whole module of read-only tests (the role matrix): built once in
    a transaction rolled back at the module's end; each test runs in a savepoint of it
    (the `db` fixture), so whatever a test writes is undone before the next one."""
    from django.db import transaction
    from django.test import override_settings

    from ..factories import CommuneFactory, TerritoryFactory

    def make_user(role, **kwargs):
        if role in (Role.AGENT, Role.CRECHE_MANAGER) and "organisation" not in kwargs:
            kwargs["organisation"] = OrganisationFactory(
                communes=list(territory.communes.order_by("insee_code")[:1])
            )
        if role == Role.TERRITORY_ADMIN:
            kwargs.setdefault("is_staff", True)
        return UserFactory(role=role, **kwargs)

    with (
        django_db_blocker.unblock(),
        override_settings(DOCUMENTS_ROOT=tmp_path_factory.mktemp("documents")),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            territory = TerritoryFactory(communes=CommuneFactory.create_batch(3))
            yield build_world(territory, make_user)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def build_world(territory, make_user) -> World:
    communes = list(territory.communes.order_by("insee_code"))
    inside, outside = communes[0], communes[1]
    agent = make_user(Role.AGENT)
    manager = make_user(Role.CRECHE_MANAGER, organisation=agent.organisation)
    establishment = desk_establishment(inside, organisation=manager.organisation)
    other_establishment = desk_establishment(
        outside, organisation=OrganisationFactory(communes=[outside])
    )
    owner = family(email="famille@exemple.test")
    dossier, document = _filed_dossier(inside, [establishment], account=owner)
    other_dossier, other_document = _filed_dossier(outside, [other_establishment])
    am_user = UserFactory(role=Role.CHILDMINDER, email="am@exemple.test")
    childminder = ChildminderFactory(commune=inside, user=am_user, email=am_user.email)
    other_childminder = ChildminderFactory(
        commune=outside, first_name="Sandrine", phone="0611223344"
    )
    campaign = ConfirmationCampaign.objects.create(
        starts_on=timezone.localdate(),
        deadline=timezone.localdate() + dt.timedelta(days=30),
        status=CampaignStatus.OPEN,
        created_at=timezone.now(),
        created_by=agent,
    )
    confirmation = ConfirmationRequest.objects.create(
        campaign=campaign,
        application=dossier,
        status_at_launch=Status.SUBMITTED,
        sent_at=timezone.now(),
    )
    users = {
        Role.FAMILY: owner,
        Role.CHILDMINDER: am_user,
        Role.AGENT: agent,
        Role.CRECHE_MANAGER: manager,
        Role.COMMISSION_MEMBER: make_user(Role.COMMISSION_MEMBER),
        Role.ELECTED: make_user(Role.ELECTED),
        Role.TERRITORY_ADMIN: make_user(Role.TERRITORY_ADMIN),
    }
    world = World(
        communes=communes,
        users=users,
        dossier=dossier,
        document=document,
        other_dossier=other_dossier,
        other_document=other_document,
        establishment=establishment,
        other_establishment=other_establishment,
        childminder=childminder,
        other_childminder=other_childminder,
        mam=MamFactory(commune=inside),
        campaign=campaign,
        confirmation=confirmation,
        offer_import=_offer_import(territory, agent),
        ad=SharedCareAd.objects.create(
            family=family(),
            commune=inside,
            child_age_months=8,
            days=0b111,
            start_date=timezone.localdate() + dt.timedelta(days=40),
        ),
        contact=ContactFactory(),
        commission=validated_session(
            application=dossier,
            establishment=establishment,
            president=users[Role.COMMISSION_MEMBER],
            by=users[Role.TERRITORY_ADMIN],
        ),
        steering=steering_world(territory),
    )
    from ..relais.factories import relais_world

    relais_world(world)  # the relais' slots, events and offers, inside and outside
    return world


def family_login_token(user):
    return magic_link.make_token(user)


def availability_token(childminder):
    return make_availability_token(childminder)


WELCOME = ContentKey.WELCOME.value
