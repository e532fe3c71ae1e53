from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Territory

MAX_LOGO_BYTES = 1024 * 1024


class AppearanceForm(forms.ModelForm):
    # Longer than the 14 digits stored: spaces, as printed on letterheads, are removed.
    siret = forms.CharField(
        label=Territory._meta.get_field("siret").verbose_name,
        help_text=Territory._meta.get_field("siret").help_text,
        max_length=20,
        required=False,
    )

    class Meta:
        model = Territory
        fields = ["name", "logo", "logo_alt", "primary_colour", "siret"]
        widgets = {"primary_colour": forms.TextInput(attrs={"type": "color"})}

    def clean_siret(self):
        # Pasted from a register or a letterhead: "217 200 851 00015".
        return "".join(self.cleaned_data.get("siret", "").split())

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > MAX_LOGO_BYTES:
            raise forms.ValidationError(_("Le logo ne doit pas dépasser 1 Mo."))
        return logo

    def clean(self):
        cleaned = super().clean()
        has_logo = cleaned.get("logo") or (self.instance.pk and self.instance.logo)
        if has_logo and not cleaned.get("logo_alt"):
            self.add_error(
                "logo_alt",
                _("Décrivez le logo en quelques mots pour les personnes qui ne le voient pas."),
            )
        return cleaned
