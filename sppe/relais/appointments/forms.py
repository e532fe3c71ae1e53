from django import forms
from django.utils.translation import gettext_lazy as _

from sppe.territories.models import Commune

from ..enums import BOOKING_KINDS, Mode, PersonKind, Weekday
from ..models import Place, Theme


class BookingForm(forms.Form):
    person_kind = forms.ChoiceField(
        label=_("Vous êtes"),
        choices=[(kind.value, kind.label) for kind in BOOKING_KINDS],
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Nom et prénom"), max_length=150)
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        help_text=_("Pour recevoir la confirmation et le lien d'annulation."),
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        max_length=30,
        help_text=_("Si le relais doit vous joindre, ou pour un rendez-vous par téléphone."),
    )
    commune = forms.ModelChoiceField(label=_("Votre commune"), queryset=Commune.objects.none())
    theme = forms.ModelChoiceField(
        label=_("Le sujet du rendez-vous"), queryset=Theme.objects.filter(is_active=True)
    )

    def __init__(self, *args, territory=None, agent=False, **kwargs):
        super().__init__(*args, **kwargs)
        if territory is not None:
            self.fields["commune"].queryset = territory.communes.order_by("name")
        if agent:
            self.fields["person_kind"].choices = PersonKind.choices
            self.fields["person_kind"].widget = forms.Select(choices=PersonKind.choices)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs.update(autocomplete="tel", type="tel")

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        digits = [c for c in phone if c.isdigit()]
        if len(digits) < 10:
            raise forms.ValidationError(
                _("Indiquez un numéro à 10 chiffres, par exemple 02 51 00 00 00.")
            )
        return phone


class PermanenceForm(forms.Form):
    place = forms.ModelChoiceField(label=_("Lieu"), queryset=Place.objects.none())
    agent = forms.ModelChoiceField(label=_("Agent"), queryset=None)
    mode = forms.ChoiceField(label=_("Modalité"), choices=Mode.choices)
    weekday = forms.TypedChoiceField(label=_("Jour"), choices=Weekday.choices, coerce=int)
    start_time = forms.TimeField(label=_("Début"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Fin"), widget=forms.TimeInput(attrs={"type": "time"}))
    slot_minutes = forms.IntegerField(
        label=_("Durée d'un rendez-vous (minutes)"), min_value=10, max_value=240, initial=30
    )
    valid_from = forms.DateField(
        label=_("À partir du"), widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Jusqu'au"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, places, agents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places
        self.fields["agent"].queryset = agents


class ClosureForm(forms.Form):
    place = forms.ModelChoiceField(
        label=_("Lieu"),
        queryset=Place.objects.none(),
        required=False,
        empty_label=_("Tous les lieux du relais"),
    )
    start_date = forms.DateField(label=_("Du"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("Au"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=_("Motif"), max_length=150, help_text=_("Par exemple : congés d'été, formation.")
    )

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places
