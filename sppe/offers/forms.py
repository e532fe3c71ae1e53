import datetime as dt
import html

from django import forms
from django.forms.renderers import BaseRenderer, get_default_renderer
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from .enums import OfferKind, Weekday
from .schedule import days_to_mask
from .search import SortOrder
from .services import MAX_PAST_DAYS, PAST_DATE_MESSAGE

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


# --- Widgets rendered without the template engine ----------------------------------
#
# The search page renders a dozen widgets per request; through Django's widget
# templates they cost half of the page. These functions produce the same HTML as
# Django's own templates (django/forms/templates/django/forms/widgets/), from the same
# context (`Widget.get_context`), so every attribute (ids, aria-*, checked...) stays
# Django's; tests/offers/test_search_page_perf_shape.py checks the output is identical.


class _NotHandled(Exception):
    pass


def _out(value) -> str:
    """`{{ value }}` in an autoescaped template (Django's conditional_escape, minus
    its lazy-argument wrapper, which cost more than the escaping here)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _format_s(value) -> str:
    """`{{ value|stringformat:'s' }}` in an autoescaped template."""
    return html.escape(str(value))


def _attrs_html(attrs) -> str:
    return "".join(
        f" {_out(name)}" if value is True else f' {_out(name)}="{_format_s(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input_html(widget) -> str:
    value = "" if widget["value"] is None else f' value="{_format_s(widget["value"])}"'
    return (
        f'<input type="{_out(widget["type"])}" name="{_out(widget["name"])}"{value}'
        f"{_attrs_html(widget['attrs'])}>\n"
    )


def _checkbox_html(widget) -> str:
    return _input_html(widget) + "\n"


def _input_option_html(widget) -> str:
    if not widget["wrap_label"]:  # Django's choice widgets always wrap: not needed so far
        raise _NotHandled
    label_for = widget["attrs"].get("id")
    label_for = f' for="{_out(label_for)}"' if label_for else ""
    return f"<label{label_for}>{_input_html(widget)} {_out(widget['label'])}</label>\n"


def _checkbox_option_html(widget) -> str:
    return _input_option_html(widget) + "\n"


def _select_option_html(widget) -> str:
    return (
        f'<option value="{_format_s(widget["value"])}"{_attrs_html(widget["attrs"])}>'
        f"{_out(widget['label'])}</option>\n"
    )


def _option_html(option) -> str:
    build = _OPTION_HTML.get(option["template_name"])
    if build is None:
        raise _NotHandled
    return build(option)


def _select_html(widget) -> str:
    parts = [f'<select name="{_out(widget["name"])}"{_attrs_html(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_out(group_name)}">')
        for option in options:
            parts.append("\n  " + _option_html(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _multiple_input_html(widget) -> str:
    attrs = widget["attrs"]
    parts = ["<div"]
    if attrs.get("id"):
        parts.append(f' id="{_out(attrs["id"])}"')
    if attrs.get("class"):
        parts.append(f' class="{_out(attrs["class"])}"')
    parts.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_out(group)}</label>")
        for option in options:
            parts.append("<div>\n    " + _option_html(option) + "</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>\n")
    return "".join(parts)


_OPTION_HTML = {
    "django/forms/widgets/select_option.html": _select_option_html,
    "django/forms/widgets/checkbox_option.html": _checkbox_option_html,
}
_WIDGET_HTML = {
    "django/forms/widgets/input.html": _input_html,
    "django/forms/widgets/text.html": _input_html,
    "django/forms/widgets/number.html": _input_html,
    "django/forms/widgets/date.html": _input_html,
    "django/forms/widgets/time.html": _input_html,
    "django/forms/widgets/checkbox.html": _checkbox_html,
    "django/forms/widgets/select.html": _select_html,
    "django/forms/widgets/checkbox_select.html": _multiple_input_html,
}


class PythonWidgetRenderer(BaseRenderer):
    """The configured form renderer, with the common widgets rendered in Python.

    Anything else (error lists, unknown widgets or option templates) goes to the
    configured renderer (settings.FORM_RENDERER).
    """

    @property
    def fallback(self):
        return get_default_renderer()

    @property
    def form_template_name(self):
        return self.fallback.form_template_name

    @property
    def formset_template_name(self):
        return self.fallback.formset_template_name

    @property
    def field_template_name(self):
        return self.fallback.field_template_name

    @property
    def bound_field_class(self):
        return getattr(self.fallback, "bound_field_class", None)

    def get_template(self, template_name):
        return self.fallback.get_template(template_name)

    def render(self, template_name, context, request=None):
        build = _WIDGET_HTML.get(template_name)
        if build is not None and "widget" in context:
            try:
                return build(context["widget"]).strip()
            except _NotHandled:
                pass
        return self.fallback.render(template_name, context, request=request)


def _commune_options_html(index) -> str:
    """The <option> list of the territory's communes, rendered once per commune index."""
    return "".join(
        f'<option value="{escape(c.insee_code)}">{escape(c.name)}</option>' for c in index.located
    )


class CommuneSelect(forms.Select):
    """The territory's communes, rendered from HTML kept with the commune index.

    A department has hundreds of communes, a national instance tens of thousands:
    rendering each option through a template, or even formatting each one per request,
    would dominate the search page's time. Only the chosen option is marked per request.
    """

    index = None  # the CommuneIndex, set by the form
    blank_label = ""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs or {})
        final["name"] = name
        selected = "" if value is None else str(value)
        options = ""
        if self.index is not None:
            options = self.index.derived("search-commune-options", _commune_options_html)
            if selected and self.index.located_commune(selected) is not None:
                token = f'<option value="{escape(selected)}">'
                options = options.replace(token, f"{token[:-1]} selected>", 1)
        return format_html(
            '<select{}><option value=""{}>{}</option>{}</select>',
            flatatt(final),
            mark_safe(" selected") if selected == "" else "",  # noqa: S308
            self.blank_label,
            mark_safe(options),  # noqa: S308 (names and codes escaped when built)
        )


class CommuneChoiceField(forms.ChoiceField):
    """A commune of the territory's index, by INSEE code (validated without a list)."""

    widget = CommuneSelect

    def __init__(self, *, blank_label, **kwargs):
        super().__init__(**kwargs)
        self.index = None
        self.widget.blank_label = blank_label

    def valid_value(self, value):
        return self.index is not None and self.index.located_commune(value) is not None


class SearchForm(forms.Form):
    """The family search, as GET parameters (shareable links, works without JS)."""

    default_renderer = PythonWidgetRenderer()

    commune = CommuneChoiceField(
        label=_("Commune"), required=False, blank_label=_("— Choisir une commune —")
    )
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

    # A shared link may leave out the distance or the order: the form then shows the
    # defaults the search uses, not the first choice of each list.
    DEFAULTS = {"rayon": "10", "tri": SortOrder.DISTANCE}

    def __init__(self, data=None, *args, communes=None, **kwargs):
        """`communes`: the territory's CommuneIndex (sppe.territories.commune_index)."""
        if data is not None:
            data = data.copy()
            for key, value in self.DEFAULTS.items():
                if not data.get(key):
                    data[key] = value
        super().__init__(data, *args, **kwargs)
        field = self.fields["commune"]
        field.index = field.widget.index = communes

    def clean(self):
        data = super().clean()
        # A commune already refused has its own message.
        if not data.get("commune") and not data.get("adresse") and "commune" not in self.errors:
            # On the commune field: the error summary links to it and it is marked invalid.
            self.add_error("commune", _("Choisissez une commune ou indiquez une adresse."))
            return data
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
        if start and start < timezone.localdate() - dt.timedelta(days=MAX_PAST_DAYS):
            self.add_error("available_from", PAST_DATE_MESSAGE)
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
            "available_from": max(a.available_from, timezone.localdate()),
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
