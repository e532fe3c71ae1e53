"""Job offer pages: the parent's form and follow-up link, the childminder's one-click
answer, and the agents' moderation with the figures.
"""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sppe.accounts.perms import Capability, capability_required

from .. import selectors
from ..enums import JobOfferStatus
from . import services
from .forms import JobOfferForm
from .models import JobOffer

relais_required = capability_required(Capability.RUN_RELAIS)


@never_cache
@require_http_methods(["GET", "POST"])
def job_offer_new(request):
    form = JobOfferForm(request.POST or None, territory=selectors.current_territory())
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.job_offer_submit(**form.cleaned_data)
        except services.JobOfferError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Votre offre est enregistrée : le relais la valide puis la diffuse."),
            )
            return redirect("relais:job_offer_manage", token=services.offer_token(offer))
    return render(request, "relais/job_offer_new.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def job_offer_manage(request, token):
    offer = services.offer_for_token(token)
    if offer is None:
        return render(request, "relais/link_invalid.html", status=404)
    if request.method == "POST":
        try:
            services.job_offer_close(offer=offer)
        except services.JobOfferError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Votre offre est close. Merci !"))
        return redirect("relais:job_offer_manage", token=token)
    return render(
        request,
        "relais/job_offer_manage.html",
        {
            "offer": offer,
            "answers": offer.diffusions.filter(answered_at__isnull=False).count(),
            "is_open": offer.status in (JobOfferStatus.SUBMITTED, JobOfferStatus.DIFFUSED),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def job_offer_answer(request, token):
    diffusion = services.diffusion_for_token(token)
    if diffusion is None:
        return render(request, "relais/link_invalid.html", status=404)
    error = None
    if request.method == "POST":
        try:
            services.job_offer_answer(diffusion=diffusion)
        except services.JobOfferError as exc:
            error = str(exc)
        else:
            messages.success(request, _("C'est fait : le parent a reçu vos coordonnées."))
            return redirect("relais:job_offer_answer", token=token)
    diffusion.refresh_from_db()
    return render(
        request,
        "relais/job_offer_answer.html",
        {"diffusion": diffusion, "offer": diffusion.offer, "error": error},
    )


@never_cache
@relais_required
@require_GET
def agent_job_offers(request):
    communes = selectors.perimeter_communes(request.user)
    offers = (
        JobOffer.objects.filter(commune__in=communes)
        .select_related("commune")
        .annotate(
            sent=Count("diffusions"),
            answered=Count("diffusions", filter=Q(diffusions__answered_at__isnull=False)),
        )
        .order_by("-created_at")[:200]
    )
    totals = JobOffer.objects.filter(commune__in=communes).aggregate(
        total=Count("pk", distinct=True),
        diffused=Count("pk", filter=~Q(status__in=["submitted", "rejected"]), distinct=True),
    )
    return render(request, "relais/agent/job_offers.html", {"offers": offers, "totals": totals})


@never_cache
@relais_required
@require_POST
def agent_job_offer_moderate(request, pk):
    communes = selectors.perimeter_communes(request.user)
    offer = get_object_or_404(JobOffer.objects.filter(commune__in=communes), pk=pk)
    action = request.POST.get("action")
    try:
        if action == "approve":
            count = services.job_offer_approve(by=request.user, offer=offer)
            messages.success(
                request,
                _("Offre validée et envoyée à %(n)s assistant(s) maternel(s).") % {"n": count},
            )
        elif action == "reject":
            services.job_offer_reject(by=request.user, offer=offer)
            messages.success(request, _("Offre refusée."))
        elif action == "close":
            services.job_offer_close(by=request.user, offer=offer)
            messages.success(request, _("Offre close."))
        else:
            messages.error(request, _("Action inconnue."))
    except services.JobOfferError as exc:
        messages.error(request, str(exc))
    return redirect("relais:agent_job_offers")
