"""The family's side of the single desk: apply once, follow the dossier, withdraw.

Every page looks the dossier up among the family's own (selectors): another
family's number gives a 404, whatever the page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sppe.accounts.perms import Capability, capability_required

from . import presentation, selectors, services, states
from .enums import Status
from .forms import (
    ChoicesForm,
    DocumentForm,
    RequestForm,
    SituationForm,
    SizeLimitUploadHandler,
    VersionForm,
    WithdrawForm,
    request_edit_forms,
    situation_initial,
)
from .models import Household

apply_required = capability_required(Capability.APPLY)


def _household(user):
    return Household.objects.filter(account=user).first()


def _stale_message(exc):
    return _(
        "Votre dossier a été modifié par le guichet unique pendant que vous le consultiez : "
        "nous avons rechargé la page. Vérifiez et recommencez."
    )


def _editable(application):
    return application.status in states.EDITABLE_STATES and application.frozen_at is None


@never_cache
@apply_required
@require_GET
def family_home(request):
    dossiers = (
        selectors.dossiers_for_family(request.user)
        .prefetch_related("children", "choices__establishment")
        .order_by("-created_at")
    )
    rows = [
        {
            "application": a,
            "text": presentation.status_text(a, selectors.commission_for(a)),
            # Twins or two dossiers: the first names tell them apart at a glance.
            "children": ", ".join(
                child.first_name or _("un enfant à naître") for child in a.children.all()
            ),
        }
        for a in dossiers
    ]
    return render(request, "dossiers/family/home.html", {"rows": rows})


@never_cache
@apply_required
@require_http_methods(["GET", "POST"])
def application_create(request):
    territory = selectors.current_territory()
    household = _household(request.user)
    data = request.POST if request.method == "POST" else None
    situation_form = SituationForm(
        data,
        territory=territory,
        initial=situation_initial(household, request.user),
        prefix="situation",
    )
    request_form = RequestForm(data, prefix="demande")
    choices_form = ChoicesForm(data, territory=territory, prefix="choix")
    forms_ok = all([situation_form.is_valid(), request_form.is_valid(), choices_form.is_valid()])
    if request.method == "POST" and forms_ok:
        try:
            application = services.application_create(
                situation=situation_form.situation(),
                request=request_form.care_request(),
                children=request_form.children(),
                establishments=choices_form.establishments(),
                by=request.user,
            )
        except services.DossierError as exc:
            request_form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _(
                    "Votre demande est enregistrée en brouillon. Ajoutez vos pièces "
                    "justificatives puis déposez-la."
                ),
            )
            return redirect("dossiers:family_detail", pk=application.pk)
    return render(
        request,
        "dossiers/family/application_form.html",
        {
            "situation_form": situation_form,
            "request_form": request_form,
            "choices_form": choices_form,
            "has_establishments": services.desk_establishments(territory).exists(),
        },
    )


@never_cache
@apply_required
@require_GET
def family_detail(request, pk):
    application = selectors.dossier_for_family(request.user, pk)
    household = application.household
    commission = selectors.commission_for(application)
    documents = household.documents.all()
    return render(
        request,
        "dossiers/family/detail.html",
        {
            "application": application,
            "household": household,
            "text": presentation.status_text(application, commission),
            "commission": commission,
            "log": presentation.log_lines(application, for_family=True),
            "children": application.children.order_by("pk"),
            "choices": application.choices.select_related("establishment__commune"),
            "documents": documents,
            "missing": selectors.missing_document_texts(application),
            "schedule": presentation.schedule_text(application),
            "editable": _editable(application),
            "can_submit": states.may_file(application.status),
            "can_withdraw": states.allowed(
                application.status, Status.WITHDRAWN, states.Actor.FAMILY
            ),
            "version_form": VersionForm(initial={"version": application.version}),
            "other_modes": application.open_to_other_modes,
        },
    )


@never_cache
@apply_required
@require_http_methods(["GET", "POST"])
def family_situation(request, pk):
    application = selectors.dossier_for_family(request.user, pk)
    territory = selectors.current_territory()
    if not _editable(application):
        messages.error(request, _("Ce dossier ne peut plus être modifié."))
        return redirect("dossiers:family_detail", pk=pk)
    data = request.POST if request.method == "POST" else None
    form = SituationForm(
        data, territory=territory, initial=situation_initial(application.household)
    )
    version = VersionForm(data, initial={"version": application.version})
    if request.method == "POST" and form.is_valid() and version.is_valid():
        try:
            services.application_update_situation(
                application=application,
                situation=form.situation(),
                by=request.user,
                expected_version=version.cleaned_data["version"],
            )
        except services.StaleDossierError as exc:
            messages.error(request, _stale_message(exc))
            return redirect("dossiers:family_situation", pk=pk)
        except services.DossierError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Votre situation est mise à jour."))
            return redirect("dossiers:family_detail", pk=pk)
    return render(
        request,
        "dossiers/family/situation_form.html",
        {"application": application, "form": form, "version_form": version},
    )


@never_cache
@apply_required
@require_http_methods(["GET", "POST"])
def family_request(request, pk):
    """Children, wished date, days and hours, and the ranked crèches."""
    application = selectors.dossier_for_family(request.user, pk)
    territory = selectors.current_territory()
    if not _editable(application):
        messages.error(request, _("Ce dossier ne peut plus être modifié."))
        return redirect("dossiers:family_detail", pk=pk)
    data = request.POST if request.method == "POST" else None
    request_form, choices_form, version = request_edit_forms(
        data, application=application, territory=territory
    )
    valid = all([request_form.is_valid(), choices_form.is_valid(), version.is_valid()])
    if request.method == "POST" and valid:
        try:
            services.application_update_request_and_choices(
                application=application,
                request=request_form.care_request(),
                children=request_form.children(),
                establishments=choices_form.establishments(),
                by=request.user,
                expected_version=version.cleaned_data["version"],
            )
        except services.StaleDossierError as exc:
            messages.error(request, _stale_message(exc))
            return redirect("dossiers:family_request", pk=pk)
        except services.DossierError as exc:
            request_form.add_error(None, str(exc))
        else:
            messages.success(request, _("Votre demande est mise à jour."))
            return redirect("dossiers:family_detail", pk=pk)
    return render(
        request,
        "dossiers/family/request_form.html",
        {
            "application": application,
            "request_form": request_form,
            "choices_form": choices_form,
            "version_form": version,
        },
    )


@csrf_exempt
def family_documents(request, pk):
    # The size limit must be in place before the body is read (CSRF reads it):
    # the CSRF check runs just after, in _family_documents.
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request))
    return _family_documents(request, pk)


@never_cache
@csrf_protect
@apply_required
@require_http_methods(["GET", "POST"])
def _family_documents(request, pk):
    application = selectors.dossier_for_family(request.user, pk)
    if request.method == "POST":
        form = DocumentForm(
            request.POST,
            request.FILES,
            too_large=getattr(request, "upload_too_large", False),
        )
        if form.is_valid():
            try:
                services.document_upload(
                    household=application.household,
                    kind=form.cleaned_data["kind"],
                    uploaded_file=form.cleaned_data["file"],
                    by=request.user,
                )
            except services.DossierError as exc:
                form.add_error("file", str(exc))
            else:
                messages.success(request, _("La pièce est ajoutée à votre dossier."))
                return redirect("dossiers:family_documents", pk=pk)
    else:
        form = DocumentForm()
    return render(
        request,
        "dossiers/family/documents.html",
        {
            "application": application,
            "form": form,
            "documents": application.household.documents.all(),
            "missing": selectors.missing_document_texts(application),
            "can_delete": not services.household_is_frozen(application.household),
        },
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@apply_required
@require_GET
def family_document_download(request, pk):
    document = selectors.document_for_family(request.user, pk)
    return _file_response(document)


def _file_response(document):
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@apply_required
@require_POST
def family_document_delete(request, pk):
    document = selectors.document_for_family(request.user, pk)
    back = request.POST.get("dossier", "")
    try:
        services.document_delete(document=document, by=request.user)
    except services.DossierError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("La pièce est supprimée."))
    dossier = selectors.dossiers_for_family(request.user).filter(pk=back if back.isdigit() else 0)
    if dossier.exists():
        return redirect("dossiers:family_documents", pk=back)
    return redirect("dossiers:family_home")


@never_cache
@apply_required
@require_http_methods(["GET", "POST"])
def family_submit(request, pk):
    """File a draft, or send back a dossier the desk found incomplete."""
    application = selectors.dossier_for_family(request.user, pk)
    if not states.may_file(application.status):
        return redirect("dossiers:family_detail", pk=pk)
    form = VersionForm(request.POST or None, initial={"version": application.version})
    if request.method == "POST" and form.is_valid():
        was_draft = application.status == Status.DRAFT
        try:
            services.application_submit(
                application=application,
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleDossierError as exc:
            messages.error(request, _stale_message(exc))
        except services.DossierError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Votre demande est déposée. Vous allez recevoir un accusé de réception.")
                if was_draft
                else _("Merci : le guichet unique va vérifier votre dossier complété."),
            )
        return redirect("dossiers:family_detail", pk=pk)
    return render(
        request,
        "dossiers/family/submit.html",
        {
            "application": application,
            "form": form,
            "missing": selectors.missing_document_texts(application),
        },
    )


@never_cache
@apply_required
@require_http_methods(["GET", "POST"])
def family_withdraw(request, pk):
    application = selectors.dossier_for_family(request.user, pk)
    if not states.allowed(application.status, Status.WITHDRAWN, states.Actor.FAMILY):
        messages.error(request, _("Cette demande ne peut plus être retirée."))
        return redirect("dossiers:family_detail", pk=pk)
    form = WithdrawForm(request.POST or None, initial={"version": application.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application=application,
                by=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleDossierError as exc:
            messages.error(request, _stale_message(exc))
            return redirect("dossiers:family_withdraw", pk=pk)
        except (services.DossierError, PermissionDenied) as exc:
            messages.error(request, str(exc))
            return redirect("dossiers:family_detail", pk=pk)
        messages.success(request, _("Votre demande est retirée."))
        return redirect("dossiers:family_detail", pk=pk)
    return render(
        request, "dossiers/family/withdraw.html", {"application": application, "form": form}
    )
