"""Which state of a dossier may go to which, who may move it, and with what reason.

This module is the single source of the state machine of the single desk: the
services refuse any move not in `TRANSITIONS`, the agents' page only offers the moves
listed here, and docs/single-desk.md prints the same table. No database access here.

Actors: the family (on its own dossier), an agent of the desk (or the territory's
administrator), and the system (the commission, confirmation campaigns, scheduled
jobs), which acts without a person (`by=None` in the services).

Each transition also carries what it does besides changing the state (`effects`, run
by the services in the order given) and the event it announces to the family (the
message template of dossiers/notifications.py). A caller that knows better what a move
means (a campaign's lapse, a commission's offer) passes its own event and context to
`application_transition`; nothing guesses it afterwards. Every "which states" question
(waiting list, editable, may file) is answered here and nowhere else.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import Status


class Effect(StrEnum):
    """What a move does besides changing the state (see services.EFFECTS)."""

    REQUIRE_FILLED = "require_filled"  # at least one child and one crèche
    STAMP_SUBMITTED = "stamp_submitted"  # the filing date, on the first filing only
    REQUIRE_DOCUMENTS = "require_documents"  # every required document is there
    UNFREEZE = "unfreeze"  # back on the list: the family may update its data again


class Actor(StrEnum):
    FAMILY = "family"
    AGENT = "agent"
    SYSTEM = "system"


class Reason(models.TextChoices):
    """Why a dossier moved: a closed list, so that no free judgement is written."""

    MISSING_DOCUMENTS = "missing_documents", _("Des pièces justificatives manquent")
    MISSING_INFORMATION = "missing_information", _("Des informations manquent ou sont à préciser")
    DOCUMENT_INVALID = (
        "document_invalid",
        _("Une pièce est illisible, périmée ou ne correspond pas"),
    )
    SITUATION_CHANGED = "situation_changed", _("La situation de la famille a changé")
    DOCUMENTS_CHECKED = "documents_checked", _("Pièces vérifiées par le guichet")
    FAMILY_REQUEST = "family_request", _("À la demande de la famille")
    FOUND_OTHER_CARE = "found_other_care", _("La famille a trouvé un autre mode d'accueil")
    NO_LONGER_NEEDED = "no_longer_needed", _("La famille n'a plus besoin d'une place")
    MOVED_AWAY = "moved_away", _("La famille quitte le territoire")
    NO_CONFIRMATION = "no_confirmation", _("Pas de confirmation de la demande malgré les relances")
    NO_ANSWER_TO_OFFER = "no_answer_to_offer", _("Pas de réponse à la proposition dans le délai")
    LATE_CONFIRMATION = "late_confirmation", _("La famille a confirmé sa demande après la clôture")
    KEPT_ON_LIST = "kept_on_list", _("La demande reste sur la liste d'attente")
    COMMISSION_DECISION = "commission_decision", _("Décision de la commission d'attribution")
    ADMISSION_CONFIRMED = "admission_confirmed", _("Accueil confirmé par l'établissement")
    AGE_LIMIT = (
        "age_limit",
        _("L'enfant aura 3 ans à la prochaine commission : âge limite de l'accueil en crèche"),
    )


# The same reasons as the family reads them, in the second person (form, history, e-mails).
FAMILY_REASON_LABELS = {
    Reason.MISSING_DOCUMENTS: _("Des pièces justificatives manquent à votre dossier"),
    Reason.SITUATION_CHANGED: _("Votre situation a changé"),
    Reason.FAMILY_REQUEST: _("À votre demande"),
    Reason.FOUND_OTHER_CARE: _("Vous avez trouvé un autre mode d'accueil"),
    Reason.NO_LONGER_NEEDED: _("Vous n'avez plus besoin d'une place"),
    Reason.MOVED_AWAY: _("Vous quittez le territoire"),
    Reason.NO_CONFIRMATION: _("Vous n'avez pas confirmé votre demande malgré nos relances"),
    Reason.NO_ANSWER_TO_OFFER: _("Vous n'avez pas répondu à la proposition dans le délai"),
    Reason.LATE_CONFIRMATION: _("Vous avez confirmé votre demande après sa clôture"),
    Reason.KEPT_ON_LIST: _("Votre demande reste sur la liste d'attente"),
    Reason.AGE_LIMIT: _(
        "Votre enfant aura 3 ans à la prochaine commission : c'est l'âge limite de l'accueil "
        "en crèche"
    ),
}


def family_reason_label(reason) -> str:
    """A reason as the family reads it ("Vous avez trouvé…"), the agents' label otherwise."""
    reason = Reason(reason)
    return str(FAMILY_REASON_LABELS.get(reason, reason.label))


WITHDRAW_REASONS = (
    Reason.FAMILY_REQUEST,
    Reason.FOUND_OTHER_CARE,
    Reason.NO_LONGER_NEEDED,
    Reason.MOVED_AWAY,
)
INCOMPLETE_REASONS = (
    Reason.MISSING_DOCUMENTS,
    Reason.MISSING_INFORMATION,
    Reason.DOCUMENT_INVALID,
    Reason.SITUATION_CHANGED,
)
LAPSE_REASONS = (Reason.NO_CONFIRMATION, Reason.AGE_LIMIT)

FAMILY, AGENT, SYSTEM = Actor.FAMILY, Actor.AGENT, Actor.SYSTEM


@dataclass(frozen=True)
class Transition:
    source: Status
    target: Status
    actors: frozenset[Actor]
    # Reasons offered; when `reason_required`, a reason from this list must be given.
    reasons: tuple[Reason, ...] = ()
    reason_required: bool = False
    effects: tuple[Effect, ...] = ()
    # The message template announcing the move (None: no message).
    event: str | None = "status_changed"
    # False for the commission's moves: they happen through its own pages and services
    # (which keep its offers in step), never from the desk's "change the state" form.
    by_hand: bool = True


# The event announcing a move to each state, unless the move says otherwise.
EVENT_BY_TARGET = {
    Status.INCOMPLETE: "incomplete",
    Status.COMPLETE: "complete",
    Status.WITHDRAWN: "withdrawn",
}
EFFECTS_BY_TARGET = {
    Status.SUBMITTED: (Effect.REQUIRE_FILLED, Effect.STAMP_SUBMITTED),
    Status.INCOMPLETE: (Effect.UNFREEZE,),
    Status.NOT_PLACED: (Effect.UNFREEZE,),
}


def _t(
    source, target, actors, reasons=(), required=None, *, effects=None, event=None, by_hand=True
):
    if effects is None:
        effects = EFFECTS_BY_TARGET.get(target, ())
    if event is None:
        event = EVENT_BY_TARGET.get(target, "status_changed")
    return Transition(
        source=source,
        target=target,
        actors=frozenset(actors),
        reasons=tuple(reasons),
        reason_required=bool(reasons) if required is None else required,
        effects=tuple(effects),
        event=event or None,
        by_hand=by_hand,
    )


FILED = (Effect.REQUIRE_FILLED, Effect.STAMP_SUBMITTED)
CHECKED = (Effect.REQUIRE_DOCUMENTS,)


S = Status
TRANSITIONS: tuple[Transition, ...] = (
    # The family (or an agent at the counter) files the dossier.
    _t(S.DRAFT, S.SUBMITTED, {FAMILY, AGENT}, event="submitted"),
    _t(S.SUBMITTED, S.INCOMPLETE, {AGENT}, INCOMPLETE_REASONS),
    _t(S.SUBMITTED, S.COMPLETE, {AGENT}, (Reason.DOCUMENTS_CHECKED,), False, effects=CHECKED),
    # The family sends what was missing: the desk checks again.
    _t(S.INCOMPLETE, S.SUBMITTED, {FAMILY, AGENT}, event="resubmitted"),
    _t(S.INCOMPLETE, S.COMPLETE, {AGENT}, (Reason.DOCUMENTS_CHECKED,), False, effects=CHECKED),
    _t(S.COMPLETE, S.INCOMPLETE, {AGENT}, INCOMPLETE_REASONS),
    # The commission (sppe/allocation): its freeze presents the listed dossiers, its
    # validation makes offers, and a seat freed later cascades to a child not placed.
    _t(S.COMPLETE, S.PRESENTED, {AGENT, SYSTEM}, event="presented", by_hand=False),
    _t(S.NOT_PLACED, S.PRESENTED, {AGENT, SYSTEM}, event="presented", by_hand=False),
    _t(
        S.PRESENTED,
        S.OFFERED,
        {AGENT, SYSTEM},
        (Reason.COMMISSION_DECISION,),
        False,
        event="offer_made",
        by_hand=False,
    ),
    _t(
        S.NOT_PLACED,
        S.OFFERED,
        {SYSTEM},
        (Reason.COMMISSION_DECISION,),
        False,
        event="offer_made",
        by_hand=False,
    ),
    _t(
        S.PRESENTED,
        S.NOT_PLACED,
        {AGENT, SYSTEM},
        (Reason.COMMISSION_DECISION,),
        False,
        event="not_placed",
        by_hand=False,
    ),
    # The family answers the offer (an agent may record an answer given by phone).
    _t(
        S.OFFERED,
        S.ACCEPTED,
        {FAMILY, AGENT},
        (Reason.FAMILY_REQUEST,),
        False,
        event="offer_accepted",
        by_hand=False,
    ),
    _t(
        S.OFFERED,
        S.DECLINED,
        {FAMILY, AGENT},
        (Reason.FAMILY_REQUEST,),
        False,
        event="offer_declined",
        by_hand=False,
    ),
    _t(
        S.OFFERED,
        S.LAPSED,
        {AGENT, SYSTEM},
        (Reason.NO_ANSWER_TO_OFFER,),
        event="offer_lapsed",
        by_hand=False,
    ),
    _t(
        S.ACCEPTED,
        S.ADMITTED,
        {AGENT, SYSTEM},
        (Reason.ADMISSION_CONFIRMED,),
        False,
        event="admitted",
        by_hand=False,
    ),
    _t(
        S.ACCEPTED,
        S.DECLINED,
        {FAMILY, AGENT},
        (Reason.FAMILY_REQUEST,),
        False,
        event="offer_declined",
        by_hand=False,
    ),
    # After a refusal of the offer, the desk may keep the request on the list.
    _t(S.DECLINED, S.NOT_PLACED, {AGENT}, (Reason.KEPT_ON_LIST,)),
    # A family on the list whose situation changed must send new documents.
    _t(S.NOT_PLACED, S.INCOMPLETE, {AGENT}, INCOMPLETE_REASONS),
    # Confirmation campaigns close the requests nobody confirms; an agent may reopen.
    _t(S.SUBMITTED, S.LAPSED, {AGENT, SYSTEM}, LAPSE_REASONS),
    _t(S.INCOMPLETE, S.LAPSED, {AGENT, SYSTEM}, LAPSE_REASONS),
    _t(S.COMPLETE, S.LAPSED, {AGENT, SYSTEM}, LAPSE_REASONS),
    _t(S.NOT_PLACED, S.LAPSED, {AGENT, SYSTEM}, LAPSE_REASONS),
    # A late confirmation puts the request back where it was.
    *(
        _t(
            S.LAPSED,
            target,
            {AGENT, SYSTEM},
            (Reason.LATE_CONFIRMATION,),
            event="confirmation_reinstated",
        )  # fmt: skip
        for target in (S.SUBMITTED, S.COMPLETE, S.NOT_PLACED)
    ),
    # A family may always withdraw before its child is admitted.
    *(
        _t(source, S.WITHDRAWN, {FAMILY, AGENT}, WITHDRAW_REASONS, required=False)
        for source in (
            S.DRAFT,
            S.SUBMITTED,
            S.INCOMPLETE,
            S.COMPLETE,
            S.PRESENTED,
            S.OFFERED,
            S.ACCEPTED,
            S.NOT_PLACED,
        )
    ),
)

_BY_PAIR = {(t.source, t.target): t for t in TRANSITIONS}

# States in which the family may still change its situation, children and choices
# (as long as the commission has not frozen the data).
EDITABLE_STATES = frozenset({S.DRAFT, S.SUBMITTED, S.INCOMPLETE, S.COMPLETE, S.NOT_PLACED})
# States of a request still alive: on the list, before the commission or with an offer.
ACTIVE_STATES = frozenset(
    {S.SUBMITTED, S.INCOMPLETE, S.COMPLETE, S.PRESENTED, S.OFFERED, S.ACCEPTED, S.NOT_PLACED}
)
FINAL_STATES = frozenset({S.ADMITTED, S.WITHDRAWN, S.LAPSED, S.DECLINED})
# States of a request waiting on the list: confirmation campaigns ask these families
# whether they still need a place, and the age limit closes them.
WAITING_STATES = frozenset({S.SUBMITTED, S.INCOMPLETE, S.COMPLETE, S.NOT_PLACED})
# States a commission studies: complete, or kept on the list after an earlier one.
LISTED_STATES = frozenset({S.COMPLETE, S.NOT_PLACED})


def transition(source, target) -> Transition | None:
    return _BY_PAIR.get((Status(source), Status(target)))


def allowed(source, target, actor) -> bool:
    """May `actor` move a dossier from `source` to `target`?"""
    found = transition(source, target)
    return found is not None and Actor(actor) in found.actors


def may_file(source, actor=FAMILY) -> bool:
    """May `actor` file (again) a dossier in state `source`?"""
    return allowed(source, S.SUBMITTED, actor)


def targets(source, actor) -> list[Transition]:
    """The moves `actor` may make by hand from `source`, in the table's order."""
    source, actor = Status(source), Actor(actor)
    return [t for t in TRANSITIONS if t.source == source and actor in t.actors and t.by_hand]


def check_reason(found: Transition, reason: str) -> str | None:
    """An error message when the reason does not fit the move, else None."""
    if not reason:
        return _("Choisissez un motif.") if found.reason_required else None
    if reason not in found.reasons:
        return _("Ce motif ne convient pas à ce changement d'état.")
    return None
