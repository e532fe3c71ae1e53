"""Event pages: the public calendar, its iCalendar feed, registration without an
account and its cancellation link; the agents' list and the phone-sized attendance page.
"""

from datetime import datetime, timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sppe.accounts.perms import Capability, capability_required

from .. import selectors
from ..enums import RegistrationStatus
from . import services
from .forms import EventForm, RegistrationForm
from .ics import events_feed
from .models import Event

relais_required = capability_required(Capability.RUN_RELAIS)


def _upcoming():
    return Event.objects.filter(
        cancelled_at__isnull=True, ends_at__gt=timezone.now()
    ).select_related("place__commune")


@require_GET
def event_list(request):
    return render(request, "relais/events.html", {"events": _upcoming()[:200]})


@require_GET
def event_feed(request):
    response = HttpResponse(
        events_feed(_upcoming()[:500]), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="animations.ics"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def event_detail(request, pk):
    event = get_object_or_404(Event.objects.select_related("place__commune"), pk=pk)
    form = RegistrationForm(request.POST or None, event=event)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_register(
                event=event, language=translation.get_language() or "fr", **form.cleaned_data
            )
        except services.EventError as exc:
            error = str(exc)
        else:
            if registration.status == RegistrationStatus.CONFIRMED:
                messages.success(
                    request, _("Vous êtes inscrit. Un e-mail de confirmation vous est envoyé.")
                )
            else:
                messages.warning(
                    request,
                    _("L'animation est complète : vous êtes sur la liste d'attente."),
                )
            return redirect(
                "relais:registration_manage", token=services.registration_token(registration)
            )
    adults, children = services.seats_taken(event)
    return render(
        request,
        "relais/event.html",
        {
            "event": event,
            "form": form,
            "error": error,
            "adults_left": max(event.capacity_adults - adults, 0),
            "children_left": max(event.capacity_children - children, 0),
            "is_open": event.cancelled_at is None and event.starts_at > timezone.now(),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def registration_manage(request, token):
    registration = services.registration_for_token(token)
    if registration is None:
        return render(request, "relais/link_invalid.html", status=404)
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration)
        except services.EventError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Votre inscription est annulée."))
        return redirect("relais:registration_manage", token=token)
    return render(
        request,
        "relais/registration.html",
        {
            "registration": registration,
            "event": registration.event,
            "can_cancel": registration.status != RegistrationStatus.CANCELLED
            and registration.event.starts_at > timezone.now(),
        },
    )


@never_cache
@relais_required
@require_http_methods(["GET", "POST"])
def agent_events(request):
    places = selectors.places_in_perimeter(request.user)
    form = EventForm(request.POST or None, places=places)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        tz = timezone.get_current_timezone()
        try:
            services.event_create(
                by=request.user,
                kind=data["kind"],
                title=data["title"],
                place=data["place"],
                starts_at=datetime.combine(data["day"], data["start_time"], tzinfo=tz),
                ends_at=datetime.combine(data["day"], data["end_time"], tzinfo=tz),
                capacity_adults=data["capacity_adults"],
                capacity_children=data["capacity_children"],
                open_to_parents=data["open_to_parents"],
            )
        except services.EventError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Animation programmée."))
            return redirect("relais:agent_events")
    events = (
        Event.objects.filter(place__in=places, ends_at__gte=timezone.now() - timedelta(days=31))
        .select_related("place")
        .order_by("starts_at")
    )
    return render(request, "relais/agent/events.html", {"form": form, "events": events})


@never_cache
@relais_required
@require_http_methods(["GET", "POST"])
def agent_attendance(request, pk):
    places = selectors.places_in_perimeter(request.user)
    event = get_object_or_404(Event.objects.filter(place__in=places).select_related("place"), pk=pk)
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("present") if v.isdigit()]
        try:
            count = services.attendance_record(by=request.user, event=event, present_ids=ids)
        except services.EventError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Présences enregistrées : %(n)s.") % {"n": count})
        return redirect("relais:agent_attendance", pk=event.pk)
    registrations = event.registrations.exclude(status=RegistrationStatus.CANCELLED).order_by(
        "status", "name"
    )
    return render(
        request,
        "relais/agent/attendance.html",
        {"event": event, "registrations": registrations},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def registration_feedback(request, token):
    registration = services.registration_for_token(token)
    if registration is None:
        return render(request, "relais/link_invalid.html", status=404)
    error = None
    if request.method == "POST":
        score = request.POST.get("score", "")
        try:
            services.registration_rate(
                registration=registration, score=int(score) if score.isdigit() else -1
            )
        except services.EventError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Merci pour votre avis !"))
            return redirect("relais:registration_feedback", token=token)
    registration.refresh_from_db()
    return render(
        request,
        "relais/feedback.html",
        {
            "registration": registration,
            "event": registration.event,
            "error": error,
            "scores": range(11),
        },
    )
