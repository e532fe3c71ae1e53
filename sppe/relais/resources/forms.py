from django import forms
from django.utils.translation import gettext_lazy as _

from ..enums import Audience, ResourceCategory


class ResourceForm(forms.Form):
    category = forms.ChoiceField(label=_("Catégorie"), choices=ResourceCategory.choices)
    title = forms.CharField(label=_("Titre"), max_length=200)
    audience = forms.ChoiceField(label=_("Pour"), choices=Audience.choices)
    url = forms.URLField(label=_("Lien"), required=False, assume_scheme="https")
    uploaded_file = forms.FileField(
        label=_("ou fichier (PDF, JPEG, PNG, 10 Mo au plus)"), required=False
    )
