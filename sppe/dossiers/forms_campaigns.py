"""Forms of the confirmation campaigns and the statistics page (campaigns.py writes)."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CampaignForm(forms.Form):
    starts_on = forms.DateField(
        label=_("Lancement le"),
        widget=DATE_WIDGET,
        help_text=_("Aujourd'hui : les familles reçoivent le message dès l'enregistrement."),
    )
    deadline = forms.DateField(
        label=_("Date limite de réponse"),
        widget=DATE_WIDGET,
        help_text=_(
            "Au moins 14 jours après le lancement. Le lendemain, les dossiers sans réponse "
            "sont clos."
        ),
    )
    reminder_days = forms.CharField(
        label=_("Rappels, en jours avant la date limite"),
        initial="14, 7",
        max_length=50,
        required=False,
        help_text=_(
            "Séparés par des virgules, par exemple : 14, 7. Laissez vide pour aucun rappel."
        ),
    )
    warning_days = forms.IntegerField(
        label=_("Dernier avertissement, en jours avant la date limite"),
        initial=3,
        min_value=1,
        max_value=60,
    )
    grace_days = forms.IntegerField(
        label=_("Délai de réponse tardive après la clôture, en jours"),
        initial=30,
        min_value=0,
        max_value=365,
        help_text=_("Une famille qui répond dans ce délai est remise sur la liste."),
    )
    repeat_every_months = forms.IntegerField(
        label=_("Répéter la campagne tous les … mois"),
        initial=3,
        min_value=0,
        max_value=24,
        help_text=_("0 : une seule fois. La suivante est programmée à la fin de celle-ci."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["starts_on"].initial = today
        self.fields["deadline"].initial = today + timedelta(days=30)

    def clean_reminder_days(self):
        raw = self.cleaned_data["reminder_days"].replace(";", ",")
        values = []
        for part in raw.split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit():
                raise forms.ValidationError(
                    _(
                        "Indiquez des nombres de jours séparés par des virgules, "
                        "par exemple : 14, 7."
                    )
                )
            values.append(int(part))
        if len(values) > 5:
            raise forms.ValidationError(_("Cinq rappels au plus."))
        return values


class AnswerForm(forms.Form):
    """The family's (or the agent's) answer: which button was pressed."""

    answer = forms.ChoiceField(choices=[("yes", "yes"), ("no", "no")])

    @property
    def still_needed(self) -> bool:
        return self.cleaned_data["answer"] == "yes"


class StatsFilterForm(forms.Form):
    submitted_from = forms.DateField(
        label=_("Demandes déposées à partir du"), required=False, widget=DATE_WIDGET
    )
    submitted_to = forms.DateField(label=_("jusqu'au"), required=False, widget=DATE_WIDGET)

    def clean(self):
        data = super().clean()
        start, end = data.get("submitted_from"), data.get("submitted_to")
        if start and end and start > end:
            raise forms.ValidationError(_("La date de début doit précéder la date de fin."))
        return data
