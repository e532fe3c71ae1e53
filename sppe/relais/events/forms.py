from django import forms
from django.utils.translation import gettext_lazy as _

from ..enums import EVENT_KINDS_OF_PERSON, EventKind
from ..models import Place


class RegistrationForm(forms.Form):
    person_kind = forms.ChoiceField(
        label=_("Vous êtes"),
        choices=[(k.value, k.label) for k in EVENT_KINDS_OF_PERSON],
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Nom et prénom"), max_length=150)
    email = forms.EmailField(label=_("Adresse e-mail"))
    phone = forms.CharField(label=_("Téléphone (facultatif)"), max_length=30, required=False)
    children = forms.IntegerField(
        label=_("Nombre d'enfants qui vous accompagnent"), min_value=0, max_value=6, initial=0
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        if not event.open_to_parents:
            self.fields["person_kind"].choices = [
                (k.value, k.label) for k in EVENT_KINDS_OF_PERSON[:1]
            ]
            self.fields["person_kind"].initial = EVENT_KINDS_OF_PERSON[0].value
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs.update(autocomplete="tel", type="tel")


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=EventKind.choices)
    title = forms.CharField(label=_("Titre"), max_length=200)
    place = forms.ModelChoiceField(label=_("Lieu"), queryset=Place.objects.none())
    day = forms.DateField(label=_("Jour"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("Début"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Fin"), widget=forms.TimeInput(attrs={"type": "time"}))
    capacity_adults = forms.IntegerField(label=_("Places pour les adultes"), min_value=1)
    capacity_children = forms.IntegerField(
        label=_("Places pour les enfants"), min_value=0, initial=0
    )
    open_to_parents = forms.BooleanField(label=_("Ouvert aux parents"), required=False)

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places
