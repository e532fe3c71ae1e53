"""Writes of the single desk: dossiers, their states, documents, notes, access log.

Every function is keyword-only and atomic. Functions that change a dossier lock its
row (`select_for_update`) and, when given `expected_version` (the version the person
saw on the page), refuse with `StaleDossierError` if someone saved in between: two
agents never overwrite each other silently. Every change of state goes through
`application_transition`, which checks states.py and writes the log.

Errors are `DossierError` subclasses whose message is plain French, ready to show.

Every write takes an optional `now`: the moment it is dated (creation, filing, state
log, documents, notes, accounts, messages to the family), by default the clock. An
earlier moment replays a history, as the demo does to show a desk some months into
the year; a moment in the future is refused (`ValueError`): a dossier's history is
never ahead of the clock. The checks of the data (a child's birth date, a due date
within ten months) stay against today's calendar: the dossier must be valid now.
"""

import hashlib
import os
import uuid
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from sppe.accounts.enums import Role
from sppe.accounts.models import User
from sppe.notifications.models import Message
from sppe.territories.models import Territory

from . import states
from .ages import age_section, third_birthday
from .enums import Channel, DocumentKind, NoteKind, Status
from .models import (
    AccessLog,
    AgentNote,
    Application,
    ApplicationChild,
    ApplicationChoice,
    CommissionSession,
    Document,
    Household,
    StatusChange,
)
from .notifications import notify

MAX_CHOICES = 5
MAX_CHILDREN = 3
MAX_DUE_DAYS = 300
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
ALLOWED_DOCUMENT_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
}
SNIFF_BYTES = 8192


class DossierError(ValueError):
    """A refused change; the message is plain French for the person who tried."""


class StaleDossierError(DossierError):
    """Someone saved the dossier after the page was loaded."""

    def __init__(self, changed_at):
        self.changed_at = changed_at
        local = timezone.localtime(changed_at)
        super().__init__(
            _(
                "Un autre agent a modifié ce dossier à %(time)s : rechargez la page pour "
                "voir ses changements avant de continuer. Rien n'a été enregistré."
            )
            % {"time": f"{local.hour} h {local.minute:02d}"}
        )


class TransitionNotAllowed(DossierError):
    pass


class FrozenDossierError(DossierError):
    pass


class DocumentRejected(DossierError):
    pass


@dataclass(frozen=True)
class ChildInput:
    first_name: str = ""
    birth_date: date | None = None
    due_date: date | None = None

    @property
    def reference_date(self) -> date:
        return self.birth_date or self.due_date


@dataclass(frozen=True)
class Situation:
    """What the points grid needs to know about the household."""

    first_name: str
    last_name: str
    commune: object
    parent1_activity: str
    address: str = ""
    phone: str = ""
    single_parent: bool = False
    parent2_activity: str = ""
    annual_resources: int | None = None
    resources_declined: bool = False
    dependent_children: int = 1
    specific_situations: list = field(default_factory=list)
    siblings_in_creche: list = field(default_factory=list)
    sms_opt_in: bool = False


@dataclass(frozen=True)
class CareRequest:
    wished_start_date: date
    days: int
    start_minute: int | None = None
    end_minute: int | None = None
    open_to_other_modes: list = field(default_factory=list)


# --- when -----------------------------------------------------------------------


def _moment(now: datetime | None) -> datetime:
    """The moment a write is dated: `now` when given (never in the future), else the clock."""
    clock = timezone.now()
    if now is None:
        return clock
    if timezone.is_naive(now):
        raise ValueError("now must be an aware datetime")
    if now > clock:
        raise ValueError(f"now ({now.isoformat()}) is in the future: history cannot be")
    return now


def _check_after_last_change(application, moment):
    """A replayed move may not come before the last logged one: the log stays in order."""
    last = application.status_changes.order_by("-at", "-pk").values_list("at", flat=True).first()
    if last is not None and moment < last:
        raise ValueError(
            f"now ({moment.isoformat()}) is before the dossier's last change ({last.isoformat()})"
        )


# --- who acts -------------------------------------------------------------------


def actor_for(user) -> states.Actor:
    if user is None:
        return states.Actor.SYSTEM
    if user.role == Role.FAMILY:
        return states.Actor.FAMILY
    if user.role in (Role.AGENT, Role.TERRITORY_ADMIN):
        return states.Actor.AGENT
    raise PermissionDenied


def _check_family_owns(application, user):
    if actor_for(user) == states.Actor.FAMILY and application.household.account_id != user.pk:
        raise PermissionDenied


# --- checks shared by creation and updates ----------------------------------------


def _territory():
    territory = Territory.objects.current()
    if territory is None:
        raise DossierError(_("Le territoire n'est pas encore configuré."))
    return territory


def desk_establishments(territory):
    from sppe.offers.models import Establishment

    return Establishment.objects.filter(
        joins_single_desk=True, is_active=True, commune__in=territory.communes.all()
    )


DEPENDENT_CHILDREN_MESSAGE = _l(
    "Comptez au moins un enfant à charge : l'enfant de cette demande compte, même s'il n'est "
    "pas encore né."
)


def _check_situation(situation: Situation, territory):
    if not territory.communes.filter(pk=situation.commune.pk).exists():
        raise DossierError(_("Cette commune ne fait pas partie du territoire du guichet unique."))
    if not situation.single_parent and not situation.parent2_activity:
        raise DossierError(
            _("Indiquez l'activité du second parent, ou cochez « Je vis seul(e) avec l'enfant ».")
        )
    if situation.dependent_children < 1:
        raise DossierError(str(DEPENDENT_CHILDREN_MESSAGE))
    if situation.annual_resources is None and not situation.resources_declined:
        raise DossierError(
            _(
                "Indiquez vos ressources annuelles, ou cochez « Je ne souhaite pas déclarer "
                "mes ressources »."
            )
        )
    allowed = set(desk_establishments(territory).values_list("pk", flat=True))
    if any(e.pk not in allowed for e in situation.siblings_in_creche):
        raise DossierError(_("Choisissez les crèches des frères et sœurs dans la liste."))


def _check_children(children: list[ChildInput], wished: date):
    if not 1 <= len(children) <= MAX_CHILDREN:
        raise DossierError(_("Une demande concerne un à trois enfants."))
    for child in children:
        if child.birth_date is None and child.due_date is None:
            raise DossierError(_("Indiquez la date de naissance ou la date prévue de naissance."))
        today = timezone.localdate()
        if child.birth_date and child.birth_date > today:
            raise DossierError(_("La date de naissance ne peut pas être dans le futur."))
        if child.birth_date is None and (child.due_date - today).days > MAX_DUE_DAYS:
            raise DossierError(_("La date prévue de naissance doit être dans les dix mois."))
        if wished < child.reference_date:
            raise DossierError(
                _("La date d'entrée souhaitée doit venir après la naissance de l'enfant.")
            )
        if wished >= third_birthday(child.reference_date):
            raise DossierError(
                _(
                    "La date d'entrée souhaitée doit être avant les 3 ans de l'enfant "
                    "(le %(date)s) : les crèches accueillent les enfants jusqu'à l'école "
                    "maternelle. Pour un enfant plus grand, le relais vous oriente vers un "
                    "assistant maternel ou un accueil de loisirs."
                )
                % {"date": date_format(third_birthday(child.reference_date), "j F Y")}
            )


def _check_choices(establishments, territory):
    if not establishments:
        raise DossierError(_("Choisissez au moins une crèche."))
    if len(establishments) > MAX_CHOICES:
        raise DossierError(_("Vous pouvez classer cinq crèches au plus."))
    if len({e.pk for e in establishments}) != len(establishments):
        raise DossierError(_("Chaque crèche ne peut apparaître qu'une fois dans votre classement."))
    allowed = set(desk_establishments(territory).values_list("pk", flat=True))
    if any(e.pk not in allowed for e in establishments):
        raise DossierError(_("Cette crèche ne participe pas au guichet unique du territoire."))


def _check_request(request: CareRequest):
    if not request.days:
        raise DossierError(_("Choisissez au moins un jour d'accueil."))
    if (request.start_minute is None) != (request.end_minute is None):
        raise DossierError(_("Indiquez l'heure d'arrivée et l'heure de départ."))
    if request.start_minute is not None and request.start_minute >= request.end_minute:
        raise DossierError(_("L'heure de départ doit être après l'heure d'arrivée."))


def _youngest_section(children, wished):
    youngest = max(c.reference_date for c in children)
    return age_section(youngest, wished)


def _apply_situation(household: Household, situation: Situation, *, backdate=None):
    for name in (
        "first_name",
        "last_name",
        "commune",
        "address",
        "phone",
        "single_parent",
        "parent1_activity",
        "parent2_activity",
        "annual_resources",
        "resources_declined",
        "dependent_children",
        "specific_situations",
        "sms_opt_in",
    ):
        setattr(household, name, getattr(situation, name))
    if household.single_parent:
        household.parent2_activity = ""
    if household.resources_declined:
        household.annual_resources = None
    household.full_clean(exclude=["account"])
    household.save()
    household.siblings_in_creche.set(situation.siblings_in_creche)
    if backdate is not None:  # `updated_at` is automatic: set the replayed moment over it
        Household.objects.filter(pk=household.pk).update(updated_at=backdate)
        household.updated_at = backdate


def _replace_children(application, children):
    application.children.all().delete()
    ApplicationChild.objects.bulk_create(
        ApplicationChild(
            application=application,
            first_name=c.first_name,
            birth_date=c.birth_date,
            due_date=None if c.birth_date else c.due_date,
        )
        for c in children
    )


def _replace_choices(application, establishments):
    application.choices.all().delete()
    ApplicationChoice.objects.bulk_create(
        ApplicationChoice(application=application, establishment=e, rank=rank)
        for rank, e in enumerate(establishments, start=1)
    )


def _log(application, source, target, by, *, at, reason=""):
    StatusChange.objects.create(
        application=application, from_status=source, to_status=target, by=by, reason=reason, at=at
    )


def _lock(application, expected_version):
    locked = (
        Application.objects.select_for_update().select_related("household").get(pk=application.pk)
    )
    if expected_version is not None and locked.version != int(expected_version):
        raise StaleDossierError(locked.updated_at)
    return locked


def _bump(locked, fields=(), *, at):
    """Save `fields` with a new version, dated `at` (a plain update: `updated_at` is
    automatic on save(), which would date a replayed write by the clock)."""
    locked.version += 1
    locked.updated_at = at
    Application.objects.filter(pk=locked.pk).update(
        **{name: getattr(locked, name) for name in ("version", "updated_at", *fields)}
    )


def household_is_frozen(household) -> bool:
    """The commission froze the data of one of its dossiers still under study."""
    return household.applications.filter(
        frozen_at__isnull=False, status__in=states.ACTIVE_STATES
    ).exists()


def _check_editable(locked, by):
    if locked.status not in states.EDITABLE_STATES:
        raise FrozenDossierError(
            _("Ce dossier ne peut plus être modifié dans son état actuel (%(status)s).")
            % {"status": locked.get_status_display()}
        )
    if locked.frozen_at is not None:
        raise FrozenDossierError(
            _(
                "Les données de ce dossier sont figées pour la commission d'attribution : "
                "vous pourrez les modifier après la commission. En cas de changement "
                "important, contactez le guichet unique."
            )
        )


def _reference(application):
    year = (application.created_at or timezone.now()).year
    return f"GU-{year}-{application.pk:06d}"


# --- accounts -------------------------------------------------------------------


def family_account_get_or_create(
    *, email: str, first_name="", last_name="", now: datetime | None = None
):
    """(user, created). A new family account has no usable password: a link logs in."""
    moment = _moment(now)
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    user = User.objects.create_user(
        email=email,
        password=None,
        first_name=first_name,
        last_name=last_name,
        role=Role.FAMILY,
        date_joined=moment,
    )
    return user, True


# --- dossiers -------------------------------------------------------------------


@transaction.atomic
def application_create(
    *,
    situation: Situation,
    request: CareRequest,
    children: list[ChildInput],
    establishments: list,
    by,
    account=None,
    household=None,
    channel=Channel.ONLINE,
    consent_given=False,
    now: datetime | None = None,
):
    """A new dossier in draft, with the household created or updated.

    Online, `by` is the family (its account is the household's). At the counter or on
    the phone, `by` is the agent, who must record the family's consent; `account` is
    the family's account if it has an e-mail address, else None (phone required).
    """
    moment = _moment(now)
    actor = actor_for(by)
    territory = _territory()
    channel = Channel(channel)
    if actor == states.Actor.FAMILY:
        if channel != Channel.ONLINE:
            raise PermissionDenied
        account = by
    elif actor == states.Actor.AGENT:
        if channel == Channel.ONLINE:
            raise DossierError(_("Un agent saisit une demande au guichet ou par téléphone."))
        if not consent_given:
            raise DossierError(
                _("Cochez l'accord de la famille pour l'enregistrement de ses données.")
            )
        if account is None and not (situation.phone or "").strip():
            raise DossierError(
                _("Indiquez au moins une adresse e-mail ou un numéro de téléphone de la famille.")
            )
    else:
        raise PermissionDenied
    _check_situation(situation, territory)
    _check_request(request)
    _check_children(children, request.wished_start_date)
    _check_choices(establishments, territory)

    if household is None and account is not None:
        household = Household.objects.filter(account=account).first()
    if household is None:
        household = Household(account=account)
    elif household_is_frozen(household):
        raise FrozenDossierError(
            _(
                "Votre situation est figée pour la commission en cours : vous pourrez "
                "faire une nouvelle demande après la commission."
            )
        )
    _apply_situation(household, situation, backdate=None if now is None else moment)
    application = Application.objects.create(
        reference=uuid.uuid4().hex[:20],
        household=household,
        wished_start_date=request.wished_start_date,
        days=request.days,
        start_minute=request.start_minute,
        end_minute=request.end_minute,
        open_to_other_modes=list(request.open_to_other_modes),
        age_section=_youngest_section(children, request.wished_start_date),
        channel=channel,
        consent_recorded_by=by if actor == states.Actor.AGENT else None,
        consent_recorded_at=moment if actor == states.Actor.AGENT else None,
    )
    # `created_at` and `updated_at` are automatic on save(): an update dates them.
    application.created_at = application.updated_at = moment
    application.reference = _reference(application)
    Application.objects.filter(pk=application.pk).update(
        reference=application.reference, created_at=moment, updated_at=moment
    )
    _replace_children(application, children)
    _replace_choices(application, establishments)
    _log(application, "", Status.DRAFT, by, at=moment)
    return application


@transaction.atomic
def application_update_situation(
    *, application, situation: Situation, by, expected_version=None, now: datetime | None = None
):
    moment = _moment(now)
    locked = _lock(application, expected_version)
    _check_family_owns(locked, by)
    _check_editable(locked, by)
    if household_is_frozen(locked.household):
        raise FrozenDossierError(
            _("Votre situation est figée pour la commission en cours d'un autre dossier.")
        )
    _check_situation(situation, _territory())
    _apply_situation(locked.household, situation, backdate=None if now is None else moment)
    _bump(locked, at=moment)
    if actor_for(by) == states.Actor.AGENT:
        AgentNote.objects.create(
            application=locked, kind=NoteKind.SITUATION_UPDATED, by=by, at=moment
        )
    return locked


@transaction.atomic
def application_update_request(
    *,
    application,
    request: CareRequest,
    children: list[ChildInput],
    by,
    expected_version=None,
    now: datetime | None = None,
):
    moment = _moment(now)
    locked = _lock(application, expected_version)
    _check_family_owns(locked, by)
    _check_editable(locked, by)
    _check_request(request)
    _check_children(children, request.wished_start_date)
    locked.wished_start_date = request.wished_start_date
    locked.days = request.days
    locked.start_minute = request.start_minute
    locked.end_minute = request.end_minute
    locked.open_to_other_modes = list(request.open_to_other_modes)
    locked.age_section = _youngest_section(children, request.wished_start_date)
    _replace_children(locked, children)
    _bump(
        locked,
        [
            "wished_start_date",
            "days",
            "start_minute",
            "end_minute",
            "open_to_other_modes",
            "age_section",
        ],
        at=moment,
    )
    return locked


@transaction.atomic
def application_update_choices(
    *, application, establishments: list, by, expected_version=None, now: datetime | None = None
):
    """Replace the ranked crèches (first = preferred)."""
    moment = _moment(now)
    locked = _lock(application, expected_version)
    _check_family_owns(locked, by)
    _check_editable(locked, by)
    _check_choices(establishments, _territory())
    _replace_choices(locked, establishments)
    _bump(locked, at=moment)
    return locked


@transaction.atomic
def application_update_request_and_choices(
    *,
    application,
    request,
    children,
    establishments,
    by,
    expected_version=None,
    now: datetime | None = None,
):
    """Both updates of the « Modifier ma demande » page, all or nothing."""
    updated = application_update_request(
        application=application,
        request=request,
        children=children,
        by=by,
        expected_version=expected_version,
        now=now,
    )
    return application_update_choices(
        application=application,
        establishments=establishments,
        by=by,
        expected_version=updated.version,
        now=now,
    )


@transaction.atomic
def application_update_by_agent(
    *,
    application,
    situation,
    request,
    children,
    establishments,
    by,
    expected_version,
    now: datetime | None = None,
):
    """An agent corrects a dossier at the family's request (note « situation mise à jour »)."""
    if actor_for(by) != states.Actor.AGENT:
        raise PermissionDenied
    updated = application_update_situation(
        application=application,
        situation=situation,
        by=by,
        expected_version=expected_version,
        now=now,
    )
    return application_update_request_and_choices(
        application=application,
        request=request,
        children=children,
        establishments=establishments,
        by=by,
        expected_version=updated.version,
        now=now,
    )


def _require_filled(locked, moment):
    if not locked.children.exists() or not locked.choices.exists():
        raise DossierError(_("Le dossier doit indiquer au moins un enfant et une crèche."))
    return []


def _stamp_submitted(locked, moment):
    if locked.submitted_at is not None:
        return []
    locked.submitted_at = moment
    return ["submitted_at"]


def _require_documents(locked, moment):
    from .selectors import missing_document_texts

    missing = missing_document_texts(locked)
    if missing:
        raise DossierError(
            _("Le dossier ne peut pas être complet. Pièces manquantes : %(list)s.")
            % {"list": " ; ".join(missing)}
        )
    return []


def _unfreeze(locked, moment):
    if locked.frozen_at is None:
        return []
    locked.frozen_at = None
    return ["frozen_at"]


# What each effect named in states.py does: checks raise DossierError, changes return
# the fields they set on the locked dossier.
EFFECTS = {
    states.Effect.REQUIRE_FILLED: _require_filled,
    states.Effect.STAMP_SUBMITTED: _stamp_submitted,
    states.Effect.REQUIRE_DOCUMENTS: _require_documents,
    states.Effect.UNFREEZE: _unfreeze,
}


@transaction.atomic
def application_transition(
    *,
    application,
    to,
    by,
    reason="",
    expected_version=None,
    now: datetime | None = None,
    event: str | None = None,
    context: dict | None = None,
):
    """Move the dossier to state `to`, if states.py allows `by` to; log and notify.

    `by=None` is the system (commission, campaigns). The move runs the effects states.py
    gives it and announces its event, unless the caller names the `event` (with its
    `context`) that says better what happened. Returns the updated dossier.
    """
    moment = _moment(now)
    locked = _lock(application, expected_version)
    if now is not None:
        _check_after_last_change(locked, moment)
    actor = actor_for(by)
    _check_family_owns(locked, by)
    source, target = Status(locked.status), Status(to)
    found = states.transition(source, target)
    if found is None or actor not in found.actors:
        raise TransitionNotAllowed(
            _("Ce dossier ne peut pas passer de « %(source)s » à « %(target)s ».")
            % {"source": source.label, "target": target.label}
        )
    error = states.check_reason(found, reason)
    if error:
        raise DossierError(error)
    fields = ["status"]
    for effect in found.effects:
        fields += EFFECTS[effect](locked, moment)
    locked.status = target
    _bump(locked, fields, at=moment)
    _log(locked, source, target, by, at=moment, reason=reason)
    event = event or found.event
    if event:
        context = dict(context or {})
        if reason in states.Reason.values:
            context.setdefault("reason_label", states.family_reason_label(reason))
        backdate = None if now is None else moment
        transaction.on_commit(lambda: _notify(locked, event, context, backdate=backdate))
    for name in ("status", "version", "updated_at", "submitted_at", "frozen_at"):
        setattr(application, name, getattr(locked, name))
    return locked


def _notify(application, event, context, *, backdate=None):
    """Queue the family's messages; a replayed move dates them with the move."""
    messages = notify(application=application, event=event, **context)
    if backdate is not None and messages:
        Message.objects.filter(pk__in=[m.pk for m in messages]).update(created_at=backdate)
        for message in messages:
            message.created_at = backdate
    return messages


def application_submit(*, application, by, expected_version=None, now: datetime | None = None):
    """The family (or the agent at the counter) files a draft or a completed dossier."""
    return application_transition(
        application=application,
        to=Status.SUBMITTED,
        by=by,
        expected_version=expected_version,
        now=now,
    )


def application_withdraw(
    *, application, by, reason="", expected_version=None, now: datetime | None = None
):
    return application_transition(
        application=application,
        to=Status.WITHDRAWN,
        by=by,
        reason=reason,
        expected_version=expected_version,
        now=now,
    )


@transaction.atomic
def application_freeze_for_commission(
    *, session: CommissionSession, by=None, now: datetime | None = None
) -> int:
    """Freeze the data of every dossier on the list for `session`; returns how many.

    Complete dossiers and those kept on the list after a previous commission are
    frozen: families can no longer change their situation, children or choices until
    the commission has decided. Incomplete dossiers are not frozen (and not studied).
    """
    now = _moment(now)
    territory = _territory()
    ids = list(
        Application.objects.select_for_update()
        .filter(
            status__in=states.LISTED_STATES,
            frozen_at__isnull=True,
            household__commune__in=territory.communes.all(),
        )
        .exclude(status_changes__at__gt=now)
        .values_list("pk", flat=True)
    )
    for application in Application.objects.filter(pk__in=ids):
        application.frozen_at = now
        _bump(application, ["frozen_at"], at=now)
    return len(ids)


@transaction.atomic
def application_unfreeze(*, application_ids, now: datetime | None = None) -> int:
    """Unfreeze dossiers a commission froze but does not study (a child too young or too
    old at its start date): their families may update them again."""
    moment = _moment(now)
    unfrozen = 0
    for application in Application.objects.select_for_update().filter(
        pk__in=list(application_ids), frozen_at__isnull=False
    ):
        application.frozen_at = None
        _bump(application, ["frozen_at"], at=moment)
        unfrozen += 1
    return unfrozen


# --- documents ------------------------------------------------------------------


def _sniff(uploaded) -> str:
    import filetype

    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    uploaded.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind else ""


def _check_image(uploaded):
    """A real image, not just the first bytes of one (Pillow reads its structure)."""
    from PIL import Image

    uploaded.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(uploaded) as image:
                image.verify()
    except Exception as exc:  # Pillow raises many types for broken files
        raise DocumentRejected(
            _("Cette image est illisible ou abîmée. Photographiez ou numérisez la pièce à nouveau.")
        ) from exc
    finally:
        uploaded.seek(0)


def _check_pdf(uploaded):
    uploaded.seek(0)
    head = uploaded.read(1024)
    uploaded.seek(0)
    if not head.startswith(b"%PDF-"):
        raise DocumentRejected(_("Ce fichier n'est pas un PDF valide."))


def _clean_name(name: str) -> str:
    name = os.path.basename((name or "").replace("\\", "/")).strip()
    name = "".join(ch for ch in name if ch.isprintable())
    return name[-255:] or "document"


def document_upload(*, household, kind, uploaded_file, by, now: datetime | None = None):
    """Check and store one document of the household; returns the Document.

    Accepted: PDF, JPEG or PNG, recognised from the content (never from the name or
    the browser), at most 10 MB, not empty. A refused file leaves nothing stored.
    """
    moment = _moment(now)
    is_family = by is not None and actor_for(by) == states.Actor.FAMILY
    if is_family and household.account_id != by.pk:
        raise PermissionDenied
    if kind not in DocumentKind.values:
        raise DocumentRejected(_("Choisissez le type de pièce dans la liste."))
    size = uploaded_file.size
    if not size:
        raise DocumentRejected(_("Le fichier est vide : choisissez un autre fichier."))
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentRejected(
            _(
                "Le fichier est trop lourd (%(size)s Mo) : 10 Mo au plus. Numérisez la pièce "
                "en qualité plus basse ou envoyez-la en plusieurs fichiers."
            )
            % {"size": f"{size / 1024 / 1024:.1f}".replace(".", ",")}
        )
    mime = _sniff(uploaded_file)
    if mime not in ALLOWED_DOCUMENT_TYPES:
        raise DocumentRejected(
            _(
                "Ce fichier n'est ni un PDF, ni une image JPEG ou PNG (son contenu ne "
                "correspond pas à ces formats, quel que soit son nom). Enregistrez la pièce "
                "en PDF ou prenez-la en photo."
            )
        )
    if mime == "application/pdf":
        _check_pdf(uploaded_file)
    else:
        _check_image(uploaded_file)
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    document = Document(
        household=household,
        kind=kind,
        original_name=_clean_name(uploaded_file.name),
        content_type=mime,
        size=size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    document.file.save("document", uploaded_file, save=False)
    try:
        with transaction.atomic():
            document.save()
            if now is not None:  # `uploaded_at` is automatic: set the replayed moment over it
                Document.objects.filter(pk=document.pk).update(uploaded_at=moment)
                document.uploaded_at = moment
    except Exception:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def document_delete(*, document, by):
    """The family (or an agent) removes a document, unless the commission froze it."""
    if actor_for(by) == states.Actor.FAMILY and document.household.account_id != by.pk:
        raise PermissionDenied
    if household_is_frozen(document.household):
        raise FrozenDossierError(
            _("Les pièces sont figées pour la commission en cours : elles restent jointes.")
        )
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- agents' notes and the access log ----------------------------------------------


@transaction.atomic
def note_add(*, application, kind, by, document_kind="", now: datetime | None = None):
    """A structured note (NoteKind): facts only, never a free judgement."""
    moment = _moment(now)
    if actor_for(by) != states.Actor.AGENT:
        raise PermissionDenied
    if kind not in NoteKind.values:
        raise DossierError(_("Choisissez une note dans la liste."))
    if document_kind and document_kind not in DocumentKind.values:
        raise DossierError(_("Choisissez la pièce concernée dans la liste."))
    needs_document = kind in (NoteKind.DOCUMENT_REQUESTED, NoteKind.DOCUMENT_RECEIVED)
    if needs_document and not document_kind:
        raise DossierError(_("Précisez la pièce concernée."))
    return AgentNote.objects.create(
        application=application,
        kind=kind,
        document_kind=document_kind if needs_document else "",
        by=by,
        at=moment,
    )


def access_log_record(*, application, user, action="view", now: datetime | None = None):
    return AccessLog.objects.create(
        application=application, user=user, action=action, at=_moment(now)
    )
