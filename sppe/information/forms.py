import re
from datetime import date, timedelta
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.formats import localize_input
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sppe.offers import schedule

from .enums import ContentKey, ContentLanguage
from .fees.compare import CarePrices, FamilySituation, InvalidSituation
from .fees.psu import max_weeks
from .models import Contact, LocalContent

MAX_RESOURCES = Decimal(2_000_000)
# The caf.fr official example of the CMG reform: a couple with 3,000 € a month. The page
# says it is an example to replace; it lets a first try give a result.
EXAMPLE_RESOURCES = Decimal(36_000)
FIRST_FIGURES = date(2019, 1, 1)
START_HORIZON = timedelta(days=2 * 366)
SPACES = re.compile(r"[\s\u00a0\u202f]")
TRAILING_ZEROS = re.compile(r"^[+-]?\d*\.\d*?0+$")


class AmountField(forms.DecimalField):
    """A decimal typed as text: "4,20", "4.20" and "32 000" are all understood, in every
    language of the site (a number input would depend on the browser's locale)."""

    widget = forms.TextInput

    def to_python(self, value):
        if isinstance(value, str):
            value = SPACES.sub("", value).replace(",", ".")
            if TRAILING_ZEROS.match(value):
                # "40,000000" is 40: trailing zeros are not significant digits.
                value = value.rstrip("0").rstrip(".") or "0"
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            # format(40, "f") would give "40.000000" (an int is formatted as a float).
            return str(value)
        if isinstance(value, Decimal):
            text = format(value, "f")
            return text.replace(".", ",") if get_language() == "fr" else text
        return value

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.update(inputmode="decimal", autocomplete="off")
        return attrs


MAX_CHILDREN = 15

CHILD_AGE_CHOICES = [
    (0, _("moins d'1 an")),
    (1, _("1 an")),
    (2, _("2 ans")),
    (3, _("3 ans")),
    (4, _("4 ans")),
    (5, _("5 ans")),
]


def _money(label, *, help_text, maximum, required=True, minimum=Decimal("0.01")):
    return AmountField(
        label=label,
        help_text=help_text,
        required=required,
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(minimum), MaxValueValidator(maximum)],
        error_messages={
            "required": _("Indiquez un montant."),
            "invalid": _("Indiquez un montant en euros, par exemple 4,20."),
            "min_value": _("Le montant doit être supérieur à 0 €.")
            if minimum
            else _("Le montant ne peut pas être négatif."),
            "max_value": _(
                "Ce montant dépasse %(limit_value)s € : vérifiez-le (il s'agit d'un montant "
                "par heure ou par mois)."
            ),
            "max_digits": _("Ce montant est trop grand."),
            "max_decimal_places": _("Indiquez au plus 2 chiffres après la virgule."),
            "max_whole_digits": _("Ce montant est trop grand."),
        },
    )


def _count(label, *, help_text, minimum, maximum, initial):
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=minimum,
        max_value=maximum,
        initial=initial,
        error_messages={
            "required": _("Indiquez un nombre."),
            "invalid": _("Indiquez un nombre entier, par exemple 2."),
            "min_value": _("Le nombre doit être d'au moins %(limit_value)s."),
            "max_value": _("Le nombre ne peut pas dépasser %(limit_value)s."),
        },
    )


class SimulatorForm(forms.Form):
    """What a family tells the simulator. Sent by GET: the page works without JavaScript
    and its address can be bookmarked or sent to a relative."""

    annual_resources = AmountField(
        label=_("Ressources annuelles de votre foyer (année N-2), en euros"),
        help_text=_(
            "Les revenus de votre foyer d'il y a deux ans, tels que la Caf les connaît : le "
            "montant exact est dans votre espace sur caf.fr. À défaut, le « revenu fiscal de "
            "référence » de votre avis d'impôt en donne une bonne estimation (si vous "
            "déclarez vos revenus séparément, additionnez ceux des deux parents)."
        ),
        max_digits=12,
        decimal_places=2,
        initial=EXAMPLE_RESOURCES,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_RESOURCES)],
        error_messages={
            "required": _("Indiquez vos ressources annuelles (0 si vous n'en avez pas)."),
            "invalid": _("Indiquez un montant en euros, sans espace ni lettre, par exemple 32000."),
            "min_value": _("Les ressources ne peuvent pas être négatives."),
            "max_value": _(
                "Ce montant dépasse 2 000 000 € : vérifiez-le. Au-delà d'un plafond, le "
                "résultat ne change plus."
            ),
            "max_digits": _("Ce montant est trop grand : vérifiez-le."),
            "max_whole_digits": _("Ce montant est trop grand : vérifiez-le."),
            "max_decimal_places": _("Indiquez au plus 2 chiffres après la virgule."),
        },
    )
    dependent_children = _count(
        _("Nombre d'enfants à charge"),
        help_text=_("Tous les enfants à votre charge, y compris celui à faire garder."),
        minimum=1,
        maximum=MAX_CHILDREN,
        initial=1,
    )
    aeeh_children = _count(
        _("Parmi eux, nombre d'enfants bénéficiant de l'AEEH"),
        help_text=_("Allocation d'éducation de l'enfant handicapé. Laissez 0 sinon."),
        minimum=0,
        maximum=MAX_CHILDREN,
        initial=0,
    )
    single_parent = forms.BooleanField(
        label=_("Je vis seul(e) avec mon ou mes enfants"),
        required=False,
    )
    alternating_residence = forms.BooleanField(
        label=_("L'enfant vit en résidence alternée chez ses deux parents"),
        required=False,
    )
    child_age = forms.TypedChoiceField(
        label=_("Âge de l'enfant à faire garder"),
        help_text=_("Son âge au début de l'accueil, en années révolues."),
        choices=CHILD_AGE_CHOICES,
        coerce=int,
        initial=0,
        error_messages={"invalid_choice": _("Choisissez un âge dans la liste.")},
    )
    hours_per_week = AmountField(
        label=_("Heures de garde par semaine"),
        help_text=_("Par exemple 40 pour 4 jours de 10 heures."),
        max_digits=5,
        decimal_places=2,
        initial=40,
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(70))],
        error_messages={
            "required": _("Indiquez le nombre d'heures par semaine."),
            "invalid": _("Indiquez un nombre d'heures, par exemple 40."),
            "min_value": _("Indiquez au moins 1 heure par semaine."),
            "max_value": _("Indiquez au plus 70 heures par semaine."),
            "max_digits": _("Indiquez au plus 70 heures par semaine."),
            "max_whole_digits": _("Indiquez au plus 70 heures par semaine."),
            "max_decimal_places": _("Indiquez au plus 2 chiffres après la virgule."),
        },
    )
    start_date = forms.DateField(
        label=_("Date de début de l'accueil"),
        help_text=_(
            "Par exemple la rentrée de septembre. Les barèmes en vigueur à cette date s'appliquent."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Indiquez la date de début de l'accueil."),
            "invalid": _("Indiquez une date, par exemple 01/09/2026."),
        },
    )
    contract_months = _count(
        _("Durée de l'accueil, en mois"),
        help_text=_("12 pour une année entière ; moins pour un accueil de quelques mois."),
        minimum=1,
        maximum=12,
        initial=12,
    )
    weeks_per_year = _count(
        _("Semaines de garde pendant cette durée"),
        help_text=_(
            "Les semaines où l'enfant est gardé, sans vos congés. Pour une année entière, "
            "souvent entre 44 et 47."
        ),
        minimum=1,
        maximum=53,
        initial=45,
    )
    micro_creche_hourly_price = _money(
        _("Prix horaire d'une micro-crèche à tarif libre (PAJE), en euros"),
        help_text="",
        maximum=Decimal(30),
    )
    am_net_hourly_wage = _money(
        _("Salaire horaire net d'un assistant maternel, en euros"),
        help_text="",
        maximum=Decimal(20),
    )
    am_maintenance_per_month = _money(
        _("Indemnités d'entretien de l'assistant maternel, par mois, en euros"),
        help_text=_(
            "Demandez-les à l'assistant maternel. Laissez 0 si vous ne les connaissez pas."
        ),
        maximum=Decimal(1000),
        minimum=Decimal(0),
    )
    am_meals_per_month = _money(
        _("Frais de repas fournis par l'assistant maternel, par mois, en euros"),
        help_text=_(
            "Comptés à part : ils ne donnent pas droit au crédit d'impôt. Laissez 0 si vous "
            "fournissez les repas."
        ),
        maximum=Decimal(1000),
        minimum=Decimal(0),
    )
    gad_net_hourly_wage = _money(
        _("Salaire horaire net d'une garde à domicile, en euros"),
        help_text="",
        maximum=Decimal(50),
    )
    shared_home_care = forms.BooleanField(
        label=_("Comparer aussi une garde partagée avec une autre famille"),
        help_text=_(
            "La garde s'occupe de votre enfant et de celui d'une autre famille, chez l'une ou "
            "l'autre. Chaque famille paie sa part du salaire et reçoit son propre CMG et son "
            "propre crédit d'impôt."
        ),
        required=False,
    )
    shared_home_care_percent = _count(
        _("Part du salaire payée par votre famille, en %"),
        help_text=_("50 si les deux familles partagent à égalité."),
        minimum=1,
        maximum=99,
        initial=50,
    )
    other_family_resources = AmountField(
        label=_("Ressources annuelles de l'autre famille (année N-2), en euros"),
        help_text=_(
            "Facultatif : pour voir aussi le coût, le CMG et le crédit d'impôt de l'autre "
            "famille, pour le même accueil."
        ),
        required=False,
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_RESOURCES)],
        error_messages={
            "invalid": _("Indiquez un montant en euros, sans espace ni lettre, par exemple 32000."),
            "min_value": _("Les ressources ne peuvent pas être négatives."),
            "max_value": _(
                "Ce montant dépasse 2 000 000 € : vérifiez-le. Au-delà d'un plafond, le "
                "résultat ne change plus."
            ),
            "max_digits": _("Ce montant est trop grand : vérifiez-le."),
            "max_whole_digits": _("Ce montant est trop grand : vérifiez-le."),
            "max_decimal_places": _("Indiquez au plus 2 chiffres après la virgule."),
        },
    )
    other_family_children = _count(
        _("Enfants à charge de l'autre famille, en nombre"),
        help_text="",
        minimum=1,
        maximum=MAX_CHILDREN,
        initial=1,
    )

    PRICE_FIELDS = ("micro_creche_hourly_price", "am_net_hourly_wage", "gad_net_hourly_wage")

    def __init__(self, data=None, *args, suggested=None, **kwargs):
        today = timezone.localdate()
        # Fields a link made before they existed does not carry: their usual value.
        defaults = {
            "am_maintenance_per_month": Decimal(0),
            "am_meals_per_month": Decimal(0),
            "contract_months": 12,
            "shared_home_care_percent": 50,
            "other_family_children": 1,
            "start_date": today,
        }
        if suggested is not None:
            for name in self.PRICE_FIELDS:
                defaults[name] = getattr(suggested, name).amount
        if data is not None:
            # A price left empty, or missing from a shortened link, is the proposed one
            # the page shows under the field: the family gets a result, not an error.
            data = data.copy()
            for name, value in defaults.items():
                if not data.get(name, "").strip():
                    data[name] = (
                        value.isoformat() if isinstance(value, date) else localize_input(value)
                    )
        super().__init__(data, *args, **kwargs)
        for name, value in defaults.items():
            self.fields[name].initial = value
        self.fields["start_date"].widget.attrs.update(
            min=FIRST_FIGURES.isoformat(), max=(today + START_HORIZON).isoformat()
        )

    def clean_start_date(self):
        day = self.cleaned_data["start_date"]
        if day < FIRST_FIGURES:
            raise forms.ValidationError(
                _(
                    "Le simulateur connaît les barèmes depuis le 1er janvier 2019 : choisissez "
                    "une date à partir de celle-ci."
                )
            )
        if day > timezone.localdate() + START_HORIZON:
            raise forms.ValidationError(_("Choisissez une date dans les deux années qui viennent."))
        return day

    def clean(self):
        cleaned = super().clean()
        children, aeeh = cleaned.get("dependent_children"), cleaned.get("aeeh_children")
        if children is not None and aeeh is not None and aeeh > children:
            self.add_error(
                "aeeh_children",
                _("Il ne peut pas y avoir plus d'enfants avec l'AEEH que d'enfants à charge."),
            )
        months, weeks = cleaned.get("contract_months"), cleaned.get("weeks_per_year")
        if months is not None and weeks is not None and weeks > max_weeks(months):
            self.add_error(
                "weeks_per_year",
                _("Un accueil de %(months)s mois compte au plus %(weeks)s semaines de garde.")
                % {"months": months, "weeks": max_weeks(months)},
            )
        if not self.errors:
            try:
                self._situation = self._build_situation()
            except InvalidSituation:
                self.add_error(
                    None, _("Cette situation n'est pas possible : vérifiez vos réponses.")
                )
        return cleaned

    def _build_situation(self) -> FamilySituation:
        data = self.cleaned_data
        return FamilySituation(
            annual_resources=data["annual_resources"],
            dependent_children=data["dependent_children"],
            aeeh_children=data["aeeh_children"],
            single_parent=data["single_parent"],
            alternating_residence=data["alternating_residence"],
            child_age=data["child_age"],
            hours_per_week=data["hours_per_week"],
            weeks_per_year=Decimal(data["weeks_per_year"]),
            contract_months=data["contract_months"],
        )

    def situation(self) -> FamilySituation:
        return self._situation

    def other_family(self) -> tuple[FamilySituation, Decimal] | None:
        """The other family of a garde partagée and its share, when the family gave its
        resources: the same care, with that family's resources and children."""
        data = self.cleaned_data
        if not data["shared_home_care"] or data["other_family_resources"] is None:
            return None
        mine = self._situation
        other = FamilySituation(
            annual_resources=data["other_family_resources"],
            dependent_children=data["other_family_children"],
            child_age=mine.child_age,
            hours_per_week=mine.hours_per_week,
            weeks_per_year=mine.weeks_per_year,
            contract_months=mine.contract_months,
        )
        return other, Decimal(100 - data["shared_home_care_percent"])

    def start(self) -> date:
        return self.cleaned_data["start_date"]

    def prices(self) -> CarePrices:
        data = self.cleaned_data
        return CarePrices(
            micro_creche_hourly_price=data["micro_creche_hourly_price"],
            am_net_hourly_wage=data["am_net_hourly_wage"],
            am_maintenance_per_month=data["am_maintenance_per_month"],
            am_meals_per_month=data["am_meals_per_month"],
            gad_net_hourly_wage=data["gad_net_hourly_wage"],
            shared_home_care_percent=(
                Decimal(data["shared_home_care_percent"]) if data["shared_home_care"] else None
            ),
        )


class LocalContentForm(forms.ModelForm):
    class Meta:
        model = LocalContent
        fields = ["title", "body"]
        help_texts = {
            "body": _(
                "Texte simple. Une ligne vide commence un paragraphe ; une ligne qui commence "
                "par « - » fait une liste ; **mots** en gras ; [texte](https://adresse) fait "
                "un lien. Le HTML n'est pas interprété."
            )
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}


class LocalContentChoiceForm(forms.Form):
    key = forms.ChoiceField(label=_("Emplacement"), choices=ContentKey.choices)
    language = forms.ChoiceField(label=_("Langue"), choices=ContentLanguage.choices)


class ContactForm(forms.ModelForm):
    website = forms.URLField(
        label=_("site web"), required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Contact
        fields = [
            "name",
            "kind",
            "address",
            "phone",
            "email",
            "website",
            "opening_hours",
            "hours_note",
            "position",
            "is_active",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def clean_opening_hours(self):
        value = self.cleaned_data.get("opening_hours", "")
        try:
            return schedule.validate(value)
        except schedule.OpeningHoursError as error:
            raise forms.ValidationError(
                _(
                    "Ces horaires ne sont pas compris. Écrivez-les par exemple ainsi : "
                    "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00 (Mo lundi, Tu mardi, We "
                    "mercredi, Th jeudi, Fr vendredi, Sa samedi)."
                )
            ) from error
