"""Writing action plans: axes, sheets, actions with their progress notes, indicators."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..assessment.criteria import CRITERIA_BY_NUMBER
from ..enums import ActionStatus, IndicatorSource, PlanKind, QuestionKind
from ..errors import SteeringError
from .models import Action, Axis, Indicator, IndicatorValue, Plan, ProgressNote, Sheet

MAX_YEARS = 10


def _required(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise SteeringError(message)
    return value


@transaction.atomic
def plan_create(*, territory, title: str, kind: str, start_year: int, end_year: int) -> Plan:
    title = _required(title, _("Donnez un titre au plan."))
    if kind not in PlanKind.values:
        raise SteeringError(_("Choisissez le type de plan."))
    if end_year < start_year:
        raise SteeringError(_("La dernière année du plan ne peut pas précéder la première."))
    if end_year - start_year + 1 > MAX_YEARS:
        raise SteeringError(_("Un plan couvre au plus %(n)s ans.") % {"n": MAX_YEARS})
    return Plan.objects.create(
        territory=territory,
        title=title,
        kind=kind,
        start_year=start_year,
        end_year=end_year,
        created_at=timezone.now(),
    )


@transaction.atomic
def axis_add(*, plan: Plan, title: str) -> Axis:
    title = _required(title, _("Donnez un intitulé à l'axe."))
    return Axis.objects.create(plan=plan, title=title, position=plan.axes.count() + 1)


@transaction.atomic
def sheet_add(
    *,
    axis: Axis,
    title: str,
    objective: str,
    pilot: str,
    priorities: str = "",
    partners: str = "",
    resources: str = "",
) -> Sheet:
    return Sheet.objects.create(
        axis=axis,
        position=Sheet.objects.filter(axis__plan_id=axis.plan_id).count() + 1,
        title=_required(title, _("Donnez un intitulé à la fiche action.")),
        objective=_required(objective, _("Écrivez l'objectif de la fiche action.")),
        pilot=_required(pilot, _("Indiquez le pilote de la fiche action.")),
        priorities=priorities.strip(),
        partners=partners.strip(),
        resources=resources.strip(),
    )


def _check_criterion(criterion):
    if criterion in (None, ""):
        return None
    criterion = int(criterion)
    if criterion not in CRITERIA_BY_NUMBER:
        raise SteeringError(_("Ce critère n'existe pas dans la grille (1 à 29)."))
    return criterion


@transaction.atomic
def action_add(
    *,
    sheet: Sheet,
    title: str,
    pilot: str,
    deadline: date,
    criterion=None,
    status: str = ActionStatus.PLANNED,
) -> Action:
    if status not in ActionStatus.values:
        raise SteeringError(_("Choisissez l'état de l'action."))
    return Action.objects.create(
        sheet=sheet,
        title=_required(title, _("Décrivez l'action.")),
        pilot=_required(pilot, _("Indiquez le pilote de l'action.")),
        deadline=deadline,
        status=status,
        criterion=_check_criterion(criterion),
    )


@transaction.atomic
def action_status_set(*, action: Action, status: str, note: str = "", by=None, on=None) -> Action:
    if status not in ActionStatus.values:
        raise SteeringError(_("Choisissez l'état de l'action."))
    action = Action.objects.select_for_update().get(pk=action.pk)
    action.status = status
    action.save(update_fields=["status"])
    if note.strip():
        progress_note_add(action=action, text=note, by=by, on=on)
    return action


@transaction.atomic
def progress_note_add(*, action: Action, text: str, by=None, on: date | None = None):
    text = _required(text, _("Écrivez le point d'avancement."))
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise SteeringError(_("Un point d'avancement ne peut pas être daté dans le futur."))
    return ProgressNote.objects.create(action=action, date=on, text=text, created_by=by)


def parse_decimal(value, message: str) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", ".").replace("\u202f", "").replace(" ", ""))
    except (InvalidOperation, ValueError) as exc:
        raise SteeringError(message) from exc
    if not number.is_finite() or abs(number) >= Decimal("1e10"):
        raise SteeringError(message)
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def indicator_add(
    *,
    sheet: Sheet,
    label: str,
    target,
    unit: str = "",
    source: str = IndicatorSource.ENTERED,
    question=None,
) -> Indicator:
    if source not in IndicatorSource.values:
        raise SteeringError(_("Choisissez la source de l'indicateur."))
    if source == IndicatorSource.SURVEY_AVERAGE:
        if question is None or question.kind not in (QuestionKind.SCALE, QuestionKind.AGREEMENT):
            raise SteeringError(
                _(
                    "Choisissez la question (note de 0 à 10 ou échelle d'accord) dont la "
                    "moyenne fait l'indicateur."
                )
            )
        if question.survey.territory_id != sheet.axis.plan.territory_id:
            raise SteeringError(_("Cette question n'appartient pas aux enquêtes du territoire."))
    else:
        question = None
    return Indicator.objects.create(
        sheet=sheet,
        label=_required(label, _("Donnez un intitulé à l'indicateur.")),
        unit=unit.strip(),
        target=parse_decimal(target, _("La cible doit être un nombre.")),
        source=source,
        question=question,
    )


@transaction.atomic
def indicator_value_record(*, indicator: Indicator, year: int, value) -> IndicatorValue:
    plan = indicator.sheet.axis.plan
    if indicator.source != IndicatorSource.ENTERED:
        raise SteeringError(
            _(
                "Cet indicateur est calculé par sppe à partir de ses propres données : sa valeur "
                "ne se saisit pas."
            )
        )
    if not plan.start_year <= year <= plan.end_year:
        raise SteeringError(
            _(
                "L'année %(year)s est hors du plan, qui couvre %(start)s à %(end)s : la valeur "
                "n'a pas été enregistrée."
            )
            % {"year": year, "start": plan.start_year, "end": plan.end_year}
        )
    number = parse_decimal(value, _("La valeur doit être un nombre."))
    Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
    recorded, _created = IndicatorValue.objects.update_or_create(
        indicator=indicator, year=year, defaults={"value": number}
    )
    return recorded
