"""The contact log page: the quick form, then the day's contacts and the month's themes."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sppe.accounts.perms import Capability, capability_required

from .. import selectors
from ..enums import ContactChannel
from ..models import Appointment
from .forms import ContactForm
from .models import Contact
from .services import ContactError, contact_log

relais_required = capability_required(Capability.RUN_RELAIS)


def _initial_from_appointment(appointment):
    return {
        "person_kind": appointment.person_kind,
        "commune": appointment.commune_id,
        "channel": ContactChannel.APPOINTMENT,
        "themes": [appointment.theme_id],
        "duration_minutes": 30,
    }


@never_cache
@relais_required
@require_http_methods(["GET", "POST"])
def contact_list(request):
    communes = selectors.perimeter_communes(request.user)
    appointment = None
    appointment_id = request.GET.get("rendez_vous") or request.POST.get("rendez_vous") or ""
    if appointment_id.isdigit():
        appointment = get_object_or_404(
            Appointment.objects.filter(slot__place__commune__in=communes), pk=appointment_id
        )
    form = ContactForm(
        request.POST or None,
        communes=communes,
        initial=_initial_from_appointment(appointment) if appointment else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact_log(
                by=request.user,
                person_kind=data["person_kind"],
                commune=data["commune"],
                channel=data["channel"],
                themes=data["themes"],
                duration_minutes=data["duration_minutes"],
                orientation=data["orientation"],
                childminder=data["agrement_number"],
                appointment=appointment,
            )
        except ContactError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Contact noté."))
            return redirect("relais:contacts")
    today = timezone.localdate()
    mine = Contact.objects.filter(commune__in=communes)
    month = mine.filter(occurred_on__year=today.year, occurred_on__month=today.month)
    by_theme = month.values("themes__label").annotate(n=Count("pk")).order_by("-n", "themes__label")
    return render(
        request,
        "relais/agent/contacts.html",
        {
            "form": form,
            "appointment": appointment,
            "today_contacts": mine.filter(occurred_on=today)
            .select_related("commune")
            .prefetch_related("themes")[:50],
            "by_theme": [(row["themes__label"], row["n"]) for row in by_theme],
            "month_count": month.count(),
        },
    )
