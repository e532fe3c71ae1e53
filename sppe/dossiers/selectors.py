"""Reads of the single desk: who may see which dossier, the agents' queue, completeness.

A family reaches only its own dossiers and documents; an agent only the dossiers of
households living in the communes of its perimeter (the territory, narrowed to its
organisation's communes). Anything else is a 404, so that nobody can probe which
dossier numbers exist.
"""

from datetime import date

from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from django.utils.translation import ngettext

from sppe.accounts.enums import Role
from sppe.accounts.perms import communes_in_perimeter
from sppe.territories.models import Territory

from .enums import Channel, DocumentKind, ParentActivity, Status
from .models import Application, CommissionSession, Document

ACTIVE_PARENT = {
    ParentActivity.EMPLOYED,
    ParentActivity.SELF_EMPLOYED,
    ParentActivity.JOB_SEEKING,
    ParentActivity.TRAINING,
}


def current_territory():
    return Territory.objects.current()


# --- commissions ------------------------------------------------------------------


def next_commission(*, on: date | None = None):
    """The next commission a dossier complete today can still be studied by.

    That is the first sitting whose data-freeze date is today or later; None if the
    territory has not planned one yet.
    """
    on = on or timezone.localdate()
    return CommissionSession.objects.filter(data_freeze_date__gte=on).order_by("date").first()


def commission_for(application, *, on: date | None = None):
    """The commission that will give this dossier its next answer, if any."""
    on = on or timezone.localdate()
    if application.status == Status.PRESENTED or application.frozen_at is not None:
        return CommissionSession.objects.filter(answer_date__gte=on).order_by("date").first()
    return next_commission(on=on)


# --- families ---------------------------------------------------------------------


def dossiers_for_family(user):
    if not user.is_authenticated or user.role != Role.FAMILY:
        return Application.objects.none()
    return Application.objects.filter(household__account=user)


def dossier_for_family(user, pk):
    application = (
        dossiers_for_family(user)
        .select_related("household", "household__commune")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    return application


def documents_for_family(user):
    if not user.is_authenticated or user.role != Role.FAMILY:
        return Document.objects.none()
    return Document.objects.filter(household__account=user)


def document_for_family(user, pk):
    document = documents_for_family(user).filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


# --- agents -----------------------------------------------------------------------


def dossiers_for_agent(user):
    """Dossiers of households in the agent's perimeter, online drafts excepted.

    A draft started online is the family's own work until it files it; a draft an
    agent entered at the counter is shown.
    """
    perimeter = communes_in_perimeter(user, current_territory())
    return Application.objects.filter(household__commune__in=perimeter).exclude(
        status=Status.DRAFT, channel=Channel.ONLINE
    )


def dossier_for_agent(user, pk):
    application = (
        dossiers_for_agent(user)
        .select_related("household", "household__commune", "household__account")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    return application


def document_for_agent(user, pk):
    """A document of a household with at least one dossier the agent may see."""
    visible = dossiers_for_agent(user).values("household_id")
    document = Document.objects.filter(pk=pk, household_id__in=visible).first()
    if document is None:
        raise Http404
    return document


def agent_queue(
    user,
    *,
    status="",
    commune=None,
    age_section="",
    wished_from=None,
    wished_to=None,
    establishment=None,
):
    """The agent's queue, filtered; oldest filed first so that nobody waits forever."""
    qs = dossiers_for_agent(user)
    if status:
        qs = qs.filter(status=status)
    if commune is not None:
        qs = qs.filter(household__commune=commune)
    if age_section:
        qs = qs.filter(age_section=age_section)
    if wished_from:
        qs = qs.filter(wished_start_date__gte=wished_from)
    if wished_to:
        qs = qs.filter(wished_start_date__lte=wished_to)
    if establishment is not None:
        qs = qs.filter(choices__establishment=establishment)
    return (
        qs.distinct()
        .select_related("household", "household__commune")
        .prefetch_related("children")
        .order_by("submitted_at", "created_at", "pk")
    )


def status_counts(user) -> dict[str, int]:
    rows = dossiers_for_agent(user).values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


# --- completeness -----------------------------------------------------------------


def required_documents(application) -> list[tuple[DocumentKind, int]]:
    """Kinds of documents the dossier needs, with how many, from the situation."""
    household = application.household
    children = list(application.children.all())
    required = [(DocumentKind.PROOF_OF_ADDRESS, 1)]
    if not household.resources_declined:
        required.append((DocumentKind.INCOME, 1))
    if any(c.birth_date for c in children):
        required.append((DocumentKind.BIRTH, 1))
    if any(c.birth_date is None for c in children):
        required.append((DocumentKind.PREGNANCY, 1))
    activities = [household.parent1_activity]
    if not household.single_parent:
        activities.append(household.parent2_activity)
    active = sum(1 for a in activities if a in ACTIVE_PARENT)
    if active:
        required.append((DocumentKind.EMPLOYMENT, active))
    return required


def missing_documents(application) -> list[DocumentKind]:
    counts = dict(
        application.household.documents.values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return [kind for kind, n in required_documents(application) if counts.get(kind, 0) < n]


def missing_document_texts(application) -> list[str]:
    """What is missing, in words: a kind needed twice (one per working parent) says how many
    are there, so that a family who sent one of two knows a second is due."""
    counts = dict(
        application.household.documents.values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    texts = []
    for kind, needed in required_documents(application):
        received = counts.get(kind, 0)
        if received >= needed:
            continue
        if needed == 1:
            texts.append(str(kind.label))
        else:
            texts.append(
                ngettext(
                    "%(label)s : %(received)s reçue sur %(needed)s",
                    "%(label)s : %(received)s reçues sur %(needed)s",
                    received,
                )
                % {"label": kind.label, "received": received, "needed": needed}
            )
    return texts
