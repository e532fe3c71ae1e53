from django import forms
from django.utils.translation import gettext_lazy as _

from sppe.offers.models import Childminder

from ..enums import DURATIONS, ContactChannel, Orientation, PersonKind
from ..models import Theme


class ContactForm(forms.Form):
    person_kind = forms.ChoiceField(
        label=_("Qui"), choices=PersonKind.choices, widget=forms.RadioSelect
    )
    commune = forms.ModelChoiceField(label=_("Commune de la personne"), queryset=None)
    channel = forms.ChoiceField(
        label=_("Canal du contact"), choices=ContactChannel.choices, widget=forms.RadioSelect
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Thèmes"),
        queryset=Theme.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    duration_minutes = forms.TypedChoiceField(
        label=_("Durée"),
        choices=[(d, _("%(n)s min") % {"n": d}) for d in DURATIONS],
        coerce=int,
        initial=10,
    )
    orientation = forms.ChoiceField(
        label=_("Orientation donnée"), choices=Orientation.choices, initial=Orientation.NONE
    )
    agrement_number = forms.CharField(
        label=_("N° d'agrément de l'assistant maternel (facultatif)"),
        max_length=50,
        required=False,
        help_text=_("Relie le contact à sa fiche dans la liste des assistants maternels."),
    )

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.communes = communes
        self.fields["commune"].queryset = communes.order_by("name")

    def clean_agrement_number(self):
        number = self.cleaned_data["agrement_number"].strip()
        if not number:
            return None
        childminder = Childminder.objects.filter(
            agrement_number__iexact=number, commune__in=self.communes
        ).first()
        if childminder is None:
            raise forms.ValidationError(
                _("Aucun assistant maternel de vos communes n'a ce numéro d'agrément.")
            )
        return childminder
