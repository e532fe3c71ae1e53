import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from sppe.accounts.enums import Role
from sppe.dossiers import selectors, services
from sppe.dossiers.ages import AgeSection
from sppe.dossiers.enums import Channel, DocumentKind, NoteKind, Status
from sppe.dossiers.models import AgentNote, Application, Household, StatusChange
from sppe.dossiers.states import Reason

from ..offers.factories import EstablishmentFactory
from .factories import (
    add_all_documents,
    born_child,
    care_request,
    commission,
    expected_twins,
    family,
    make_dossier,
    situation,
)


def test_family_creates_a_draft_for_expected_twins(communes, creches):
    account = family()
    application = make_dossier(
        account=account, commune=communes[0], establishments=creches, children=expected_twins()
    )
    assert application.status == Status.DRAFT
    assert application.reference == f"GU-{timezone.now().year}-{application.pk:06d}"
    assert application.household.account == account
    assert application.children.count() == 2
    assert {c.due_date for c in application.children.all()} == {
        timezone.localdate() + dt.timedelta(days=60)
    }
    assert list(application.choices.values_list("establishment", flat=True)) == [
        c.pk for c in creches
    ]
    assert application.age_section == AgeSection.BABIES
    change = application.status_changes.get()
    assert (change.from_status, change.to_status, change.by) == ("", Status.DRAFT, account)
    # A second request reuses the household.
    make_dossier(account=account, commune=communes[1], establishments=creches[:1])
    assert Household.objects.filter(account=account).count() == 1
    assert Household.objects.get(account=account).commune == communes[1]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"establishments": "outside"}, "ne participe pas au guichet unique"),
        ({"establishments": "twice"}, "qu'une fois"),
        ({"establishments": "six"}, "cinq crèches au plus"),
        ({"establishments": "none"}, "au moins une crèche"),
        ({"commune": "outside"}, "ne fait pas partie du territoire"),
        ({"children": "too_old"}, "avant les 3 ans de l'enfant"),
        ({"children": "four"}, "un à trois enfants"),
        ({"children": "wished_before_birth"}, "après la naissance"),
        ({"parent2": ""}, "second parent"),
        ({"resources": None}, "ressources"),
    ],
)
def test_creation_is_checked(communes, creches, overrides, message):
    from ..factories import CommuneFactory

    establishments = list(creches)
    commune = communes[0]
    children = born_child()
    request = care_request()
    extra = {}
    if overrides.get("establishments") == "outside":
        establishments = [EstablishmentFactory(commune=communes[0], joins_single_desk=False)]
    elif overrides.get("establishments") == "twice":
        establishments = [creches[0], creches[0]]
    elif overrides.get("establishments") == "six":
        establishments = [EstablishmentFactory(commune=commune, joins_single_desk=True)] * 6
    elif overrides.get("establishments") == "none":
        establishments = []
    if overrides.get("commune") == "outside":
        commune = CommuneFactory()
    if overrides.get("children") == "too_old":
        children = born_child(months=40)
        request = care_request(wished_start_date=timezone.localdate() + dt.timedelta(days=10))
    elif overrides.get("children") == "four":
        children = born_child() * 4
    elif overrides.get("children") == "wished_before_birth":
        due = timezone.localdate() + dt.timedelta(days=250)
        children = [services.ChildInput(due_date=due)]
    if "parent2" in overrides:
        extra["parent2_activity"] = ""
    if "resources" in overrides:
        extra["annual_resources"] = None
    with pytest.raises(services.DossierError) as error:
        services.application_create(
            situation=situation(commune, **extra),
            request=request,
            children=children,
            establishments=establishments,
            by=family(),
        )
    assert message in str(error.value)
    assert not Application.objects.exists()


def test_submit_then_agent_marks_incomplete_then_family_completes(
    dossier, agent, django_capture_on_commit_callbacks
):
    family_user = dossier.household.account
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=dossier, by=family_user)
    assert dossier.status == Status.SUBMITTED
    assert dossier.submitted_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [family_user.email]
    assert dossier.reference in mail.outbox[0].subject

    with pytest.raises(services.DossierError, match="Choisissez un motif"):
        services.application_transition(application=dossier, to=Status.INCOMPLETE, by=agent)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_transition(
            application=dossier,
            to=Status.INCOMPLETE,
            by=agent,
            reason=Reason.MISSING_DOCUMENTS,
            expected_version=dossier.version,
        )
    assert len(mail.outbox) == 2
    assert dossier.reference in mail.outbox[1].subject

    with pytest.raises(services.DossierError, match="ne peut pas être complet"):
        services.application_transition(application=dossier, to=Status.COMPLETE, by=agent)
    add_all_documents(dossier)
    services.application_submit(application=dossier, by=family_user)
    services.application_transition(application=dossier, to=Status.COMPLETE, by=agent)
    assert list(dossier.status_changes.values_list("to_status", flat=True)) == [
        Status.DRAFT,
        Status.SUBMITTED,
        Status.INCOMPLETE,
        Status.SUBMITTED,
        Status.COMPLETE,
    ]
    assert dossier.status_changes.get(to_status=Status.INCOMPLETE).by == agent


def test_moves_outside_the_table_are_refused(dossier, agent):
    family_user = dossier.household.account
    with pytest.raises(services.TransitionNotAllowed, match="ne peut pas passer"):
        services.application_transition(application=dossier, to=Status.COMPLETE, by=agent)
    services.application_submit(application=dossier, by=family_user)
    with pytest.raises(services.TransitionNotAllowed):
        services.application_transition(application=dossier, to=Status.COMPLETE, by=family_user)
    with pytest.raises(PermissionDenied):
        services.application_transition(application=dossier, to=Status.WITHDRAWN, by=family())
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED


def test_a_stale_version_changes_nothing(dossier, agent):
    services.application_submit(application=dossier, by=dossier.household.account)
    seen = dossier.version
    services.note_add(application=dossier, kind=NoteKind.CALLED_FAMILY, by=agent)
    services.application_transition(
        application=dossier,
        to=Status.INCOMPLETE,
        by=agent,
        reason=Reason.MISSING_DOCUMENTS,
        expected_version=seen,
    )
    changes = StatusChange.objects.count()
    with pytest.raises(services.StaleDossierError) as error:
        services.application_transition(
            application=dossier,
            to=Status.WITHDRAWN,
            by=agent,
            reason=Reason.FAMILY_REQUEST,
            expected_version=seen,
        )
    assert "Un autre agent a modifié ce dossier à" in str(error.value)
    assert StatusChange.objects.count() == changes
    dossier.refresh_from_db()
    assert dossier.status == Status.INCOMPLETE
    assert dossier.version == seen + 1


def test_freeze_for_commission_and_back_on_the_list(dossier, agent, communes, creches):
    family_user = dossier.household.account
    services.application_submit(application=dossier, by=family_user)
    add_all_documents(dossier)
    services.application_transition(application=dossier, to=Status.COMPLETE, by=agent)
    draft = make_dossier(commune=communes[0], establishments=creches)
    session = commission()
    assert services.application_freeze_for_commission(session=session) == 1
    dossier.refresh_from_db()
    assert dossier.frozen_at is not None
    draft.refresh_from_db()
    assert draft.frozen_at is None
    with pytest.raises(services.FrozenDossierError, match="figées"):
        services.application_update_situation(
            application=dossier, situation=situation(communes[0]), by=family_user
        )
    with pytest.raises(services.FrozenDossierError):
        services.application_update_choices(
            application=dossier, establishments=creches[:1], by=family_user
        )
    assert selectors.commission_for(dossier) == session
    services.application_transition(application=dossier, to=Status.PRESENTED, by=None)
    services.application_transition(application=dossier, to=Status.NOT_PLACED, by=None)
    dossier.refresh_from_db()
    assert dossier.frozen_at is None
    services.application_update_choices(
        application=dossier, establishments=creches[::-1], by=family_user
    )
    assert dossier.choices.get(rank=1).establishment == creches[1]


def test_updates(dossier, communes, creches):
    family_user = dossier.household.account
    services.application_update_situation(
        application=dossier,
        situation=situation(communes[1], single_parent=True, resources_declined=True),
        by=family_user,
        expected_version=dossier.version,
    )
    household = Household.objects.get(pk=dossier.household_id)
    assert household.single_parent and household.parent2_activity == ""
    assert household.resources_declined and household.annual_resources is None
    dossier.refresh_from_db()
    assert dossier.version == 2
    assert DocumentKind.INCOME not in [k for k, _n in selectors.required_documents(dossier)]
    services.application_update_request(
        application=dossier,
        request=care_request(wished_start_date=timezone.localdate() + dt.timedelta(days=800)),
        children=born_child(months=6),
        by=family_user,
    )
    dossier.refresh_from_db()
    assert dossier.age_section == AgeSection.OLDER
    with pytest.raises(services.DossierError, match="qu'une fois"):
        services.application_update_choices(
            application=dossier, establishments=[creches[0], creches[0]], by=family_user
        )
    with pytest.raises(PermissionDenied):
        services.application_update_choices(
            application=dossier, establishments=creches, by=family()
        )


def test_withdraw(dossier, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.application_withdraw(
            application=dossier, by=dossier.household.account, reason=Reason.FOUND_OTHER_CARE
        )
    assert dossier.status == Status.WITHDRAWN
    assert dossier.status_changes.last().reason == Reason.FOUND_OTHER_CARE
    with pytest.raises(services.TransitionNotAllowed):
        services.application_withdraw(application=dossier, by=dossier.household.account)


def test_counter_entry_needs_consent_and_a_way_to_reach_the_family(agent, communes, creches):
    kwargs = {
        "request": care_request(),
        "children": born_child(),
        "establishments": creches,
        "by": agent,
        "channel": Channel.COUNTER,
    }
    with pytest.raises(services.DossierError, match="accord de la famille"):
        services.application_create(situation=situation(communes[0]), **kwargs)
    with pytest.raises(services.DossierError, match="e-mail ou un numéro"):
        services.application_create(
            situation=situation(communes[0], phone=""), consent_given=True, **kwargs
        )
    with pytest.raises(services.DossierError, match="guichet ou par téléphone"):
        services.application_create(
            situation=situation(communes[0]),
            consent_given=True,
            **{**kwargs, "channel": Channel.ONLINE},
        )
    application = services.application_create(
        situation=situation(communes[0]), consent_given=True, **kwargs
    )
    assert application.household.account is None
    assert application.consent_recorded_by == agent
    assert application.consent_recorded_at is not None
    assert application.channel == Channel.COUNTER
    with pytest.raises(PermissionDenied):
        services.application_create(
            situation=situation(communes[0]),
            consent_given=True,
            **{**kwargs, "by": family(), "channel": Channel.PHONE},
        )


def test_notes_are_structured_and_for_agents_only(dossier, agent):
    with pytest.raises(PermissionDenied):
        services.note_add(
            application=dossier, kind=NoteKind.CALLED_FAMILY, by=dossier.household.account
        )
    with pytest.raises(services.DossierError, match="dans la liste"):
        services.note_add(application=dossier, kind="elle a l'air négligente", by=agent)
    with pytest.raises(services.DossierError, match="pièce concernée"):
        services.note_add(application=dossier, kind=NoteKind.DOCUMENT_REQUESTED, by=agent)
    note = services.note_add(
        application=dossier,
        kind=NoteKind.DOCUMENT_REQUESTED,
        document_kind=DocumentKind.INCOME,
        by=agent,
    )
    assert AgentNote.objects.get() == note


def test_next_commission_is_the_first_not_yet_frozen(db):
    today = timezone.localdate()
    assert selectors.next_commission() is None
    commission(days_ahead=5)  # freeze date already passed
    later = commission(days_ahead=40)
    assert selectors.next_commission(on=today) == later


def test_actor_for_other_roles(make_user, dossier):
    with pytest.raises(PermissionDenied):
        services.application_transition(
            application=dossier, to=Status.SUBMITTED, by=make_user(Role.ELECTED)
        )
