from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Adresse e-mail"),
        # No autofocus: the first Tab must reach the skip link, as on every page (RGAA 12.7).
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "Adresse e-mail ou mot de passe incorrect. Vérifiez-les et réessayez ; "
            "les majuscules comptent dans le mot de passe."
        ),
        "inactive": _("Ce compte est désactivé. Contactez votre relais petite enfance."),
    }

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()
