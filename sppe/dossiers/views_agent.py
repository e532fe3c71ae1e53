"""The agents' desk: the queue, the dossier page, entering a request at the counter.

An agent reaches only dossiers of households living in its perimeter (selectors);
opening a dossier or one of its documents is written to the access log, shown on the
dossier page. Every form that changes a dossier carries its version.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sppe.accounts import magic_link
from sppe.accounts.perms import Capability, capability_required, communes_in_perimeter

from . import presentation, selectors, services, states
from .enums import Status
from .forms import (
    ChoicesForm,
    CounterForm,
    DocumentForm,
    NoteForm,
    QueueFilterForm,
    RequestForm,
    SituationForm,
    SizeLimitUploadHandler,
    TransitionForm,
    request_edit_forms,
    situation_initial,
)
from .models import Household
from .notifications import notify
from .views_family import _file_response

PAGE_SIZE = 25
process_required = capability_required(Capability.PROCESS_DOSSIERS)


def _page_number(request):
    try:
        return max(1, min(int(request.GET.get("page", 1)), 10_000))
    except ValueError:
        return 1


@never_cache
@process_required
@require_GET
def agent_queue(request):
    territory = selectors.current_territory()
    perimeter = communes_in_perimeter(request.user, territory)
    form = QueueFilterForm(
        request.GET or None,
        communes=perimeter,
        establishments=services.desk_establishments(territory),
    )
    queue = selectors.agent_queue(request.user, **form.filters())
    page = Paginator(queue, PAGE_SIZE).get_page(_page_number(request))
    params = request.GET.copy()
    params.pop("page", None)
    counts = selectors.status_counts(request.user)
    return render(
        request,
        "dossiers/agent/queue.html",
        {
            "form": form,
            "page_obj": page,
            "querystring": params.urlencode(),
            "counts": [(s, counts.get(s.value, 0)) for s in Status],
            "total": sum(counts.values()),
        },
    )


def _transition_forms(application, data=None, posted=None):
    forms = []
    for transition in states.targets(application.status, states.Actor.AGENT):
        bound = data if posted == transition.target.value else None
        forms.append(
            TransitionForm(
                bound,
                transition=transition,
                initial={"version": application.version},
                prefix=f"t-{transition.target.value}",
            )
        )
    return forms


def _detail_context(request, application, *, transition_forms=None, note_form=None):
    household = application.household
    return {
        "application": application,
        "household": household,
        "commission": selectors.commission_for(application),
        "log": presentation.log_lines(application, for_family=False),
        "children": application.children.order_by("pk"),
        "choices": application.choices.select_related("establishment__commune"),
        "documents": household.documents.all(),
        "required": selectors.required_documents(application),
        "missing": selectors.missing_documents(application),
        "schedule": presentation.schedule_text(application),
        "transition_forms": transition_forms or _transition_forms(application),
        "note_form": note_form or NoteForm(),
        "notes": application.notes.select_related("by"),
        "accesses": application.accesses.select_related("user")[:50],
        "document_form": DocumentForm(),
        "frozen": application.frozen_at is not None,
        "editable": application.status in states.EDITABLE_STATES and application.frozen_at is None,
    }


@never_cache
@process_required
@require_GET
def agent_detail(request, pk):
    application = selectors.dossier_for_agent(request.user, pk)
    services.access_log_record(application=application, user=request.user)
    return render(request, "dossiers/agent/detail.html", _detail_context(request, application))


@never_cache
@process_required
@require_POST
def agent_transition(request, pk):
    application = selectors.dossier_for_agent(request.user, pk)
    target = request.POST.get("to", "")
    forms = []
    for transition in states.targets(application.status, states.Actor.AGENT):
        prefix = f"t-{transition.target.value}"
        posted = request.POST.get(f"{prefix}-to")
        forms.append(
            TransitionForm(
                request.POST if posted else None,
                transition=transition,
                initial={"version": application.version},
                prefix=prefix,
            )
        )
        if posted:
            target = posted
    form = next((f for f in forms if f.is_bound), None)
    if form is None:
        messages.error(
            request,
            _("Ce changement d'état n'est pas possible depuis « %(status)s ».")
            % {"status": application.get_status_display()},
        )
        return redirect("dossiers:agent_detail", pk=pk)
    if form.is_valid():
        try:
            services.application_transition(
                application=application,
                to=target,
                by=request.user,
                reason=form.cleaned_data.get("reason", ""),
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleDossierError as exc:
            messages.error(request, str(exc))
            return redirect("dossiers:agent_detail", pk=pk)
        except services.DossierError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Le dossier est maintenant : %(status)s.")
                % {"status": application.get_status_display()},
            )
            return redirect("dossiers:agent_detail", pk=pk)
    context = _detail_context(request, application, transition_forms=forms)
    return render(request, "dossiers/agent/detail.html", context, status=400)


@never_cache
@process_required
@require_http_methods(["GET", "POST"])
def agent_edit(request, pk):
    """Correct the situation, children, wished care or ranking at the family's request."""
    application = selectors.dossier_for_agent(request.user, pk)
    territory = selectors.current_territory()
    data = request.POST if request.method == "POST" else None
    situation_form = SituationForm(
        data,
        territory=territory,
        initial=situation_initial(application.household),
        prefix="situation",
    )
    request_form, choices_form, version = request_edit_forms(
        data, application=application, territory=territory
    )
    # Every form is validated, so that all errors show at once.
    valid = [f.is_valid() for f in (situation_form, request_form, choices_form, version)]
    if request.method == "POST" and all(valid):
        try:
            services.application_update_by_agent(
                application=application,
                situation=situation_form.situation(),
                request=request_form.care_request(),
                children=request_form.children(),
                establishments=choices_form.establishments(),
                by=request.user,
                expected_version=version.cleaned_data["version"],
            )
        except services.StaleDossierError as exc:
            messages.error(request, str(exc))
            return redirect("dossiers:agent_detail", pk=pk)
        except services.DossierError as exc:
            request_form.add_error(None, str(exc))
        else:
            messages.success(request, _("Le dossier est mis à jour."))
            return redirect("dossiers:agent_detail", pk=pk)
    return render(
        request,
        "dossiers/agent/edit.html",
        {
            "application": application,
            "situation_form": situation_form,
            "request_form": request_form,
            "choices_form": choices_form,
            "version_form": version,
        },
    )


@never_cache
@process_required
@require_POST
def agent_note(request, pk):
    application = selectors.dossier_for_agent(request.user, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(
                application=application,
                kind=form.cleaned_data["kind"],
                document_kind=form.cleaned_data["document_kind"],
                by=request.user,
            )
        except services.DossierError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("La note est ajoutée."))
            return redirect("dossiers:agent_detail", pk=pk)
    context = _detail_context(request, application, note_form=form)
    return render(request, "dossiers/agent/detail.html", context, status=400)


@csrf_exempt
def agent_document_upload(request, pk):
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request))
    return _agent_document_upload(request, pk)


@never_cache
@csrf_protect
@process_required
@require_POST
def _agent_document_upload(request, pk):
    application = selectors.dossier_for_agent(request.user, pk)
    form = DocumentForm(
        request.POST, request.FILES, too_large=getattr(request, "upload_too_large", False)
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
            messages.success(request, _("La pièce est ajoutée au dossier."))
            return redirect("dossiers:agent_detail", pk=pk)
    context = _detail_context(request, application)
    context["document_form"] = form
    return render(request, "dossiers/agent/detail.html", context, status=400)


@never_cache
@process_required
@require_GET
def agent_document_download(request, pk):
    document = selectors.document_for_agent(request.user, pk)
    for application in document.household.applications.all():
        services.access_log_record(application=application, user=request.user, action="document")
    return _file_response(document)


@never_cache
@process_required
@require_http_methods(["GET", "POST"])
def agent_create(request):
    """Enter a request for a family met at the counter or on the phone."""
    territory = selectors.current_territory()
    data = request.POST if request.method == "POST" else None
    counter_form = CounterForm(data, prefix="guichet")
    situation_form = SituationForm(
        data, territory=territory, initial=situation_initial(), prefix="situation"
    )
    request_form = RequestForm(data, prefix="demande")
    choices_form = ChoicesForm(data, territory=territory, prefix="choix")
    valid = all(
        [
            counter_form.is_valid(),
            situation_form.is_valid(),
            request_form.is_valid(),
            choices_form.is_valid(),
        ]
    )
    if request.method == "POST" and valid:
        perimeter = communes_in_perimeter(request.user, territory)
        situation = situation_form.situation()
        email = counter_form.cleaned_data["email"]
        if not perimeter.filter(pk=situation.commune.pk).exists():
            situation_form.add_error(
                "commune", _("Cette commune n'est pas dans votre périmètre d'agent.")
            )
        elif email and _household_outside(email, perimeter):
            # Its situation, documents and dossiers would move into this agent's reach.
            counter_form.add_error(
                "email",
                _(
                    "Cette famille a déjà un dossier suivi par le guichet d'une autre commune : "
                    "orientez-la vers ce guichet."
                ),
            )
        elif not email and not situation.phone.strip():
            counter_form.add_error(
                "email", _("Indiquez au moins une adresse e-mail ou un numéro de téléphone.")
            )
        else:
            result = _counter_create(request, counter_form, situation, request_form, choices_form)
            if result is not None:
                return result
    return render(
        request,
        "dossiers/agent/create.html",
        {
            "counter_form": counter_form,
            "situation_form": situation_form,
            "request_form": request_form,
            "choices_form": choices_form,
        },
    )


def _household_outside(email, perimeter) -> bool:
    """Whether the family account of this address has a household outside `perimeter`."""
    return (
        Household.objects.filter(account__email__iexact=email)
        .exclude(commune__in=perimeter)
        .exists()
    )


def _counter_create(request, counter_form, situation, request_form, choices_form):
    email = counter_form.cleaned_data["email"]
    try:
        with transaction.atomic():
            account = household = None
            if email:
                account, _created = services.family_account_get_or_create(
                    email=email, first_name=situation.first_name, last_name=situation.last_name
                )
                if account.role != "family":
                    raise services.DossierError(
                        _("Cette adresse appartient à un compte professionnel.")
                    )
                household = Household.objects.filter(account=account).first()
            application = services.application_create(
                situation=situation,
                request=request_form.care_request(),
                children=request_form.children(),
                establishments=choices_form.establishments(),
                by=request.user,
                account=account,
                household=household,
                channel=counter_form.cleaned_data["channel"],
                consent_given=counter_form.cleaned_data["consent"],
            )
    except services.DossierError as exc:
        request_form.add_error(None, str(exc))
        return None
    if account is not None:
        link = request.build_absolute_uri(
            reverse("accounts:magic_login", args=[magic_link.make_token(account)])
        )
        transaction.on_commit(
            lambda: notify(
                application=application, event="counter_account_created", login_link=link
            )
        )
    messages.success(
        request,
        _(
            "La demande %(ref)s est enregistrée en brouillon. Ajoutez les pièces apportées "
            "par la famille, puis déposez-la."
        )
        % {"ref": application.reference},
    )
    return redirect("dossiers:agent_detail", pk=application.pk)
