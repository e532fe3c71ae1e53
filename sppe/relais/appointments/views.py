"""Appointment pages: the public booking without an account, the link to manage it,
and the agents' agenda, permanences, closures and booking for a caller.
"""

from datetime import date, datetime, time, timedelta
from itertools import groupby

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sppe.accounts.perms import Capability, capability_required

from .. import selectors
from ..models import Place
from . import services
from .forms import BookingForm, ClosureForm, PermanenceForm
from .ics import CancelledAppointment, appointment_ics
from .models import Appointment, Closure, Permanence, Slot

relais_required = capability_required(Capability.RUN_RELAIS)
BOOKING_DAYS = 42


def _by_day(slots):
    return [
        (day, list(items))
        for day, items in groupby(slots, lambda s: timezone.localdate(s.starts_at))
    ]


# --- public pages -------------------------------------------------------------------------


@require_GET
def booking(request):
    places = (
        Place.objects.filter(is_active=True, slots__starts_at__gt=timezone.now())
        .distinct()
        .select_related("commune")
    )
    chosen = None
    place_id = request.GET.get("lieu", "")
    if place_id.isdigit():
        chosen = places.filter(pk=place_id).first()
    now = timezone.now()
    slots = services.free_slots(now=now, places=[chosen] if chosen else places).filter(
        starts_at__lt=now + timedelta(days=BOOKING_DAYS)
    )
    return render(
        request,
        "relais/booking.html",
        {"places": places, "chosen": chosen, "days": _by_day(slots[:300])},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def book(request, pk):
    slot = get_object_or_404(Slot.objects.select_related("place__commune"), pk=pk)
    territory = selectors.current_territory()
    form = BookingForm(request.POST or None, territory=territory)
    error, alternatives = None, []
    if slot.starts_at <= timezone.now():
        error = _("Ce créneau est passé : choisissez-en un autre.")
        alternatives = services.alternatives_to(slot)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = services.appointment_book(
                slot=slot,
                language=translation.get_language() or "fr",
                **data,
            )
        except services.SlotTaken as exc:
            error, alternatives = str(exc), exc.alternatives
        except services.AppointmentError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                _("Votre rendez-vous est réservé. Un e-mail de confirmation vous a été envoyé."),
            )
            return redirect(
                "relais:appointment_manage", token=services.appointment_token(appointment)
            )
    return render(
        request,
        "relais/book.html",
        {"slot": slot, "form": form, "error": error, "alternatives": alternatives},
    )


def _appointment_or_invalid(request, token):
    appointment = services.appointment_for_token(token)
    if appointment is None:
        return None, render(request, "relais/link_invalid.html", status=404)
    return appointment, None


@never_cache
@require_GET
def appointment_manage(request, token):
    appointment, invalid = _appointment_or_invalid(request, token)
    if invalid:
        return invalid
    now = timezone.now()
    return render(
        request,
        "relais/manage.html",
        {
            "appointment": appointment,
            "token": token,
            "is_past": appointment.slot.starts_at <= now,
        },
    )


@never_cache
@require_POST
def appointment_cancel(request, token):
    appointment, invalid = _appointment_or_invalid(request, token)
    if invalid:
        return invalid
    try:
        services.appointment_cancel(appointment=appointment)
    except services.AppointmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Votre rendez-vous est annulé. Le créneau est libéré."))
    return redirect("relais:appointment_manage", token=token)


@never_cache
@require_http_methods(["GET", "POST"])
def appointment_move(request, token):
    appointment, invalid = _appointment_or_invalid(request, token)
    if invalid:
        return invalid
    error, alternatives = None, []
    if request.method == "POST":
        slot_id = request.POST.get("slot", "")
        slot = Slot.objects.filter(pk=slot_id).first() if slot_id.isdigit() else None
        if slot is None:
            error = _("Choisissez un créneau.")
        else:
            try:
                services.appointment_move(appointment=appointment, slot=slot)
            except services.SlotTaken as exc:
                error, alternatives = str(exc), exc.alternatives
            except services.AppointmentError as exc:
                error = str(exc)
            else:
                messages.success(
                    request,
                    _("Votre rendez-vous est déplacé. Un e-mail de confirmation vous est envoyé."),
                )
                return redirect("relais:appointment_manage", token=token)
    now = timezone.now()
    slots = services.free_slots(now=now, places=[appointment.slot.place]).filter(
        starts_at__lt=now + timedelta(days=BOOKING_DAYS)
    )[:60]
    return render(
        request,
        "relais/move.html",
        {
            "appointment": appointment,
            "token": token,
            "days": _by_day(slots),
            "error": error,
            "alternatives": alternatives,
        },
    )


@never_cache
@require_GET
def appointment_ics_download(request, token):
    appointment, invalid = _appointment_or_invalid(request, token)
    if invalid:
        return invalid
    try:
        content = appointment_ics(appointment)
    except CancelledAppointment as exc:
        return render(
            request, "relais/ics_cancelled.html", {"message": str(exc), "token": token}, status=410
        )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="rendez-vous.ics"'
    return response


# --- agents' pages -----------------------------------------------------------------------


def _parse_day(value, default):
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return default


@never_cache
@relais_required
@require_GET
def agent_agenda(request):
    today = timezone.localdate()
    day = _parse_day(request.GET.get("jour"), today)
    week = request.GET.get("vue") == "semaine"
    first = day - timedelta(days=day.weekday()) if week else day
    last = first + timedelta(days=6 if week else 0)
    tz = timezone.get_current_timezone()
    start = datetime.combine(first, time.min, tzinfo=tz)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz)
    places = selectors.places_in_perimeter(request.user)
    slots = list(
        Slot.objects.filter(place__in=places, starts_at__gte=start, starts_at__lt=end)
        .select_related("place", "agent")
        .order_by("starts_at", "place__name")
    )
    if request.GET.get("agent") == "moi":
        slots = [s for s in slots if s.agent_id == request.user.pk]
    booked = {
        a.slot_id: a
        for a in services.live_appointments()
        .filter(slot__in=[s.pk for s in slots])
        .select_related("theme", "commune")
    }
    rows = [(s, booked.get(s.pk)) for s in slots]
    days = [
        (d, list(items)) for d, items in groupby(rows, lambda r: timezone.localdate(r[0].starts_at))
    ]
    step = timedelta(days=7 if week else 1)
    return render(
        request,
        "relais/agent/agenda.html",
        {
            "day": day,
            "week": week,
            "first": first,
            "last": last,
            "days": days,
            "previous": (first - step).isoformat(),
            "next": (first + step).isoformat(),
            "mine": request.GET.get("agent") == "moi",
            "booked_count": len(booked),
            "slot_count": len(slots),
        },
    )


@never_cache
@relais_required
@require_http_methods(["GET", "POST"])
def agent_permanences(request):
    places = selectors.places_in_perimeter(request.user)
    form = PermanenceForm(
        request.POST or None,
        places=places,
        agents=selectors.agents_for(request.user),
        initial={"agent": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            permanence = services.permanence_publish(by=request.user, **form.cleaned_data)
        except services.AppointmentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Permanence publiée : %(n)s créneaux ouverts à la réservation.")
                % {"n": permanence.slots.count()},
            )
            return redirect("relais:agent_permanences")
    permanences = (
        Permanence.objects.filter(place__in=places, valid_until__gte=timezone.localdate())
        .select_related("place", "agent")
        .order_by("place__name", "weekday", "start_time")
    )
    return render(
        request, "relais/agent/permanences.html", {"form": form, "permanences": permanences}
    )


@never_cache
@relais_required
@require_http_methods(["GET", "POST"])
def agent_closures(request):
    places = selectors.places_in_perimeter(request.user)
    form = ClosureForm(request.POST or None, places=places)
    if request.method == "POST" and form.is_valid():
        try:
            services.closure_add(by=request.user, places=places, **form.cleaned_data)
        except services.AppointmentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Fermeture enregistrée : ses créneaux libres sont retirés.")
            )
            return redirect("relais:agent_closures")
    closures = (
        Closure.objects.filter(Q(place__in=places) | Q(place__isnull=True))
        .filter(end_date__gte=timezone.localdate())
        .select_related("place")
        .order_by("start_date")
    )
    return render(request, "relais/agent/closures.html", {"form": form, "closures": closures})


@never_cache
@relais_required
@require_http_methods(["GET", "POST"])
def agent_book(request, pk):
    places = selectors.places_in_perimeter(request.user)
    slot = get_object_or_404(Slot.objects.filter(place__in=places).select_related("place"), pk=pk)
    form = BookingForm(request.POST or None, territory=selectors.current_territory(), agent=True)
    error, alternatives = None, []
    if request.method == "POST" and form.is_valid():
        try:
            services.appointment_book(slot=slot, by=request.user, **form.cleaned_data)
        except services.SlotTaken as exc:
            error, alternatives = str(exc), exc.alternatives
        except services.AppointmentError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                _("Rendez-vous enregistré ; la personne reçoit la confirmation par e-mail."),
            )
            day = timezone.localdate(slot.starts_at).isoformat()
            return redirect(f"{_agenda_url()}?jour={day}")
    return render(
        request,
        "relais/agent/book.html",
        {"slot": slot, "form": form, "error": error, "alternatives": alternatives},
    )


def _agenda_url():
    return reverse("relais:agent_agenda")


@never_cache
@relais_required
@require_POST
def agent_cancel(request, pk):
    places = selectors.places_in_perimeter(request.user)
    appointment = get_object_or_404(Appointment.objects.filter(slot__place__in=places), pk=pk)
    try:
        services.appointment_cancel(appointment=appointment, by=request.user)
    except services.AppointmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Rendez-vous annulé ; la personne en est avertie par e-mail."))
    day = timezone.localdate(appointment.slot.starts_at).isoformat()
    return redirect(f"{_agenda_url()}?jour={day}")
