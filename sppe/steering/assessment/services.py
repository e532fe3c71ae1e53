from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..errors import SteeringError
from .criteria import CRITERIA_BY_NUMBER, MAX_LEVEL, MIN_LEVEL
from .models import Assessment, CriterionAnswer

FIRST_YEAR = 2020


def check_year(year: int, *, today=None) -> None:
    today = today or timezone.localdate()
    if not FIRST_YEAR <= year <= today.year + 1:
        raise SteeringError(
            _("L'année doit être comprise entre %(first)s et %(last)s.")
            % {"first": FIRST_YEAR, "last": today.year + 1}
        )


def parse_level(value) -> int:
    """The level typed or chosen: 1, 2 or 3, or a plain-French refusal."""
    try:
        level = int(str(value).strip())
    except (TypeError, ValueError):
        level = None
    if level is None or not MIN_LEVEL <= level <= MAX_LEVEL:
        raise SteeringError(
            _(
                "Le palier d'un critère vaut 1, 2 ou 3 points (grille du guide pratique) : "
                "« %(value)s » n'est pas accepté. Rien n'a été enregistré."
            )
            % {"value": value}
        )
    return level


@transaction.atomic
def criterion_answer_record(
    *, territory, year: int, criterion: int, level, evidence: str = "", comment: str = "", by=None
) -> CriterionAnswer:
    """Record (or correct) the territory's level for one criterion in one year."""
    if criterion not in CRITERIA_BY_NUMBER:
        raise SteeringError(_("Ce critère n'existe pas dans la grille (1 à 29)."))
    level = parse_level(level)
    check_year(year)
    now = timezone.now()
    assessment, _created = Assessment.objects.get_or_create(
        territory=territory, year=year, defaults={"created_at": now}
    )
    Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
    answer, _created = CriterionAnswer.objects.update_or_create(
        assessment=assessment,
        criterion=criterion,
        defaults={
            "level": level,
            "evidence": evidence.strip(),
            "comment": comment.strip(),
            "updated_at": now,
            "updated_by": by,
        },
    )
    return answer
