from django import forms
from django.utils.translation import gettext_lazy as _

from sppe.dossiers.ages import AgeSection

from .enums import (
    AppealDecisionReason,
    DeclineReason,
    FollowUpChannel,
    FollowUpOutcome,
    OverrideReason,
)
from .models import MAX_POINTS

DAY_LABELS = (_("lundi"), _("mardi"), _("mercredi"), _("jeudi"), _("vendredi"))


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Votre réponse"),
        choices=(("accept", _("J'accepte la place")), ("decline", _("Je refuse la place"))),
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Si vous refusez, pourquoi ?"),
        choices=(("", "—"), *DeclineReason.choices),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("answer") == "decline" and not data.get("reason"):
            self.add_error("reason", _("Choisissez la raison de votre refus."))
        return data


class AppealForm(forms.Form):
    grounds = forms.CharField(
        label=_("Ce que vous contestez, et pourquoi"),
        help_text=_(
            "Par exemple : un critère de la grille qui n'a pas été compté, une erreur dans "
            "votre situation. Vous pouvez joindre des pièces dans votre dossier."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=20,
        max_length=4000,
    )


class OverrideForm(forms.Form):
    child_key = forms.CharField(label=_("Enfant (numéro anonyme)"), max_length=20)
    unit = forms.IntegerField(label=_("Section"))
    reason = forms.ChoiceField(label=_("Motif"), choices=(("", "—"), *OverrideReason.choices))
    comment = forms.CharField(
        label=_("Fait constaté (pièce, date), sans jugement sur la famille"),
        max_length=300,
        widget=forms.TextInput,
    )


class SeatsForm(forms.Form):
    """One row per section of a crèche: seats per weekday."""

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for establishment, section, initial in rows:
            names = []
            for day, label in enumerate(DAY_LABELS):
                name = f"s-{establishment.pk}-{section}-{day}"
                self.fields[name] = forms.IntegerField(
                    label=f"{establishment.name}, {AgeSection(section).label}, {label}",
                    min_value=0,
                    max_value=200,
                    initial=initial[day],
                    widget=forms.NumberInput(attrs={"class": "seat-input", "inputmode": "numeric"}),
                )
                names.append(name)
            self.rows.append((establishment, section, [self[n] for n in names]))

    def capacities(self):
        for establishment, section, fields in self.rows:
            yield establishment, section, tuple(self.cleaned_data[f.name] for f in fields)


class SessionForm(forms.Form):
    date = forms.DateField(
        label=_("Date de la commission"), widget=forms.DateInput(attrs={"type": "date"})
    )
    data_freeze_date = forms.DateField(
        label=_("Date de gel des dossiers"), widget=forms.DateInput(attrs={"type": "date"})
    )
    answer_date = forms.DateField(
        label=_("Réponse aux familles au plus tard le"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    start_date = forms.DateField(
        label=_("Date d'entrée des enfants"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reply_days = forms.IntegerField(
        label=_("Délai de réponse des familles (jours)"), min_value=3, max_value=60, initial=15
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Membres"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    president = forms.ModelChoiceField(label=_("Président(e)"), queryset=None)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members
        self.fields["president"].queryset = members

    def clean(self):
        data = super().clean()
        date, freeze, answer = (
            data.get("date"),
            data.get("data_freeze_date"),
            data.get("answer_date"),
        )
        if date and freeze and freeze > date:
            self.add_error("data_freeze_date", _("Le gel des dossiers vient avant la commission."))
        if date and answer and answer < date:
            self.add_error("answer_date", _("La réponse aux familles vient après la commission."))
        if date and data.get("start_date") and data["start_date"] < date:
            self.add_error("start_date", _("L'entrée des enfants vient après la commission."))
        return data


class FollowUpForm(forms.Form):
    channel = forms.ChoiceField(label=_("Contact par"), choices=FollowUpChannel.choices)
    outcome = forms.ChoiceField(label=_("Suite donnée"), choices=FollowUpOutcome.choices)


class AppealAnswerForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("Décision"),
        choices=(
            ("0", _("Rejeter : la décision est maintenue")),
            ("1", _("Accepter : la décision est revue")),
        ),
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(label=_("Motif"), choices=AppealDecisionReason.choices)


class GridForm(forms.Form):
    """One row per rule sppe knows: points (empty: not in the grid), labels, evidence."""

    note = forms.CharField(label=_("Ce qui change dans cette version"), max_length=300)

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .enums import Confirmation, Rule

        existing = {c.rule: c for c in (current.criteria.all() if current else [])}
        self.rows = []
        for rule in Rule:
            criterion = existing.get(rule.value)
            prefix = f"r-{rule.value}"
            self.fields[f"{prefix}-points"] = forms.IntegerField(
                label=_("Points : %(rule)s") % {"rule": rule.label},
                required=False,
                min_value=-MAX_POINTS,
                max_value=MAX_POINTS,
                initial=criterion.points if criterion else None,
            )
            self.fields[f"{prefix}-label"] = forms.CharField(
                label=_("Intitulé en français"),
                max_length=200,
                required=False,
                initial=criterion.label if criterion else rule.label,
            )
            self.fields[f"{prefix}-label_en"] = forms.CharField(
                label=_("Intitulé en anglais"),
                max_length=200,
                required=False,
                initial=criterion.label_en if criterion else "",
            )
            self.fields[f"{prefix}-label_ar"] = forms.CharField(
                label=_("Intitulé en arabe"),
                max_length=200,
                required=False,
                initial=criterion.label_ar if criterion else "",
            )
            self.fields[f"{prefix}-evidence"] = forms.CharField(
                label=_("Pièce justificative"),
                max_length=200,
                required=False,
                initial=criterion.evidence if criterion else "",
            )
            self.fields[f"{prefix}-confirmation"] = forms.ChoiceField(
                label=_("Vérification"),
                choices=Confirmation.choices,
                required=False,
                initial=criterion.confirmation if criterion else Confirmation.AUTOMATIC,
            )
            names = ("points", "label", "label_en", "label_ar", "evidence", "confirmation")
            self.rows.append((rule, [self[f"{prefix}-{n}"] for n in names]))

    def criteria(self) -> list[dict]:
        found = []
        for rule, _fields in self.rows:
            prefix = f"r-{rule.value}"
            points = self.cleaned_data.get(f"{prefix}-points")
            if points is None:
                continue
            found.append(
                {
                    "rule": rule.value,
                    "points": points,
                    "label": self.cleaned_data[f"{prefix}-label"] or str(rule.label),
                    "label_en": self.cleaned_data[f"{prefix}-label_en"],
                    "label_ar": self.cleaned_data[f"{prefix}-label_ar"],
                    "evidence": self.cleaned_data[f"{prefix}-evidence"],
                    "confirmation": self.cleaned_data[f"{prefix}-confirmation"] or "automatic",
                }
            )
        return found
