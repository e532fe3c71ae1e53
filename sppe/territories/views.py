from django.contrib import messages
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sppe.accounts.perms import Capability, capability_required, communes_in_perimeter

from .forms import AppearanceForm
from .models import Organisation, Territory
from .services import check_colour, territory_update_appearance


def _current_territory():
    territory = Territory.objects.current()
    if territory is None:
        raise Http404(_("Le territoire de cette instance n'est pas encore configuré."))
    return territory


@capability_required(Capability.VIEW_TERRITORY)
def overview(request):
    territory = _current_territory()
    communes = (
        communes_in_perimeter(request.user, territory)
        .select_related("epci", "department")
        .order_by("name")
    )
    totals = communes.aggregate(population=Sum("population"), count=Count("pk"))
    organisations = (
        Organisation.objects.filter(communes__in=communes)
        .distinct()
        .annotate(commune_count=Count("communes", distinct=True))
        .order_by("kind", "name")
    )
    return render(
        request,
        "territories/overview.html",
        {"communes": communes, "totals": totals, "organisations": organisations},
    )


@capability_required(Capability.ADMINISTER_TERRITORY)
def appearance(request):
    territory = _current_territory()
    form = AppearanceForm(request.POST or None, request.FILES or None, instance=territory)
    if request.method == "POST" and form.is_valid():
        _territory, colour = territory_update_appearance(
            territory=territory,
            name=form.cleaned_data["name"],
            primary_colour=form.cleaned_data["primary_colour"],
            logo=form.cleaned_data["logo"] if "logo" in form.changed_data else None,
            logo_alt=form.cleaned_data["logo_alt"],
            siret=form.cleaned_data["siret"],
        )
        messages.success(request, _("Les réglages du territoire sont enregistrés."))
        if colour.warning:
            messages.warning(request, colour.warning)
        return redirect("territories:appearance")
    return render(
        request,
        "territories/appearance.html",
        {"form": form, "colour_check": check_colour(territory.primary_colour)},
    )
