from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from sppe.accounts.perms import Capability, capability_required, communes_in_perimeter
from sppe.territories.models import Territory

from . import annual_report, exports, selectors, services
from .forms import DatasetForm, RegistryBirthsForm, SnapshotForm
from .models import RegistryBirths, Snapshot
from .page import page_context

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _territory():
    territory = Territory.objects.current()
    if territory is None:
        raise Http404(_("Le territoire de cette instance n'est pas encore configuré."))
    return territory


def _year(request) -> int:
    """The year asked for, else the latest snapshot's (else this year)."""
    years = selectors.snapshot_years()
    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        year = None
    if year in years:
        return year
    return years[-1] if years else timezone.localdate().year


def _commune(request, territory, insee_code):
    communes = communes_in_perimeter(request.user, territory)
    commune = selectors.commune_in(communes, insee_code)
    if commune is None:
        raise Http404(_("Cette commune n'est pas dans votre périmètre."))
    return communes.filter(pk=commune.pk), commune


@capability_required(Capability.VIEW_OBSERVATORY)
@require_GET
def dashboard(request):
    territory = _territory()
    year = _year(request)
    communes = communes_in_perimeter(request.user, territory)
    report = selectors.cached_report(territory, communes, year)
    return render(request, "observatory/dashboard.html", page_context(report, request))


@capability_required(Capability.VIEW_OBSERVATORY)
@require_GET
def commune(request, insee_code):
    territory = _territory()
    year = _year(request)
    communes, the_commune = _commune(request, territory, insee_code)
    report = selectors.cached_report(territory, communes, year)
    context = page_context(report, request)
    context["commune"] = the_commune
    context["row"] = report.rows[0]
    return render(request, "observatory/commune.html", context)


@capability_required(Capability.VIEW_OBSERVATORY)
@require_GET
def export(request, file_format):
    if file_format not in CONTENT_TYPES:
        raise Http404(_("Ce format n'existe pas."))
    territory = _territory()
    year = _year(request)
    report = selectors.cached_report(
        territory, communes_in_perimeter(request.user, territory), year
    )
    data = exports.to_csv(report) if file_format == "csv" else exports.to_xlsx(report)
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="observatoire-{year}.{file_format}"'
    return response


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@capability_required(Capability.VIEW_OBSERVATORY)
@require_GET
def report_pdf(request):
    territory = _territory()
    year = _year(request)
    report = selectors.cached_report(
        territory, communes_in_perimeter(request.user, territory), year
    )
    return _pdf(annual_report.build(report, territory=territory), f"observatoire-{year}.pdf")


@capability_required(Capability.VIEW_OBSERVATORY)
@require_GET
def commune_pdf(request, insee_code):
    territory = _territory()
    year = _year(request)
    communes, the_commune = _commune(request, territory, insee_code)
    report = selectors.cached_report(territory, communes, year)
    data = annual_report.build(report, territory=territory, commune_row=report.rows[0])
    return _pdf(data, f"observatoire-{year}-{the_commune.insee_code}.pdf")


def _require_whole_territory(request, territory):
    """Snapshots and imports concern every commune: an agent limited to some cannot."""
    perimeter = communes_in_perimeter(request.user, territory)
    if perimeter.count() != territory.communes.count():
        raise PermissionDenied


@capability_required(Capability.MANAGE_OBSERVATORY)
def data(request):
    _require_whole_territory(request, _territory())
    form = DatasetForm(request.POST or None, request.FILES or None)
    error = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                record = services.dataset_import(
                    kind=form.cleaned_data["kind"],
                    file_name=upload.name,
                    data=upload.read(),
                    by=request.user,
                )
            except services.ObservatoryError as exc:
                error = exc
                status = 400
            else:
                if record is None:
                    messages.info(
                        request, _("Ce fichier ne change aucun chiffre : rien n'a été modifié.")
                    )
                else:
                    messages.success(
                        request,
                        ngettext(
                            "Fichier importé : %(n)s valeur nouvelle ou modifiée.",
                            "Fichier importé : %(n)s valeurs nouvelles ou modifiées.",
                            record.changed,
                        )
                        % {"n": record.changed},
                    )
                return redirect("observatory:data")
        else:
            status = 400
    return render(
        request,
        "observatory/data.html",
        {
            "form": form,
            "error": error,
            "snapshot_form": SnapshotForm(),
            "snapshots": Snapshot.objects.order_by("-reference_date")[:20],
            "imports": selectors.recent_imports(),
        },
        status=status,
    )


@capability_required(Capability.MANAGE_OBSERVATORY)
@require_POST
def snapshot(request):
    _require_whole_territory(request, _territory())
    form = SnapshotForm(request.POST)
    if form.is_valid():
        try:
            taken = services.snapshot_take(
                reference_date=form.cleaned_data["reference_date"], by=request.user
            )
        except services.ObservatoryError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("L'offre est photographiée au %(date)s.")
                % {"date": taken.reference_date.strftime("%d/%m/%Y")},
            )
    else:
        messages.error(request, _("Indiquez une date au format 31/12/2026."))
    return redirect("observatory:data")


@capability_required(Capability.MANAGE_OBSERVATORY)
def registry(request):
    """Births per month from the communes' registries, for the agent's communes only."""
    territory = _territory()
    communes = communes_in_perimeter(request.user, territory)
    form = RegistryBirthsForm(request.POST or None, communes=communes)
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.registry_births_record(
                commune=data["commune"],
                year=data["year"],
                month=data["month"],
                births=data["births"],
                by=request.user,
            )
        except services.ObservatoryError as exc:
            error = exc.message
        else:
            messages.success(request, _("Les naissances du mois sont enregistrées."))
            return redirect("observatory:registry")
    rows = RegistryBirths.objects.filter(commune__in=communes).select_related("commune")[:60]
    return render(
        request,
        "observatory/registry.html",
        {"form": form, "error": error, "rows": rows},
        status=400 if request.method == "POST" else 200,
    )
