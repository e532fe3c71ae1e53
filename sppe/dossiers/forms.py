"""Forms of the single desk. They read and check input; services.py writes."""

import datetime as dt

from django import forms
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from sppe.offers.enums import OfferKind, Weekday
from sppe.offers.schedule import days_to_mask, mask_to_days

from . import services, states
from .ages import AgeSection
from .enums import Channel, DocumentKind, NoteKind, ParentActivity, SpecificSituation, Status

# capfirst keeps the label lazy: the days speak the language of the page, not of start-up.
DAY_CHOICES = [(d.value, capfirst(d.label)) for d in Weekday if d.value < 6]
OTHER_MODE_CHOICES = [
    (OfferKind.CHILDMINDER.value, _("Un assistant maternel (à son domicile)")),
    (OfferKind.MAM.value, _("Une maison d'assistants maternels (MAM)")),
    (OfferKind.HOME_CARE.value, _("Une garde à domicile")),
]
RANK_LABELS = [
    _("1er choix"),
    _("2e choix (facultatif)"),
    _("3e choix (facultatif)"),
    _("4e choix (facultatif)"),
    _("5e choix (facultatif)"),
]
DATE_WIDGET = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def _minutes(value):
    return value.hour * 60 + value.minute if value else None


def _time(minutes):
    return dt.time(minutes // 60, minutes % 60) if minutes is not None else None


class VersionForm(forms.Form):
    """The version of the dossier the page showed (see services: optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class SituationForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom du parent qui fait la demande"), max_length=150)
    last_name = forms.CharField(label=_("Nom du parent qui fait la demande"), max_length=150)
    commune = forms.ModelChoiceField(
        label=_("Commune où vit la famille"),
        queryset=None,
        empty_label=_("— Choisir une commune —"),
    )
    address = forms.CharField(label=_("Adresse"), max_length=300, required=False)
    phone = forms.CharField(
        label=_("Téléphone"),
        max_length=30,
        required=False,
        help_text=_("Pour vous joindre si une pièce manque ou si une place se libère."),
    )
    single_parent = forms.BooleanField(
        label=_("Je vis seul(e) avec mon ou mes enfants (parent isolé)"), required=False
    )
    parent1_activity = forms.ChoiceField(label=_("Votre activité"), choices=ParentActivity.choices)
    parent2_activity = forms.ChoiceField(
        label=_("Activité de l'autre parent"),
        choices=[("", _("— Choisir —")), *ParentActivity.choices],
        required=False,
        help_text=_("Laissez vide si vous êtes parent isolé."),
    )
    annual_resources = forms.IntegerField(
        label=_("Ressources annuelles du foyer, en euros"),
        min_value=0,
        max_value=10_000_000,
        required=False,
        help_text=_(
            "Le revenu net imposable de l'avant-dernière année, inscrit sur votre avis "
            "d'imposition. Il sert à calculer le tarif des crèches publiques (barème de la Caf)."
        ),
    )
    resources_declined = forms.BooleanField(
        label=_("Je ne souhaite pas déclarer mes ressources (le tarif maximal s'appliquera)"),
        required=False,
    )
    dependent_children = forms.IntegerField(
        label=_("Nombre d'enfants à charge (en comptant ceux de cette demande)"),
        min_value=1,
        error_messages={"min_value": services.DEPENDENT_CHILDREN_MESSAGE},
        max_value=15,
        initial=1,
    )
    specific_situations = forms.MultipleChoiceField(
        label=_("Situations particulières (facultatif)"),
        choices=SpecificSituation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Elles peuvent donner une priorité selon les critères du territoire."),
    )
    siblings_in_creche = forms.ModelMultipleChoiceField(
        label=_("Un frère ou une sœur est déjà accueilli dans (facultatif)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sms_opt_in = forms.BooleanField(
        label=_("J'accepte de recevoir aussi des SMS sur l'avancée de ma demande"), required=False
    )

    def __init__(self, *args, territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = territory.communes.order_by("name")
        self.fields["commune"].label_from_instance = lambda commune: commune.name
        self.fields["siblings_in_creche"].queryset = services.desk_establishments(
            territory
        ).order_by("name")

    def clean(self):
        data = super().clean()
        if not data.get("single_parent") and not data.get("parent2_activity"):
            self.add_error(
                "parent2_activity",
                _("Indiquez l'activité de l'autre parent, ou cochez « parent isolé »."),
            )
        if data.get("annual_resources") is None and not data.get("resources_declined"):
            self.add_error(
                "annual_resources",
                _("Indiquez vos ressources, ou cochez « Je ne souhaite pas déclarer »."),
            )
        return data

    def situation(self) -> services.Situation:
        d = self.cleaned_data
        return services.Situation(
            first_name=d["first_name"],
            last_name=d["last_name"],
            commune=d["commune"],
            address=d["address"],
            phone=d["phone"],
            single_parent=d["single_parent"],
            parent1_activity=d["parent1_activity"],
            parent2_activity="" if d["single_parent"] else d["parent2_activity"],
            annual_resources=None if d["resources_declined"] else d["annual_resources"],
            resources_declined=d["resources_declined"],
            dependent_children=d["dependent_children"],
            specific_situations=list(d["specific_situations"]),
            siblings_in_creche=list(d["siblings_in_creche"]),
            sms_opt_in=d["sms_opt_in"],
        )


def situation_initial(household=None, user=None) -> dict:
    if household is None:
        return {
            "first_name": getattr(user, "first_name", ""),
            "last_name": getattr(user, "last_name", ""),
            "dependent_children": 1,
        }
    return {
        "first_name": household.first_name,
        "last_name": household.last_name,
        "commune": household.commune_id,
        "address": household.address,
        "phone": household.phone,
        "single_parent": household.single_parent,
        "parent1_activity": household.parent1_activity,
        "parent2_activity": household.parent2_activity,
        "annual_resources": household.annual_resources,
        "resources_declined": household.resources_declined,
        "dependent_children": household.dependent_children,
        "specific_situations": household.specific_situations,
        "siblings_in_creche": list(household.siblings_in_creche.values_list("pk", flat=True)),
        "sms_opt_in": household.sms_opt_in,
    }


class RequestForm(forms.Form):
    """The children and the care wished (date, days, hours, other modes)."""

    child_status = forms.ChoiceField(
        label=_("Votre enfant est-il né ?"),
        choices=[
            ("born", _("Oui, il est né (ou ils sont nés)")),
            ("expected", _("Non, la naissance est attendue")),
        ],
        widget=forms.RadioSelect,
    )
    due_date = forms.DateField(
        label=_("Date prévue de naissance"),
        required=False,
        help_text=_("Seulement si l'enfant n'est pas encore né."),
        **DATE_WIDGET,
    )
    expected_count = forms.TypedChoiceField(
        label=_("Nombre d'enfants attendus"),
        choices=[(1, "1"), (2, _("2 (jumeaux)")), (3, _("3 (triplés)"))],
        coerce=int,
        initial=1,
        required=False,
    )
    child1_first_name = forms.CharField(
        label=_("Prénom du 1er enfant (facultatif)"), max_length=100, required=False
    )
    child1_birth_date = forms.DateField(
        label=_("Date de naissance du 1er enfant"), required=False, **DATE_WIDGET
    )
    child2_first_name = forms.CharField(
        label=_("Prénom du 2e enfant (jumeaux, frère ou sœur)"), max_length=100, required=False
    )
    child2_birth_date = forms.DateField(
        label=_("Date de naissance du 2e enfant"), required=False, **DATE_WIDGET
    )
    child3_first_name = forms.CharField(
        label=_("Prénom du 3e enfant"), max_length=100, required=False
    )
    child3_birth_date = forms.DateField(
        label=_("Date de naissance du 3e enfant"), required=False, **DATE_WIDGET
    )
    wished_start_date = forms.DateField(
        label=_("Date d'entrée souhaitée"),
        help_text=_(
            "Avant les 3 ans de l'enfant : après 3 ans, c'est l'école maternelle et "
            "l'accueil de loisirs qui prennent le relais."
        ),
        **DATE_WIDGET,
    )
    days = forms.TypedMultipleChoiceField(
        label=_("Jours d'accueil souhaités"),
        choices=DAY_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    start_time = forms.TimeField(
        label=_("Heure d'arrivée le matin"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("Heure de départ le soir"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    open_to_other_modes = forms.MultipleChoiceField(
        label=_("Si aucune place en crèche ne se libère, j'accepte aussi (facultatif)"),
        choices=OTHER_MODE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Le relais petite enfance vous aidera à trouver ces autres modes d'accueil."),
    )

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        wished = data.get("wished_start_date")
        if wished and wished < today:
            self.add_error("wished_start_date", _("Choisissez une date à venir."))
        if data.get("child_status") == "expected":
            due = data.get("due_date")
            if not due:
                self.add_error("due_date", _("Indiquez la date prévue de naissance."))
            elif due < today - dt.timedelta(days=31):
                self.add_error(
                    "due_date",
                    _("Cette date est passée : si l'enfant est né, indiquez sa date de naissance."),
                )
        elif data.get("child_status") == "born":
            if not data.get("child1_birth_date"):
                self.add_error("child1_birth_date", _("Indiquez la date de naissance."))
            for n in (2, 3):
                if data.get(f"child{n}_first_name") and not data.get(f"child{n}_birth_date"):
                    self.add_error(
                        f"child{n}_birth_date", _("Indiquez la date de naissance de cet enfant.")
                    )
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and start >= end:
            self.add_error("end_time", _("L'heure de départ doit être après l'heure d'arrivée."))
        return data

    def children(self) -> list[services.ChildInput]:
        d = self.cleaned_data
        if d["child_status"] == "expected":
            return [
                services.ChildInput(due_date=d["due_date"])
                for _i in range(d["expected_count"] or 1)
            ]
        return [
            services.ChildInput(
                first_name=d[f"child{n}_first_name"], birth_date=d[f"child{n}_birth_date"]
            )
            for n in (1, 2, 3)
            if d.get(f"child{n}_birth_date")
        ]

    def care_request(self) -> services.CareRequest:
        d = self.cleaned_data
        return services.CareRequest(
            wished_start_date=d["wished_start_date"],
            days=days_to_mask(d["days"]),
            start_minute=_minutes(d["start_time"]),
            end_minute=_minutes(d["end_time"]),
            open_to_other_modes=list(d["open_to_other_modes"]),
        )


def request_initial(application) -> dict:
    children = list(application.children.order_by("pk"))
    initial = {
        "wished_start_date": application.wished_start_date,
        "days": mask_to_days(application.days),
        "start_time": _time(application.start_minute),
        "end_time": _time(application.end_minute),
        "open_to_other_modes": application.open_to_other_modes,
    }
    if children and all(c.birth_date is None for c in children):
        initial.update(
            child_status="expected", due_date=children[0].due_date, expected_count=len(children)
        )
    else:
        initial["child_status"] = "born"
        for n, child in enumerate(children[:3], start=1):
            initial[f"child{n}_first_name"] = child.first_name
            initial[f"child{n}_birth_date"] = child.birth_date
    return initial


class ChoicesForm(forms.Form):
    """Up to five crèches, ranked, one select per rank (works without JavaScript)."""

    def __init__(self, *args, territory, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = services.desk_establishments(territory).select_related("commune")
        queryset = queryset.order_by("commune__name", "name")
        for rank in range(1, services.MAX_CHOICES + 1):
            field = forms.ModelChoiceField(
                label=RANK_LABELS[rank - 1],
                queryset=queryset,
                required=rank == 1,
                empty_label=_("— Aucune —") if rank > 1 else _("— Choisir une crèche —"),
            )
            field.label_from_instance = lambda e: f"{e.name} ({e.commune.name})"
            self.fields[f"rank_{rank}"] = field

    def clean(self):
        data = super().clean()
        chosen = [data.get(f"rank_{r}") for r in range(1, services.MAX_CHOICES + 1)]
        seen = set()
        for rank, establishment in enumerate(chosen, start=1):
            if establishment is None:
                continue
            if establishment.pk in seen:
                self.add_error(
                    f"rank_{rank}",
                    _("Cette crèche est déjà dans votre classement : choisissez-en une autre."),
                )
            seen.add(establishment.pk)
        return data

    def establishments(self) -> list:
        return [
            self.cleaned_data[f"rank_{r}"]
            for r in range(1, services.MAX_CHOICES + 1)
            if self.cleaned_data.get(f"rank_{r}") is not None
        ]


def choices_initial(application) -> dict:
    return {f"rank_{c.rank}": c.establishment_id for c in application.choices.all()}


def request_edit_forms(data, *, application, territory):
    """(request, choices, version) forms of a dossier, as the family and agents edit it."""
    return (
        RequestForm(data, initial=request_initial(application), prefix="demande"),
        ChoicesForm(
            data, territory=territory, initial=choices_initial(application), prefix="choix"
        ),
        VersionForm(data, initial={"version": application.version}),
    )


class CounterForm(forms.Form):
    """What an agent adds when entering a request for a family at the counter or phone."""

    channel = forms.ChoiceField(
        label=_("La famille fait sa demande"),
        choices=[
            (Channel.COUNTER.value, _("Au guichet")),
            (Channel.PHONE.value, _("Par téléphone")),
        ],
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(
        label=_("Adresse e-mail de la famille (si elle en a une)"),
        required=False,
        help_text=_(
            "Avec une adresse, la famille reçoit un lien pour suivre sa demande en ligne. "
            "Sans adresse, indiquez un téléphone : le guichet la tiendra informée."
        ),
    )
    consent = forms.BooleanField(
        label=_("La famille a donné son accord pour l'enregistrement de ses données"),
        error_messages={
            "required": _("L'accord de la famille est nécessaire pour enregistrer sa demande.")
        },
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type de pièce"), choices=[("", _("— Choisir —")), *DocumentKind.choices]
    )
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_("PDF, JPEG ou PNG, 10 Mo au plus. Une photo lisible suffit."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        error_messages={
            "empty": _("Le fichier est vide : choisissez un autre fichier."),
            "required": _("Choisissez un fichier."),
        },
    )

    def __init__(self, *args, too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean(self):
        data = super().clean()
        if self.too_large:
            self.errors.pop("file", None)
            self.add_error(
                "file",
                _(
                    "Le fichier est trop lourd : 10 Mo au plus. Numérisez la pièce en "
                    "qualité plus basse ou envoyez-la en plusieurs fichiers."
                ),
            )
        return data


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops reading an uploaded file past the limit: nothing more is kept."""

    def __init__(self, request=None, limit=services.MAX_DOCUMENT_BYTES):
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def new_file(self, *args, **kwargs):
        self.received = 0
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.upload_too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


class TransitionForm(VersionForm):
    to = forms.ChoiceField(widget=forms.HiddenInput, choices=Status.choices)
    reason = forms.ChoiceField(label=_("Motif"), required=False)

    def __init__(self, *args, transition: states.Transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.fields["reason"].choices = [("", _("— Choisir un motif —"))] + [
            (r.value, r.label) for r in transition.reasons
        ]
        self.fields["reason"].required = transition.reason_required
        if not transition.reasons:
            del self.fields["reason"]
        self.initial.setdefault("to", transition.target.value)


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Note"), choices=[("", _("— Choisir —")), *NoteKind.choices])
    document_kind = forms.ChoiceField(
        label=_("Pièce concernée (pour une pièce demandée ou reçue)"),
        choices=[("", _("— Aucune —")), *DocumentKind.choices],
        required=False,
    )


class WithdrawForm(VersionForm):
    reason = forms.ChoiceField(
        label=_("Pourquoi retirez-vous votre demande ? (facultatif)"),
        choices=[("", _("— Je préfère ne pas le dire —"))]
        + [(r.value, states.FAMILY_REASON_LABELS[r]) for r in states.WITHDRAW_REASONS],
        required=False,
    )


class QueueFilterForm(forms.Form):
    etat = forms.ChoiceField(
        label=_("État"), choices=[("", _("Tous"))] + list(Status.choices), required=False
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=None, required=False, empty_label=_("Toutes")
    )
    section = forms.ChoiceField(
        label=_("Section d'âge à l'entrée"),
        choices=[("", _("Toutes"))] + list(AgeSection.choices),
        required=False,
    )
    du = forms.DateField(label=_("Entrée souhaitée à partir du"), required=False, **DATE_WIDGET)
    au = forms.DateField(label=_("Entrée souhaitée jusqu'au"), required=False, **DATE_WIDGET)
    creche = forms.ModelChoiceField(
        label=_("Crèche demandée"), queryset=None, required=False, empty_label=_("Toutes")
    )

    def __init__(self, *args, communes, establishments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes.order_by("name")
        self.fields["commune"].label_from_instance = lambda commune: commune.name
        self.fields["creche"].queryset = establishments.order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("du") and data.get("au") and data["du"] > data["au"]:
            self.add_error("au", _("La fin de la période doit venir après son début."))
        return data

    def filters(self) -> dict:
        d = self.cleaned_data if self.is_valid() else {}
        return {
            "status": d.get("etat") or "",
            "commune": d.get("commune"),
            "age_section": d.get("section") or "",
            "wished_from": d.get("du"),
            "wished_to": d.get("au"),
            "establishment": d.get("creche"),
        }
