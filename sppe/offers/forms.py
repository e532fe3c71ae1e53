import datetime as dt

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from .enums import OfferKind, Weekday
from .schedule import days_to_mask
from .search import SortOrder

RADIUS_CHOICES = [(r, format_lazy(_("{n} km"), n=r)) for r in (2, 5, 10, 15, 20, 30)]
# capfirst keeps the label lazy: the day names follow the page's language.
SEARCH_DAY_CHOICES = [(d.value, capfirst(d.label)) for d in Weekday if d.value < 6]
KIND_CHOICES = [
    (OfferKind.CHILDMINDER.value, _("Assistant maternel")),
    (OfferKind.ESTABLISHMENT.value, _("Crèche, micro-crèche, halte-garderie")),
    (OfferKind.MAM.value, _("Maison d'assistants maternels (MAM)")),
    (OfferKind.HOME_CARE.value, _("Garde à domicile")),
]
SORT_CHOICES = [
    (SortOrder.DISTANCE, _("Les plus proches")),
    (SortOrder.AVAILABILITY, _("Les places libres le plus tôt")),
    (SortOrder.FRESHNESS, _("Les informations les plus récentes")),
]


def months_between(birth: dt.date, on: dt.date) -> int:
    months = (on.year - birth.year) * 12 + on.month - birth.month
    if on.day < birth.day:
        months -= 1
    return months


class LightSelect(forms.Select):
    """A select rendered without one template per option.

    A department has hundreds of communes, a national instance tens of thousands:
    rendering each option through a template would dominate the search page's time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs or {})
        final["name"] = name
        selected = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) == selected else "", label)  # noqa: S308
                for key, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


class SearchForm(forms.Form):
    """The family search, as GET parameters (shareable links, works without JS)."""

    commune = forms.ChoiceField(label=_("Commune"), required=False, widget=LightSelect)
    adresse = forms.CharField(
        label=_("Adresse précise (facultatif)"),
        required=False,
        max_length=200,
        help_text=_("Par exemple : 12 rue de la Gare, Aizenay. Sinon, le centre de la commune."),
    )
    rayon = forms.TypedChoiceField(
        label=_("Distance maximale"), choices=RADIUS_CHOICES, coerce=int, initial=10, required=False
    )
    naissance = forms.DateField(
        label=_("Date de naissance de l'enfant (ou date prévue)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    debut = forms.DateField(
        label=_("Date d'entrée souhaitée"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    age_mois = forms.IntegerField(
        label=_("ou âge de l'enfant à l'entrée (en mois)"),
        min_value=0,
        max_value=72,
        required=False,
    )
    jours = forms.TypedMultipleChoiceField(
        label=_("Jours d'accueil"),
        choices=SEARCH_DAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    heure_debut = forms.TimeField(
        label=_("Arrivée le matin"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    heure_fin = forms.TimeField(
        label=_("Départ le soir"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    mode = forms.MultipleChoiceField(
        label=_("Modes d'accueil"),
        choices=KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    disponible = forms.BooleanField(label=_("Seulement avec une place libre"), required=False)
    atypique = forms.BooleanField(
        label=_("Horaires atypiques (tôt le matin, tard le soir, week-end)"), required=False
    )
    inclusif = forms.BooleanField(
        label=_("Accueil d'un enfant en situation de handicap"), required=False
    )
    tri = forms.ChoiceField(
        label=_("Trier par"), choices=SORT_CHOICES, required=False, initial=SortOrder.DISTANCE
    )

    def __init__(self, *args, communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", _("— Choisir une commune —"))] + [
            (c.insee_code, c.name) for c in communes
        ]

    def clean(self):
        data = super().clean()
        if not data.get("commune") and not data.get("adresse"):
            raise forms.ValidationError(_("Choisissez une commune ou indiquez une adresse."))
        start, end = data.get("heure_debut"), data.get("heure_fin")
        if bool(start) != bool(end):
            raise forms.ValidationError(
                _("Indiquez à la fois l'heure d'arrivée et l'heure de départ, ou aucune des deux.")
            )
        if start and end and start >= end:
            self.add_error("heure_fin", _("L'heure de départ doit être après l'heure d'arrivée."))
        data["start_date"] = data.get("debut") or None
        birth = data.get("naissance")
        if birth:
            on = data["start_date"] or timezone.localdate()
            if birth > on:
                self.add_error(
                    "debut" if data.get("debut") else "naissance",
                    _("L'enfant doit être né à la date d'entrée souhaitée."),
                )
            elif months_between(birth, on) > 72:
                self.add_error("naissance", _("Ce service concerne les enfants de moins de 6 ans."))
            else:
                data["age_months"] = months_between(birth, on)
        if "age_months" not in data:
            data["age_months"] = data.get("age_mois")
        data["days_mask"] = days_to_mask(data.get("jours") or [])
        return data


ALL_DAY_CHOICES = [(d.value, capfirst(d.label)) for d in Weekday]


class AvailabilityRowForm(forms.Form):
    places = forms.IntegerField(label=_("Places libres"), min_value=1, max_value=60)
    available_from = forms.DateField(
        label=_("À partir du"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    days = forms.TypedMultipleChoiceField(
        label=_("Jours"), choices=ALL_DAY_CHOICES, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    age_min_months = forms.IntegerField(label=_("Âge minimum (mois)"), min_value=0, max_value=72)
    age_max_months = forms.IntegerField(label=_("Âge maximum (mois)"), min_value=0, max_value=72)

    def __init__(self, *args, sections=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sections is not None:
            self.fields["section"] = forms.TypedChoiceField(
                label=_("Section"), choices=[(s.pk, s.name) for s in sections], coerce=int
            )
            self.order_fields(["section"])

    def clean(self):
        data = super().clean()
        low, high = data.get("age_min_months"), data.get("age_max_months")
        if low is not None and high is not None and low > high:
            self.add_error(
                "age_max_months", _("L'âge maximum doit être supérieur à l'âge minimum.")
            )
        start = data.get("available_from")
        if start and start > timezone.localdate() + dt.timedelta(days=730):
            self.add_error("available_from", _("Indiquez une date dans les deux ans à venir."))
        return data


class BaseAvailabilityFormSet(forms.BaseFormSet):
    def __init__(self, *args, sections=None, **kwargs):
        self.sections = sections
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["sections"] = self.sections
        return kwargs

    def rows(self):
        from .services import AvailabilityRow

        rows = []
        for index, form in enumerate(self.forms):
            if self._should_delete_form(form):
                continue
            if index >= self.initial_form_count() and not form.has_changed():
                continue  # the blank row left for a new availability
            data = form.cleaned_data
            rows.append(
                AvailabilityRow(
                    places=data["places"],
                    available_from=data["available_from"],
                    days=days_to_mask(data["days"]),
                    age_min_months=data["age_min_months"],
                    age_max_months=data["age_max_months"],
                    section_id=data.get("section"),
                )
            )
        return rows


AvailabilityFormSet = forms.formset_factory(
    AvailabilityRowForm,
    formset=BaseAvailabilityFormSet,
    extra=1,
    can_delete=True,
    max_num=20,
    validate_max=True,
)


def availability_initial(availabilities, *, with_section=False):
    from .schedule import mask_to_days

    rows = []
    for a in availabilities:
        row = {
            "places": a.places,
            "available_from": a.available_from,
            "days": mask_to_days(a.days),
            "age_min_months": a.age_min_months,
            "age_max_months": a.age_max_months,
        }
        if with_section:
            row["section"] = a.section_id
        rows.append(row)
    return rows


class MagicLinkRequestForm(forms.Form):
    identifier = forms.CharField(
        label=_("Votre adresse e-mail ou votre numéro d'agrément"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "email"}),
    )
