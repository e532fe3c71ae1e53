from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import DatasetKind

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
