"""Steering the service: the self-assessment grid, satisfaction surveys, action plans.

Each sub-feature keeps its models in its own package; they are gathered here so that
Django finds them.
"""

from .assessment.models import Assessment, CriterionAnswer
from .plans.models import Action, Axis, Indicator, IndicatorValue, Plan, ProgressNote, Sheet
from .surveys.models import Answer, Invitation, Question, Response, Survey

__all__ = [
    "Action",
    "Answer",
    "Assessment",
    "Axis",
    "CriterionAnswer",
    "Indicator",
    "IndicatorValue",
    "Invitation",
    "Plan",
    "ProgressNote",
    "Question",
    "Response",
    "Sheet",
    "Survey",
]
