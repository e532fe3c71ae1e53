"""Pages of the confirmation campaigns, the births to declare and the statistics.

Agents schedule and follow campaigns and see the dossiers of their perimeter; the
family answers from the link of its message, without logging in (the page shows only
the dossier number, and changes nothing until a button is pressed).
"""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sppe.accounts.perms import (
    Capability,
    authors_meeting_perimeter,
    capability_required,
    communes_in_perimeter,
)

from . import campaigns, selectors, states, stats
from .campaign_models import CampaignStatus, ConfirmationAnswer, ConfirmationCampaign
from .forms_campaigns import AnswerForm, CampaignForm, StatsFilterForm
from .services import DossierError

process_required = capability_required(Capability.PROCESS_DOSSIERS)


def _campaigns_with_counts():
    return ConfirmationCampaign.objects.annotate(
        request_count=Count("requests"),
        confirmed_count=Count(
            "requests", filter=Q(requests__answer=ConfirmationAnswer.STILL_NEEDED)
        ),
        declined_count=Count(
            "requests", filter=Q(requests__answer=ConfirmationAnswer.NO_LONGER_NEEDED)
        ),
        lapsed_count=Count("requests", filter=Q(requests__lapsed_at__isnull=False)),
    ).select_related("created_by")


def _campaigns_in_perimeter(user):
    """Campaigns reaching at least one of the agent's communes (perms.py decides)."""
    authors = authors_meeting_perimeter(user, selectors.current_territory())
    return _campaigns_with_counts().filter(created_by__in=authors)


def _campaign_in_perimeter(user, pk):
    return get_object_or_404(_campaigns_in_perimeter(user), pk=pk)


@never_cache
@process_required
@require_http_methods(["GET", "POST"])
def campaign_list(request):
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = campaigns.campaign_launch(
                by=request.user,
                starts_on=data["starts_on"],
                deadline=data["deadline"],
                reminder_days=data["reminder_days"],
                warning_days=data["warning_days"],
                grace_days=data["grace_days"],
                repeat_every_months=data["repeat_every_months"],
            )
        except campaigns.CampaignError as exc:
            form.add_error(None, str(exc))
        else:
            if campaign.status == CampaignStatus.OPEN:
                messages.success(
                    request,
                    _("La campagne est lancée : %(n)s famille(s) sollicitée(s).")
                    % {"n": campaign.requests.count()},
                )
            else:
                messages.success(request, _("La campagne est programmée."))
            return redirect("campaigns:detail", pk=campaign.pk)
    territory = selectors.current_territory()
    return render(
        request,
        "dossiers/campaigns/list.html",
        {
            "form": form,
            "campaigns": _campaigns_in_perimeter(request.user).order_by("-starts_on", "-pk")[:50],
            "waiting_count": campaigns.waiting_applications(territory)
            .filter(household__commune__in=communes_in_perimeter(request.user, territory))
            .count()
            if territory
            else 0,
        },
    )


@never_cache
@process_required
@require_GET
def campaign_detail(request, pk):
    campaign = _campaign_in_perimeter(request.user, pk)
    mine = campaign.requests.filter(
        application__in=selectors.dossiers_for_agent(request.user)
    ).select_related("application", "application__household", "application__household__account")
    unanswered = mine.filter(answered_at__isnull=True, lapsed_at__isnull=True).order_by("pk")
    return render(
        request,
        "dossiers/campaigns/detail.html",
        {
            "campaign": campaign,
            "unanswered": unanswered[:200],
            "unanswered_count": unanswered.count(),
            "pending": campaigns.reinstatement_pending(mine).order_by("late_answer_at"),
            "declined_open": mine.filter(
                answer=ConfirmationAnswer.NO_LONGER_NEEDED,
                application__status__in=states.WAITING_STATES,
            ),
            "lapsed": mine.filter(lapsed_at__isnull=False).order_by("pk")[:200],
            "is_open": campaign.status == CampaignStatus.OPEN,
        },
    )


@process_required
@require_POST
def campaign_cancel(request, pk):
    campaign = _campaign_in_perimeter(request.user, pk)
    try:
        campaigns.campaign_cancel(campaign=campaign, by=request.user)
    except campaigns.CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("La campagne est annulée."))
    return redirect("campaigns:detail", pk=pk)


def _request_in_perimeter(request, pk, request_pk):
    return get_object_or_404(
        campaigns.ConfirmationRequest.objects.filter(
            campaign_id=pk, application__in=selectors.dossiers_for_agent(request.user)
        ),
        pk=request_pk,
    )


@process_required
@require_POST
def campaign_record_answer(request, pk, request_pk):
    """An agent records the answer a family gave by phone or at the counter."""
    confirmation = _request_in_perimeter(request, pk, request_pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez la réponse de la famille."))
        return redirect("campaigns:detail", pk=pk)
    try:
        _request, outcome = campaigns.confirmation_answer(
            token=confirmation.token, still_needed=form.still_needed, by=request.user
        )
    except (campaigns.CampaignError, DossierError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Réponse enregistrée pour le dossier %(ref)s.")
            % {"ref": confirmation.application.reference},
        )
        if outcome == campaigns.Outcome.NOTED:
            messages.info(request, _("Le dossier reste à retirer depuis sa page."))
    return redirect("campaigns:detail", pk=pk)


@process_required
@require_POST
def campaign_reinstate(request, pk, request_pk):
    confirmation = _request_in_perimeter(request, pk, request_pk)
    try:
        campaigns.confirmation_reinstate(request=confirmation, by=request.user)
    except (campaigns.CampaignError, DossierError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Le dossier %(ref)s est de nouveau sur la liste, à vérifier.")
            % {"ref": confirmation.application.reference},
        )
    return redirect("campaigns:detail", pk=pk)


@never_cache
@process_required
@require_GET
def births(request):
    follow_ups = (
        campaigns.open_birth_follow_ups()
        .filter(application__in=selectors.dossiers_for_agent(request.user))
        .select_related("child", "application", "application__household__commune")
        .order_by("child__due_date", "pk")
    )
    return render(request, "dossiers/campaigns/births.html", {"follow_ups": follow_ups[:500]})


# --- the family's page (no login: the link is the key) ----------------------------


OUTCOME_MESSAGES = {
    campaigns.Outcome.CONFIRMED: _(
        "Merci : votre demande reste sur la liste d'attente. Vous n'avez rien d'autre à faire."
    ),
    campaigns.Outcome.WITHDRAWN: _(
        "C'est noté : votre demande est retirée de la liste d'attente. Merci de nous avoir "
        "prévenus, la place pourra aller à une autre famille."
    ),
    campaigns.Outcome.NOTED: _(
        "C'est noté : le relais petite enfance va retirer votre demande de la liste d'attente."
    ),
    campaigns.Outcome.REINSTATED: _(
        "Merci : votre demande est rouverte. Le guichet unique va vérifier votre dossier "
        "avant de le remettre sur la liste."
    ),
    campaigns.Outcome.REINSTATEMENT_PENDING: _(
        "Merci : votre réponse est enregistrée. Le guichet unique va rouvrir votre demande "
        "dans les prochains jours ; vous recevrez un message."
    ),
    campaigns.Outcome.ALREADY: _("Votre réponse était déjà enregistrée : merci."),
}


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    confirmation = campaigns.confirmation_request_for_token(token)
    if confirmation is None:
        return render(request, "dossiers/campaigns/confirm_invalid.html", status=404)
    form = AnswerForm(request.POST or None)
    error = ""
    if request.method == "POST":
        if form.is_valid():
            try:
                _request, outcome = campaigns.confirmation_answer(
                    token=token, still_needed=form.still_needed
                )
            except (campaigns.CampaignError, DossierError) as exc:
                error = str(exc)
            else:
                messages.success(request, OUTCOME_MESSAGES[outcome])
                return redirect("campaigns:confirm", token=token)
        else:
            error = _("Choisissez l'une des deux réponses.")
        confirmation.refresh_from_db()
    late = confirmation.lapsed_at is not None
    return render(
        request,
        "dossiers/campaigns/confirm.html",
        {
            "confirmation": confirmation,
            "reference": confirmation.application.reference,
            "deadline": confirmation.campaign.deadline,
            "late": late,
            "grace_until": campaigns.grace_until(confirmation) if late else None,
            "error": error,
        },
        status=400 if error else 200,
    )


# --- statistics -------------------------------------------------------------------


@capability_required(Capability.VIEW_TERRITORY)
@require_GET
def statistics(request):
    territory = selectors.current_territory()
    form = StatsFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    figures = (
        stats.observatory(
            territory,
            submitted_from=filters.get("submitted_from"),
            submitted_to=filters.get("submitted_to"),
        )
        if territory
        else None
    )
    return render(
        request,
        "dossiers/campaigns/stats.html",
        {"form": form, "figures": figures, "today": timezone.localdate()},
    )
