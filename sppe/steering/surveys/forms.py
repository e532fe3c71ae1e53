from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import Audience, QuestionKind


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Titre de l'enquête"), max_length=200)
    title_en = forms.CharField(label=_("Titre en anglais"), max_length=200, required=False)
    title_ar = forms.CharField(label=_("Titre en arabe"), max_length=200, required=False)
    audience = forms.ChoiceField(label=_("Public interrogé"), choices=Audience.choices)
    year = forms.IntegerField(label=_("Année"), min_value=2020, max_value=2100)
    anonymous = forms.BooleanField(
        label=_("Enquête anonyme (les réponses ne sont reliées à personne)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de question"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), max_length=300)
    text_en = forms.CharField(label=_("Question en anglais"), max_length=300, required=False)
    text_ar = forms.CharField(label=_("Question en arabe"), max_length=300, required=False)
    choices = forms.CharField(
        label=_("Réponses proposées (une par ligne)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Pour un choix unique ou multiple seulement."),
    )
    choices_en = forms.CharField(
        label=_("Réponses proposées en anglais (une par ligne, même ordre)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    choices_ar = forms.CharField(
        label=_("Réponses proposées en arabe (une par ligne, même ordre)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    required = forms.BooleanField(label=_("Réponse obligatoire"), required=False)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("choices", "choices_en", "choices_ar"):
            data[name] = _lines(data[name])
        return data


class LinksForm(forms.Form):
    count = forms.IntegerField(
        label=_("Nombre de liens à créer"), min_value=1, max_value=500, initial=20
    )


class EmailCampaignForm(forms.Form):
    emails = forms.CharField(
        label=_("Adresses e-mail (une par ligne)"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    language = forms.ChoiceField(
        label=_("Langue du message"),
        choices=[("fr", "Français"), ("en", "English"), ("ar", "العربية")],
    )
