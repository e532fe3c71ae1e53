"""Garde partagée: families looking for another family to share a home carer.

Ads show no name and no contact detail; a family answers through the platform,
which forwards its message and e-mail address to the author.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sppe.notifications.services import email_queue

from .forms import SEARCH_DAY_CHOICES
from .models import SharedCareAd, SharedCareContact
from .schedule import days_to_mask

MAX_ACTIVE_ADS = 3


class SharedCareError(Exception):
    pass


class SharedCareAdForm(forms.Form):
    commune = forms.ChoiceField(label=gettext_lazy("Commune où vous habitez"))
    child_age_months = forms.IntegerField(
        label=gettext_lazy("Âge de l'enfant (en mois)"), min_value=0, max_value=72
    )
    days = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Jours de garde souhaités"),
        choices=SEARCH_DAY_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = forms.DateField(
        label=gettext_lazy("À partir du"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    message = forms.CharField(
        label=gettext_lazy("Votre message (facultatif)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Horaires, quartier, ce que vous cherchez. N'indiquez ni nom ni téléphone : "
            "les familles intéressées vous écrivent par le service."
        ),
    )

    def __init__(self, *args, communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.communes = {c.insee_code: c for c in communes}
        self.fields["commune"].choices = [(c.insee_code, c.name) for c in communes]

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        if start < timezone.localdate():
            raise forms.ValidationError(_("Choisissez une date à venir."))
        return start


class SharedCareContactForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Votre message"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Il sera envoyé à la famille avec votre adresse e-mail, pour qu'elle vous réponde."
        ),
    )


@transaction.atomic
def shared_care_ad_create(*, family, commune, child_age_months, days, start_date, message):
    # Lock the family's row so two quick submissions cannot pass the limit together.
    get_user_model().objects.select_for_update().get(pk=family.pk)
    if SharedCareAd.objects.filter(family=family, is_active=True).count() >= MAX_ACTIVE_ADS:
        raise SharedCareError(
            _("Vous avez déjà %(n)s annonces en ligne : retirez-en une d'abord.")
            % {"n": MAX_ACTIVE_ADS}
        )
    return SharedCareAd.objects.create(
        family=family,
        commune=commune,
        child_age_months=child_age_months,
        days=days_to_mask(days),
        start_date=start_date,
        message=message,
    )


def shared_care_ad_withdraw(*, family, ad_id) -> bool:
    return bool(
        SharedCareAd.objects.filter(pk=ad_id, family=family, is_active=True).update(is_active=False)
    )


def shared_care_contact(*, ad, sender, message):
    if ad.family_id == sender.pk:
        raise SharedCareError(_("C'est votre propre annonce."))
    try:
        with transaction.atomic():
            SharedCareContact.objects.create(ad=ad, sender=sender)
    except IntegrityError as exc:
        raise SharedCareError(_("Vous avez déjà écrit à cette famille.")) from exc
    email_queue(
        event="shared_care_contact",
        to=ad.family.email,
        subject=_("Garde partagée : une famille vous répond"),
        body=_(
            "Bonjour,\n\nUne famille a vu votre annonce de garde partagée (%(commune)s) "
            "et vous écrit :\n\n%(message)s\n\nPour lui répondre, écrivez-lui à : %(email)s\n\n"
            "Le relais petite enfance"
        )
        % {"commune": ad.commune.name, "message": message, "email": sender.email},
    )
