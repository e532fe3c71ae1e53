from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..assessment.criteria import CRITERIA
from ..enums import ActionStatus, IndicatorSource, PlanKind, QuestionKind
from ..surveys.models import Question
from .models import Action, Axis, Indicator, Sheet


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Titre du plan"), max_length=200)
    kind = forms.ChoiceField(label=_("Type de plan"), choices=PlanKind.choices)
    start_year = forms.IntegerField(label=_("Première année"), min_value=2020, max_value=2100)
    end_year = forms.IntegerField(label=_("Dernière année"), min_value=2020, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        self.fields["start_year"].initial = year
        self.fields["end_year"].initial = year + 2


class AxisForm(forms.Form):
    title = forms.CharField(label=_("Intitulé de l'axe"), max_length=200)


class _PlanScoped(forms.Form):
    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        for _name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                model = field.queryset.model
                lookup = {
                    Axis: "plan",
                    Sheet: "axis__plan",
                    Action: "sheet__axis__plan",
                    Indicator: "sheet__axis__plan",
                }.get(model)
                if lookup is not None:
                    field.queryset = model.objects.filter(**{lookup: plan})


class SheetForm(_PlanScoped):
    axis = forms.ModelChoiceField(label=_("Axe"), queryset=Axis.objects.none())
    title = forms.CharField(label=_("Intitulé de la fiche"), max_length=200)
    objective = forms.CharField(label=_("Objectif"), widget=forms.Textarea(attrs={"rows": 3}))
    priorities = forms.CharField(
        label=_("Priorités"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    pilot = forms.CharField(label=_("Pilote"), max_length=200)
    partners = forms.CharField(
        label=_("Partenaires"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    resources = forms.CharField(
        label=_("Moyens"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


CRITERION_CHOICES = [("", _("Aucun"))] + [
    (str(c.number), f"{c.number}. {c.title}") for c in CRITERIA
]


class ActionForm(_PlanScoped):
    sheet = forms.ModelChoiceField(label=_("Fiche action"), queryset=Sheet.objects.none())
    title = forms.CharField(label=_("Action"), max_length=300)
    pilot = forms.CharField(label=_("Pilote"), max_length=200)
    deadline = forms.DateField(label=_("Échéance"), widget=forms.DateInput(attrs={"type": "date"}))
    criterion = forms.ChoiceField(
        label=_("Critère de la grille à améliorer"), choices=CRITERION_CHOICES, required=False
    )


class ActionStatusForm(_PlanScoped):
    action = forms.ModelChoiceField(label=_("Action"), queryset=Action.objects.none())
    status = forms.ChoiceField(label=_("Nouvel état"), choices=ActionStatus.choices)
    note = forms.CharField(
        label=_("Point d'avancement"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class IndicatorForm(_PlanScoped):
    sheet = forms.ModelChoiceField(label=_("Fiche action"), queryset=Sheet.objects.none())
    label = forms.CharField(label=_("Indicateur"), max_length=200)
    unit = forms.CharField(label=_("Unité"), max_length=40, required=False)
    target = forms.CharField(label=_("Cible"), max_length=20)
    source = forms.ChoiceField(label=_("Source des valeurs"), choices=IndicatorSource.choices)
    question = forms.ModelChoiceField(
        label=_("Question d'enquête (pour une moyenne)"),
        queryset=Question.objects.none(),
        required=False,
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["question"].queryset = Question.objects.filter(
            survey__territory=plan.territory,
            kind__in=[QuestionKind.SCALE, QuestionKind.AGREEMENT],
        ).select_related("survey")
        self.fields["question"].label_from_instance = lambda q: (
            f"{q.text} ({q.survey.title}, {q.survey.year})"
        )


class IndicatorValueForm(_PlanScoped):
    indicator = forms.ModelChoiceField(label=_("Indicateur"), queryset=Indicator.objects.none())
    year = forms.IntegerField(label=_("Année"))
    value = forms.CharField(label=_("Valeur"), max_length=20)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["indicator"].queryset = self.fields["indicator"].queryset.filter(
            source=IndicatorSource.ENTERED
        )
