"""Writes dated at an earlier moment (`now`): a dossier's history replayed, never ahead."""

import datetime as dt

import pytest
from django.utils import timezone

from sppe.dossiers import services
from sppe.dossiers.enums import Channel, DocumentKind, NoteKind, Status
from sppe.dossiers.models import Application, Household, StatusChange
from sppe.dossiers.states import Reason
from sppe.notifications.models import Message

from .factories import born_child, care_request, family, make_dossier, situation, upload


def days_ago(days, hour=10):
    """A moment `days` ago, at `hour` o'clock local time."""
    day = timezone.localdate() - dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def create(communes, creches, *, now=None, **kwargs):
    return services.application_create(
        situation=situation(communes[0]),
        request=care_request(),
        children=born_child(),
        establishments=creches,
        now=now,
        **kwargs,
    )


def test_a_backdated_creation_and_submission_carry_their_dates(
    communes, creches, django_capture_on_commit_callbacks
):
    created, submitted = days_ago(40, hour=20), days_ago(38, hour=21)
    account, _new = services.family_account_get_or_create(email="lea@example.org", now=created)
    application = create(communes, creches, by=account, now=created)
    document = services.document_upload(
        household=application.household,
        kind=DocumentKind.PROOF_OF_ADDRESS,
        uploaded_file=upload(),
        by=account,
        now=days_ago(39),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=application, by=account, now=submitted)

    stored = Application.objects.get(pk=application.pk)
    assert stored.created_at == created and stored.submitted_at == submitted
    assert stored.updated_at == submitted and application.updated_at == submitted
    assert stored.reference == f"GU-{created.year}-{stored.pk:06d}"
    assert Household.objects.get(pk=stored.household_id).updated_at == created
    assert account.date_joined == created
    document.refresh_from_db()
    assert document.uploaded_at == days_ago(39)
    log = list(stored.status_changes.values_list("to_status", "at"))
    assert log == [(Status.DRAFT, created), (Status.SUBMITTED, submitted)]
    message = Message.objects.get(related_id=stored.pk, event="submitted")
    assert message.created_at == submitted


def test_a_backdated_check_dates_the_move_the_notes_and_the_consent(communes, creches, agent):
    created, checked = days_ago(30, hour=9), days_ago(21, hour=15)
    application = create(
        communes,
        creches,
        by=agent,
        channel=Channel.COUNTER,
        consent_given=True,
        account=family(),
        now=created,
    )
    services.application_submit(application=application, by=agent, now=created)
    services.application_transition(
        application=application,
        to=Status.INCOMPLETE,
        by=agent,
        reason=Reason.MISSING_DOCUMENTS,
        now=checked,
    )
    note = services.note_add(
        application=application,
        kind=NoteKind.DOCUMENT_REQUESTED,
        document_kind=DocumentKind.INCOME,
        by=agent,
        now=checked,
    )
    withdrawn = days_ago(2)
    services.application_withdraw(application=application, by=agent, now=withdrawn)
    access = services.access_log_record(application=application, user=agent, now=withdrawn)

    stored = Application.objects.get(pk=application.pk)
    assert stored.consent_recorded_at == created
    assert stored.submitted_at == created
    assert [change.at for change in stored.status_changes.all()] == [
        created,
        created,
        checked,
        withdrawn,
    ]
    assert note.at == checked and access.at == withdrawn
    assert stored.updated_at == withdrawn


def test_without_now_every_write_is_dated_by_the_clock(communes, creches, agent):
    before = timezone.now()
    account = family()
    application = make_dossier(account=account, commune=communes[0], establishments=creches)
    services.application_submit(application=application, by=account)
    note = services.note_add(application=application, kind=NoteKind.FAMILY_CALLED, by=agent)
    after = timezone.now()

    stored = Application.objects.get(pk=application.pk)
    for moment in (stored.created_at, stored.updated_at, stored.submitted_at, note.at):
        assert before <= moment <= after
    assert all(before <= c.at <= after for c in StatusChange.objects.filter(application=stored))


def test_a_moment_in_the_future_is_refused_and_nothing_is_written(communes, creches, agent):
    account = family()
    tomorrow = timezone.now() + dt.timedelta(days=1)
    with pytest.raises(ValueError, match="future"):
        create(communes, creches, by=account, now=tomorrow)
    assert not Application.objects.exists()

    application = make_dossier(account=account, commune=communes[0], establishments=creches)
    with pytest.raises(ValueError, match="future"):
        services.application_submit(application=application, by=account, now=tomorrow)
    with pytest.raises(ValueError, match="future"):
        services.note_add(
            application=application, kind=NoteKind.FAMILY_CALLED, by=agent, now=tomorrow
        )
    with pytest.raises(ValueError, match="future"):
        services.document_upload(
            household=application.household,
            kind=DocumentKind.INCOME,
            uploaded_file=upload(),
            by=account,
            now=tomorrow,
        )
    application.refresh_from_db()
    assert application.status == Status.DRAFT and application.submitted_at is None
    assert application.status_changes.count() == 1
    assert not application.household.documents.exists()


def test_a_move_dated_before_the_last_one_is_refused(communes, creches):
    account = family()
    application = create(communes, creches, by=account, now=days_ago(10))
    with pytest.raises(ValueError, match="before the dossier's last change"):
        services.application_submit(application=application, by=account, now=days_ago(12))
    assert Application.objects.get(pk=application.pk).status == Status.DRAFT


def test_a_naive_moment_is_refused(communes, creches):
    naive = dt.datetime.now() - dt.timedelta(days=3)
    with pytest.raises(ValueError, match="aware"):
        create(communes, creches, by=family(), now=naive)
