"""Keeping availability true: AM by magic link, crèche managers, agents' follow-up."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sppe.accounts.enums import Role
from sppe.accounts.perms import Capability, capability_required, communes_in_perimeter

from . import selectors, services
from .forms import AvailabilityFormSet, MagicLinkRequestForm, availability_initial
from .models import Childminder, Establishment
from .tokens import read_token

DEFAULT_DAYS = [0, 1, 2, 3, 4]


@never_cache
@require_http_methods(["GET", "POST"])
def availability_request(request):
    """An AM asks for her magic link by e-mail or agrément number."""
    form = MagicLinkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.childminder_magic_link_send(
            identifier=form.cleaned_data["identifier"], base=request
        )
        messages.success(
            request,
            _(
                "Si cette adresse ou ce numéro d'agrément est connu du relais, un lien "
                "vient d'être envoyé par e-mail. Il est valable 14 jours."
            ),
        )
        return redirect("offers:availability_request")
    return render(request, "offers/availability_request.html", {"form": form})


def _childminder_form(request, am, *, action_url):
    current = am.availabilities.order_by("available_from", "pk")
    if request.method == "POST" and "confirm" in request.POST:
        services.childminder_availability_replace(
            childminder=am,
            rows=[_row_from(a) for a in current],
            by=request.user if request.user.is_authenticated else None,
        )
        messages.success(
            request, _("Merci ! Vos disponibilités sont confirmées à la date du jour.")
        )
        return redirect(action_url)
    # An AM with no free place yet starts from a typical row she only has to adjust.
    initial = availability_initial(current) or [
        {
            "places": 1,
            "available_from": timezone.localdate(),
            "days": DEFAULT_DAYS,
            "age_min_months": am.age_min_months,
            "age_max_months": min(am.age_max_months, 36),
        }
    ]
    formset = AvailabilityFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        try:
            services.childminder_availability_replace(
                childminder=am,
                rows=formset.rows(),
                by=request.user if request.user.is_authenticated else None,
            )
        except services.AvailabilityError as exc:
            formset._non_form_errors = formset.error_class([str(exc)])
        else:
            messages.success(
                request, _("Vos disponibilités sont enregistrées : les familles les voient déjà.")
            )
            return redirect(action_url)
    return render(
        request,
        "offers/availability_form.html",
        {
            "formset": formset,
            "owner_name": am.public_name,
            "agrement_places": am.places,
            "updated_at": am.availability_updated_at,
            "public_url": selectors.childminder_url(am),
        },
    )


def _row_from(availability):
    return services.AvailabilityRow(
        places=availability.places,
        # Free since a past day means free from today: confirming keeps the row valid.
        available_from=max(availability.available_from, timezone.localdate()),
        days=availability.days,
        age_min_months=availability.age_min_months,
        age_max_months=availability.age_max_months,
        section_id=availability.section_id,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def availability_link(request, token):
    am = read_token(token, queryset=Childminder.objects.all())
    if am is None:
        return render(request, "offers/availability_link_invalid.html", status=403)
    return _childminder_form(request, am, action_url=request.path)


@never_cache
@require_http_methods(["GET", "POST"])
def my_availability(request):
    if not request.user.is_authenticated:
        return redirect("offers:availability_request")
    if request.user.role != Role.CHILDMINDER:
        raise Http404
    am = Childminder.objects.filter(user=request.user, is_active=True).first()
    if am is None:
        return render(request, "offers/availability_no_profile.html", status=404)
    return _childminder_form(request, am, action_url=request.path)


def managed_establishments(user, territory):
    """Crèche managers see their organisation's establishments; agents their communes."""
    qs = Establishment.objects.filter(commune__in=territory.communes.all()).select_related(
        "commune"
    )
    if user.role == Role.CRECHE_MANAGER:
        return (
            qs.filter(organisation_id=user.organisation_id) if user.organisation_id else qs.none()
        )
    return qs.filter(commune__in=communes_in_perimeter(user, territory))


@capability_required(Capability.UPDATE_ESTABLISHMENT)
def establishment_list(request):
    territory = selectors.current_territory()
    establishments = managed_establishments(request.user, territory).order_by("name")
    return render(
        request,
        "offers/establishment_list.html",
        {"establishments": establishments, "stale_before": selectors.stale_before(territory)},
    )


@never_cache
@capability_required(Capability.UPDATE_ESTABLISHMENT)
def establishment_availability(request, pk):
    territory = selectors.current_territory()
    establishment = get_object_or_404(managed_establishments(request.user, territory), pk=pk)
    sections = list(establishment.sections.all())
    current = selectors.open_availabilities(section__establishment=establishment)
    if request.method == "POST" and "confirm" in request.POST:
        services.establishment_availability_replace(
            establishment=establishment, rows=[_row_from(a) for a in current], by=request.user
        )
        messages.success(request, _("Les disponibilités sont confirmées à la date du jour."))
        return redirect(request.path)
    formset = AvailabilityFormSet(
        request.POST or None,
        initial=availability_initial(current, with_section=True),
        sections=sections,
    )
    if request.method == "POST" and formset.is_valid():
        try:
            services.establishment_availability_replace(
                establishment=establishment, rows=formset.rows(), by=request.user
            )
        except services.AvailabilityError as exc:
            formset._non_form_errors = formset.error_class([str(exc)])
        else:
            messages.success(request, _("Les places libres sont enregistrées."))
            return redirect(request.path)
    return render(
        request,
        "offers/availability_form.html",
        {
            "formset": formset,
            "owner_name": establishment.name,
            "sections": sections,
            "updated_at": establishment.availability_updated_at,
            "public_url": selectors.establishment_url(establishment),
        },
    )


@capability_required(Capability.MANAGE_OFFER)
@require_http_methods(["GET", "POST"])
def freshness(request):
    """Agents see who has not updated their availability, call them or send reminders.

    The list can be narrowed to one commune of the agent's perimeter (?commune=INSEE).
    """
    territory = selectors.current_territory()
    perimeter = communes_in_perimeter(request.user, territory).order_by("name")
    commune = perimeter.filter(insee_code=request.GET.get("commune") or None).first()
    shown = [commune] if commune else perimeter
    childminders = services.stale_childminders(territory).filter(commune__in=shown)
    establishments = services.stale_establishments(territory).filter(commune__in=shown)
    if request.method == "POST":
        return _send_reminders(request, territory, childminders, establishments)
    order = ["availability_updated_at", "pk"]
    return render(
        request,
        "offers/freshness.html",
        {
            "childminders": childminders.select_related("commune").order_by(*order)[:200],
            "childminder_count": childminders.count(),
            "establishments": establishments.select_related("commune").order_by(*order)[:200],
            "establishment_count": establishments.count(),
            "stale_days": territory.availability_stale_after_days,
            "communes": perimeter,
            "commune": commune,
        },
    )


def _one(queryset, pk) -> list:
    """The stale record `pk` of `queryset` as a list, empty if `pk` is not one of them."""
    return list(queryset.filter(pk=int(pk))) if str(pk).isdigit() else []


def _send_reminders(request, territory, childminders, establishments):
    """One reminder (a button on a row) or all of them ("all"), then back to the list."""
    if "childminder" in request.POST:
        only = _one(childminders, request.POST["childminder"])
    elif "establishment" in request.POST:
        only = _one(establishments, request.POST["establishment"])
    elif "all" in request.POST:
        only = [*childminders, *establishments]
    else:
        only = []
    sent = services.availability_reminders_send(territory=territory, base=request, only=only)
    if sent:
        messages.success(
            request,
            ngettext("%(n)s rappel envoyé.", "%(n)s rappels envoyés.", sent) % {"n": sent},
        )
    else:
        messages.info(
            request,
            _("Aucun rappel envoyé : déjà relancé dans les 7 derniers jours, ou pas d'e-mail."),
        )
    return redirect(request.get_full_path())
