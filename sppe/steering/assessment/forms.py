from django import forms
from django.utils.translation import gettext_lazy as _

from ..errors import SteeringError
from .services import parse_level

LEVEL_CHOICES = [("1", _("1 point")), ("2", _("2 points")), ("3", _("3 points"))]


class CriterionAnswerForm(forms.Form):
    level = forms.CharField(
        label=_("Palier atteint"), widget=forms.RadioSelect(choices=LEVEL_CHOICES)
    )
    evidence = forms.CharField(
        label=_("Éléments de preuve"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ce qui montre ce palier : documents, chiffres, pages, comptes rendus."),
    )
    comment = forms.CharField(
        label=_("Commentaire"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_level(self):
        try:
            return parse_level(self.cleaned_data["level"])
        except SteeringError as exc:
            raise forms.ValidationError(str(exc)) from exc
