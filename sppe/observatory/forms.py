from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import DatasetKind

MONTHS = [
    (1, _("janvier")),
    (2, _("février")),
    (3, _("mars")),
    (4, _("avril")),
    (5, _("mai")),
    (6, _("juin")),
    (7, _("juillet")),
    (8, _("août")),
    (9, _("septembre")),
    (10, _("octobre")),
    (11, _("novembre")),
    (12, _("décembre")),
]

MAX_FILE_BYTES = 50 * 1024 * 1024


class DatasetForm(forms.Form):
    kind = forms.ChoiceField(label=_("Fichier"), choices=DatasetKind.choices)
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_("Le fichier tel que téléchargé sur insee.fr ou data.caf.fr (CSV)."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("Ce fichier dépasse 50 Mo."))
        return upload


class SnapshotForm(forms.Form):
    reference_date = forms.DateField(
        label=_("Date de référence"),
        required=False,
        help_text=_("Aujourd'hui si vide ; au plus 31 jours en arrière. Format : 31/12/2026."),
    )


class RegistryBirthsForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=None)
    year = forms.IntegerField(label=_("Année"), min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(label=_("Mois des naissances"), choices=MONTHS, coerce=int)
    births = forms.IntegerField(
        label=_("Naissances"),
        min_value=0,
        max_value=5000,
        help_text=_("Naissances de parents domiciliés dans la commune, selon son état civil."),
    )

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes.order_by("name")
