from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import ListKind

MAX_FILE_BYTES = 10 * 1024 * 1024


class ListUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de liste"), choices=ListKind.choices)
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_("CSV (séparateur point-virgule ou virgule) ou Excel .xlsx, 10 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
        error_messages={
            "required": _("Choisissez le fichier à déposer."),
            "empty": _("Le fichier est vide."),
            "invalid": _("Le fichier n'a pas pu être reçu : déposez-le à nouveau."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("Le fichier dépasse 10 Mo : découpez-le en plusieurs fichiers.")
            )
        return upload
