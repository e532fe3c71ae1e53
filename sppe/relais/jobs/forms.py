from django import forms
from django.utils.translation import gettext_lazy as _

from sppe.offers.schedule import WEEKDAY_LABELS, days_to_mask
from sppe.territories.models import Commune

from ..enums import DISTANCES_KM


class JobOfferForm(forms.Form):
    parent_name = forms.CharField(label=_("Votre nom"), max_length=150)
    email = forms.EmailField(label=_("Votre adresse e-mail"))
    phone = forms.CharField(label=_("Votre téléphone (facultatif)"), max_length=30, required=False)
    commune = forms.ModelChoiceField(
        label=_("Commune de l'accueil"), queryset=Commune.objects.none()
    )
    distance_km = forms.TypedChoiceField(
        label=_("Distance acceptée autour de cette commune"),
        choices=[(0, _("Cette commune seulement"))]
        + [(d, _("%(n)s km") % {"n": d}) for d in DISTANCES_KM[1:]],
        coerce=int,
        initial=5,
    )
    days = forms.TypedMultipleChoiceField(
        label=_("Jours d'accueil"),
        choices=[(i, WEEKDAY_LABELS[i]) for i in range(6)],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    start_time = forms.TimeField(
        label=_("Heure d'arrivée de l'enfant"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("Heure de départ de l'enfant"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    start_date = forms.DateField(
        label=_("À partir du"), widget=forms.DateInput(attrs={"type": "date"})
    )
    child_age_months = forms.IntegerField(
        label=_("Âge de l'enfant au début de l'accueil (en mois)"), min_value=0, max_value=72
    )
    atypical_hours = forms.BooleanField(
        label=_("Horaires atypiques (avant 7 h, après 19 h, week-end)"), required=False
    )
    specific_needs = forms.BooleanField(
        label=_("Enfant en situation de handicap ou à besoins particuliers"), required=False
    )

    def __init__(self, *args, territory=None, **kwargs):
        super().__init__(*args, **kwargs)
        if territory is not None:
            self.fields["commune"].queryset = territory.communes.order_by("name")
        self.fields["parent_name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs.update(autocomplete="tel", type="tel")

    def clean_days(self):
        return days_to_mask(self.cleaned_data["days"])
