"""What a state means, in plain French, for the family and the agents.

The family page never says just "en cours": it says what the state means, what
happens next and when the next answer is due (the next commission of the territory).
"""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sppe.accounts.enums import Role
from sppe.offers.schedule import describe_days, format_minutes

from . import states
from .enums import Status


def _day(value):
    return date_format(value, "j F Y")


@dataclass(frozen=True)
class StatusText:
    title: str
    meaning: str
    next_step: str


def status_text(application, commission) -> StatusText:
    s = Status(application.status)
    if commission is not None:
        when = _(
            "Il sera étudié par la commission du %(date)s ; vous aurez une réponse au plus "
            "tard le %(answer)s."
        ) % {"date": _day(commission.date), "answer": _day(commission.answer_date)}
        freeze = _day(commission.data_freeze_date)
    else:
        when = _(
            "La date de la prochaine commission n'est pas encore fixée : elle s'affichera "
            "ici dès qu'elle le sera."
        )
        freeze = None
    texts = {
        Status.DRAFT: (
            _("Votre demande n'est pas encore déposée."),
            _(
                "Vérifiez les informations, ajoutez vos pièces justificatives puis cliquez "
                "sur « Déposer ma demande »."
            ),
        ),
        Status.SUBMITTED: (
            _("Votre dossier est déposé : un agent du guichet unique le vérifie."),
            _("S'il est complet, %(when)s")
            % {"when": when[0].lower() + when[1:] if commission else when},
        ),
        Status.INCOMPLETE: (
            _("Votre dossier est incomplet : il ne peut pas encore être étudié."),
            (
                _(
                    "Ajoutez les pièces ou informations qui manquent, puis cliquez sur "
                    "« J'ai complété mon dossier ». Complété avant le %(freeze)s, il "
                    "pourra être étudié par la commission du %(date)s."
                )
                % {"freeze": freeze, "date": _day(commission.date)}
                if commission
                else _(
                    "Ajoutez les pièces ou informations qui manquent, puis cliquez sur "
                    "« J'ai complété mon dossier »."
                )
            ),
        ),
        Status.COMPLETE: (_("Votre dossier est complet."), when),
        Status.PRESENTED: (
            _("Votre dossier est étudié par la commission d'attribution."),
            when,
        ),
        Status.OFFERED: (
            _("Une place vous est proposée."),
            _("Répondez à la proposition dans le délai indiqué dans le message reçu."),
        ),
        Status.ACCEPTED: (
            _("Vous avez accepté la place proposée."),
            _("L'établissement vous contacte pour préparer l'arrivée de votre enfant."),
        ),
        Status.DECLINED: (
            _("Vous avez refusé la place proposée."),
            _("Le guichet unique vous dira si votre demande reste sur la liste d'attente."),
        ),
        Status.ADMITTED: (
            _("Votre enfant est accueilli."),
            _("Votre demande est terminée. Bonne rentrée à votre enfant !"),
        ),
        Status.NOT_PLACED: (
            _("Pas de place cette fois : votre demande reste sur la liste d'attente."),
            when
            + " "
            + _(
                "En attendant, le relais petite enfance peut vous aider à trouver un "
                "assistant maternel ou une autre solution."
            ),
        ),
        Status.LAPSED: (
            _("Votre demande est close, faute de confirmation."),
            _("Si vous avez toujours besoin d'une place, contactez le guichet unique."),
        ),
        Status.WITHDRAWN: (
            _("Vous avez retiré votre demande."),
            _("Vous pouvez faire une nouvelle demande à tout moment."),
        ),
    }
    meaning, next_step = texts[s]
    return StatusText(title=s.label, meaning=meaning, next_step=next_step)


def who(change, *, for_family: bool) -> str:
    if change.by_id is None:
        return _("automatiquement")
    if change.by.role == Role.FAMILY:
        return _("par vous") if for_family else _("par la famille")
    if for_family:
        return _("par le guichet unique")
    return _("par %(name)s") % {"name": change.by.get_full_name() or change.by.email}


def log_lines(application, *, for_family: bool) -> list[dict]:
    rows = []
    for change in application.status_changes.select_related("by"):
        if change.from_status:
            what = _("Passage à l'état « %(status)s »") % {"status": Status(change.to_status).label}
        else:
            what = _("Dossier créé")
        reason = ""
        if change.reason in states.Reason.values:
            reason = (
                states.family_reason_label(change.reason)
                if for_family
                else str(states.Reason(change.reason).label)
            )
        rows.append(
            {
                "at": change.at,
                "what": what,
                "who": who(change, for_family=for_family),
                "reason": reason,
            }
        )
    return rows


def schedule_text(application) -> str:
    days = describe_days(application.days)
    if application.start_minute is None:
        return days
    return _("%(days)s, de %(start)s à %(end)s") % {
        "days": days,
        "start": format_minutes(application.start_minute),
        "end": format_minutes(application.end_minute),
    }
