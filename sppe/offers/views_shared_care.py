from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sppe.accounts.perms import Capability, capability_required

from . import selectors
from .models import SharedCareAd
from .schedule import describe_days
from .shared_care import (
    SharedCareAdForm,
    SharedCareContactForm,
    SharedCareError,
    shared_care_ad_create,
    shared_care_ad_withdraw,
    shared_care_contact,
)


def _ads(territory):
    return (
        SharedCareAd.objects.filter(is_active=True, commune__in=territory.communes.all())
        .select_related("commune")
        .order_by("-created_at")
    )


@capability_required(Capability.SHARE_HOME_CARE)
def ad_list(request):
    territory = selectors.current_territory()
    ads = _ads(territory)
    commune = request.GET.get("commune", "")
    if commune:
        ads = ads.filter(commune__insee_code=commune)
    rows = [{"ad": ad, "days": describe_days(ad.days)} for ad in ads[:100]]
    return render(
        request,
        "offers/shared_care_list.html",
        {
            "mine": [r for r in rows if r["ad"].family_id == request.user.pk],
            "others": [r for r in rows if r["ad"].family_id != request.user.pk],
            "communes": selectors.territory_communes(territory),
            "selected_commune": commune,
            "contact_form": SharedCareContactForm(),
        },
    )


@capability_required(Capability.SHARE_HOME_CARE)
def ad_create(request):
    territory = selectors.current_territory()
    communes = list(selectors.territory_communes(territory))
    form = SharedCareAdForm(request.POST or None, communes=communes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            shared_care_ad_create(
                family=request.user,
                commune=form.communes[data["commune"]],
                child_age_months=data["child_age_months"],
                days=data["days"],
                start_date=data["start_date"],
                message=data["message"],
            )
        except SharedCareError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Votre annonce est en ligne."))
            return redirect("offers:shared_care")
    return render(request, "offers/shared_care_form.html", {"form": form})


@require_POST
@capability_required(Capability.SHARE_HOME_CARE)
def ad_withdraw(request, pk):
    if shared_care_ad_withdraw(family=request.user, ad_id=pk):
        messages.success(request, _("Votre annonce est retirée."))
    else:
        messages.error(request, _("Cette annonce n'existe pas ou n'est plus en ligne."))
    return redirect("offers:shared_care")


@require_POST
@capability_required(Capability.SHARE_HOME_CARE)
def ad_contact(request, pk):
    territory = selectors.current_territory()
    ad = get_object_or_404(_ads(territory).select_related("family"), pk=pk)
    form = SharedCareContactForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Écrivez un message de 1 000 caractères au plus."))
        return redirect("offers:shared_care")
    try:
        shared_care_contact(ad=ad, sender=request.user, message=form.cleaned_data["message"])
    except SharedCareError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Votre message est envoyé à la famille."))
    return redirect("offers:shared_care")
