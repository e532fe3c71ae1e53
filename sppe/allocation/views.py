"""Pages of the commission: public (grid, results, data), families (their score and
sessions, offers, appeal, letter), members (sessions: freeze, run, review anonymised,
override, validate, minutes), agents (sessions and seats, follow-up, appeals, answers by
phone) and crèches (admissions).

Members' pages never show a name or an address: they read the frozen dossiers, which
hold an anonymous number and structured facts only.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sppe.accounts.enums import Role
from sppe.accounts.perms import Capability, capability_required, communes_in_perimeter
from sppe.dossiers.enums import Status
from sppe.dossiers.models import CommissionSession
from sppe.dossiers.selectors import dossiers_for_agent
from sppe.territories.models import Territory

from . import letters, publication, scoring, selectors, services
from .engine import export
from .enums import AppealStatus, DeliberationStatus, OfferStatus, OverrideReason
from .forms import (
    AnswerForm,
    AppealAnswerForm,
    AppealForm,
    FollowUpForm,
    GridForm,
    OverrideForm,
    SeatsForm,
    SessionForm,
    VersionForm,
)
from .models import Appeal, Deliberation, FrozenDossier, SeatUnit

apply_required = capability_required(Capability.APPLY)
sit_required = capability_required(Capability.SIT_ON_COMMISSION)
prepare_required = capability_required(Capability.PREPARE_COMMISSION)
admissions_required = capability_required(Capability.CONFIRM_ADMISSIONS)


def _attempt(request, action, success: str) -> bool:
    """Call a service; its refusal becomes an error message, its success `success`."""
    try:
        action()
    except services.CommissionError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, success)
    return True


# --- public -------------------------------------------------------------------------------


@require_GET
def grid_page(request):
    grid = services.grid_in_force()
    language = translation.get_language() or "fr"
    criteria = []
    if grid is not None:
        criteria = [(c, c.label_in(language)) for c in grid.criteria.all()]
    today = timezone.localdate()
    upcoming = CommissionSession.objects.filter(date__gte=today).order_by("date")[:6]
    past = selectors.deliberations().filter(status=DeliberationStatus.VALIDATED)[:6]
    notes = scoring.check_grid(services.criteria_specs(grid)) if grid else []
    return render(
        request,
        "allocation/grid.html",
        {
            "grid": grid,
            "criteria": criteria,
            "upcoming": upcoming,
            "past": past,
            "notes": notes,
        },
    )


SMALL_CELL = 5


def _profile(deliberation) -> list[dict]:
    """Applicants against admitted families, by activity, single parent, resources and
    disability; a count under five is hidden (shown as "moins de 5")."""
    matching = services.final_matching(deliberation)
    placed_numbers = {k.rsplit("-", 1)[0] for k, v in matching.items() if v}
    groups = {}
    for frozen in deliberation.dossiers.all():
        facts = frozen.facts
        traits = [
            _("Parent seul") if facts.get("single_parent") else _("Deux parents"),
            _("Ressources : %(b)s") % {"b": facts.get("resources_bracket", "")},
        ]
        if "child_disability" in facts.get("situations", []) or "parent_disability" in facts.get(
            "situations", []
        ):
            traits.append(_("Handicap (enfant ou parent)"))
        if {"minimum_income", "social_support"} & set(facts.get("situations", [])):
            traits.append(_("Parcours d'insertion (minima sociaux, accompagnement)"))
        for trait in traits:
            row = groups.setdefault(trait, [0, 0])
            row[0] += 1
            row[1] += frozen.number in placed_numbers
    return [
        {"label": label, "applicants": _hide(a), "admitted": _hide(b)}
        for label, (a, b) in sorted(groups.items())
    ]


def _hide(count: int):
    return count if count == 0 or count >= SMALL_CELL else _("moins de 5")


def _unit_rows(deliberation):
    matching = services.final_matching(deliberation)
    lists = publication.unit_lists(deliberation.instance, matching)
    rows = []
    for unit in deliberation.units.select_related("establishment__commune"):
        data = lists.get(unit.key, {"admitted": [], "waiting": [], "cutoff": None})
        rows.append(
            {
                "unit": unit,
                "seats": unit.seats,
                "admitted": len(data["admitted"]),
                "waiting": len(data["waiting"]),
                "cutoff": data["cutoff"],
            }
        )
    return rows


@require_GET
def results(request, pk):
    deliberation = selectors.published(pk)
    rows = _unit_rows(deliberation)
    insertion = _insertion(deliberation)
    return render(
        request,
        "allocation/results.html",
        {
            "deliberation": deliberation,
            "rows": rows,
            "profile": _profile(deliberation),
            "applications": deliberation.dossiers.count(),
            "placed": sum(r["admitted"] for r in rows),
            "insertion": insertion,
            "overrides": deliberation.overrides.count(),
        },
    )


def _insertion(deliberation) -> dict:
    """The access guarantee for families in insertion (CASF L.214-7): at least one seat
    in twenty for their children; reported per session."""
    matching = services.final_matching(deliberation)
    placed = {k.rsplit("-", 1)[0] for k, v in matching.items() if v}
    seats = sum(u.seats for u in deliberation.units.all())
    insertion = sum(
        1
        for f in deliberation.dossiers.all()
        if f.number in placed
        and {"minimum_income", "social_support"} & set(f.facts.get("situations", []))
    )
    return {"seats": seats, "placed": insertion, "guaranteed": seats // 20}


@require_GET
def export_json(request, pk):
    deliberation = selectors.published(pk)
    document = services.session_document(deliberation)
    response = HttpResponse(export.dumps(document), content_type="application/json")
    name = f"commission-{deliberation.session.date.isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- families -----------------------------------------------------------------------------


def _live_score(application):
    """Points under the grid in force for a dossier not yet frozen (an estimate)."""
    grid = services.grid_in_force()
    if grid is None:
        return None
    specs = services.criteria_specs(grid)
    start = application.wished_start_date
    facts = services._facts(application, start, [])
    return scoring.score(facts, specs)


def _localised(lines, grid, language) -> list[dict]:
    """Score lines with the criterion's label in the reader's language."""
    labels = {}
    if grid is not None:
        labels = {c.rule: c.label_in(language) for c in grid.criteria.all()}
    return [{**line, "label": labels.get(line["rule"], line["label"])} for line in lines]


@never_cache
@apply_required
@require_GET
def family_dossier(request, pk):
    application = selectors.dossier_for_family(request.user, pk)
    language = translation.get_language() or "fr"
    sessions = selectors.family_sessions(application)
    appeals = {a.deliberation_id: a for a in application.appeals.all()}
    for row in sessions:
        row["lines"] = _localised(row["frozen"].score["lines"], row["deliberation"].grid, language)
        row["appeal"] = appeals.get(row["deliberation"].pk)
    offers = application.offers.select_related("unit__establishment", "deliberation__session")
    waiting = application.status in (Status.NOT_PLACED, Status.DECLINED, Status.LAPSED)
    live = None if sessions else _live_score(application)
    live_lines = []
    if live is not None:
        raw = [
            {"rule": x.rule, "label": x.label, "points": x.points, "times": x.times, "note": x.note}
            for x in live.lines
        ]
        live_lines = _localised(raw, services.grid_in_force(), language)
    return render(
        request,
        "allocation/family_dossier.html",
        {
            "application": application,
            "sessions": sessions,
            "offers": offers,
            "live_score": live,
            "live_lines": live_lines,
            "alternatives": selectors.alternatives(application) if waiting else None,
            "contacts": letters.relais_contacts(),
        },
    )


@never_cache
@apply_required
@require_http_methods(["GET", "POST"])
def offer_page(request, pk):
    offer = selectors.offer_for_family(request.user, pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and offer.status == OfferStatus.PENDING and form.is_valid():
        accept = form.cleaned_data["answer"] == "accept"
        done = _attempt(
            request,
            lambda: services.offer_answer(
                offer=offer, accept=accept, by=request.user, reason=form.cleaned_data["reason"]
            ),
            _("Votre réponse est enregistrée.")
            if accept
            else _("Votre refus est enregistré : la place sera proposée à un autre enfant."),
        )
        if done:
            return redirect("allocation:family_dossier", pk=offer.application_id)
        offer.refresh_from_db()
    return render(request, "allocation/offer.html", {"offer": offer, "form": form})


@never_cache
@apply_required
@require_http_methods(["GET", "POST"])
def appeal_page(request, pk, deliberation_pk):
    application = selectors.dossier_for_family(request.user, pk)
    deliberation = get_object_or_404(
        Deliberation, pk=deliberation_pk, dossiers__application=application
    )
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            request,
            lambda: services.appeal_submit(
                application=application,
                deliberation=deliberation,
                grounds=form.cleaned_data["grounds"],
                by=request.user,
            ),
            _("Votre recours est envoyé : un agent vous répondra par écrit, avec ses motifs."),
        )
        if done:
            return redirect("allocation:family_dossier", pk=application.pk)
    deadline = services.appeal_deadline(deliberation) if deliberation.validated_at else None
    return render(
        request,
        "allocation/appeal.html",
        {
            "application": application,
            "deliberation": deliberation,
            "form": form,
            "deadline": deadline,
        },
    )


@never_cache
@apply_required
@require_GET
def decision_letter(request, pk, deliberation_pk):
    application = selectors.dossier_for_family(request.user, pk)
    deliberation = get_object_or_404(
        Deliberation,
        pk=deliberation_pk,
        status=DeliberationStatus.VALIDATED,
        dossiers__application=application,
    )
    pdf = letters.decision_letter(application, deliberation)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="decision-{application.reference}.pdf"'
    return response


# --- members ------------------------------------------------------------------------------


@never_cache
@sit_required
@require_GET
def sessions(request):
    return render(
        request,
        "allocation/sessions.html",
        {
            "deliberations": selectors.deliberations(),
            "unopened": CommissionSession.objects.filter(
                deliberation__isnull=True, date__gte=timezone.localdate()
            ),
            "can_prepare": request.user.role in (Role.AGENT, Role.TERRITORY_ADMIN),
        },
    )


def _review_rows(deliberation):
    """One row per child: anonymous number, points, facts, wishes, proposed and final seat."""
    matching = services.final_matching(deliberation)
    units = {u.key: u for u in deliberation.units.select_related("establishment")}
    names = {f"E{u.establishment_id}": u.establishment.name for u in units.values()}
    rows = []
    for frozen in deliberation.dossiers.all():
        for child in frozen.children:
            key = f"{frozen.number}-{child['index']}"
            if key not in deliberation.proposal:
                continue
            fitting = [
                u
                for u in units.values()
                if f"E{u.establishment_id}" in frozen.wishes
                and u.min_age_months <= child["age_months"] <= u.max_age_months
            ]
            rows.append(
                {
                    "override_units": fitting,
                    "key": key,
                    "frozen": frozen,
                    "child": child,
                    "wishes": [names.get(w, w) for w in frozen.wishes],
                    "proposed": units.get(deliberation.proposal.get(key)),
                    "final": units.get(matching.get(key)),
                    "explanation": deliberation.explanations.get(key, ""),
                }
            )
    rows.sort(key=lambda r: (-r["frozen"].points, r["key"]))
    return rows


@never_cache
@sit_required
@require_GET
def session_detail(request, pk):
    deliberation = selectors.deliberation_or_404(pk)
    is_member = deliberation.members.filter(pk=request.user.pk).exists()
    return render(
        request,
        "allocation/session.html",
        {
            "deliberation": deliberation,
            "units": _unit_rows(deliberation) if deliberation.proposal else None,
            "seat_units": deliberation.units.select_related("establishment"),
            "rows": _review_rows(deliberation) if deliberation.proposal else [],
            "overrides": deliberation.overrides.select_related("unit__establishment", "by"),
            "override_form": OverrideForm(),
            "version_form": VersionForm(initial={"version": deliberation.version}),
            "is_member": is_member,
            "is_president": deliberation.president_id == request.user.pk,
            "frozen_count": deliberation.dossiers.count(),
            "reasons": OverrideReason.choices,
            "preview": _override_preview(request, deliberation),
        },
    )


def _override_preview(request, deliberation):
    """The effects of an override asked for with ?enfant=…&section=… (shown before the
    member confirms): who it passes over, by how many points, and whom it displaces."""
    key, unit_pk = request.GET.get("enfant", ""), request.GET.get("section", "")
    if not key or not unit_pk.isdigit() or deliberation.status != DeliberationStatus.PROPOSED:
        return None
    unit = deliberation.units.filter(pk=int(unit_pk)).first()
    if unit is None:
        return {"error": _("Cette section n'ouvre pas de places à cette séance.")}
    try:
        effects = services.override_effects(deliberation, key[:20], unit)
    except services.CommissionError as exc:
        return {"error": str(exc)}
    return {"key": key[:20], "unit": unit, **effects}


@sit_required
@require_POST
def session_step(request, pk, step):
    deliberation = selectors.deliberation_or_404(pk)
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    actions = {
        "freeze": (
            lambda: services.deliberation_freeze(deliberation=deliberation, by=request.user),
            _("Les dossiers complets sont figés et présentés à la séance."),
        ),
        "run": (
            lambda: services.deliberation_run(deliberation=deliberation, by=request.user),
            _("La proposition est calculée : relisez-la avant de valider."),
        ),
        "validate": (
            lambda: services.deliberation_validate(
                deliberation=deliberation, by=request.user, expected_version=version
            ),
            _("Les décisions sont validées : les familles reçoivent leur réponse."),
        ),
    }
    if step not in actions:
        raise Http404
    member = deliberation.members.filter(pk=request.user.pk).exists()
    if not member and request.user.role != Role.TERRITORY_ADMIN:
        messages.error(request, _("Seuls les membres de la séance la font avancer."))
        return redirect("allocation:session", pk=pk)
    action, success = actions[step]
    _attempt(request, action, success)
    return redirect("allocation:session", pk=pk)


@sit_required
@require_POST
def override_add(request, pk):
    deliberation = selectors.deliberation_or_404(pk)
    form = OverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez l'enfant, la section, le motif et le fait constaté."))
        return redirect("allocation:session", pk=pk)
    unit = SeatUnit.objects.filter(pk=form.cleaned_data["unit"], deliberation=deliberation).first()
    if unit is None:
        messages.error(request, _("Cette section n'ouvre pas de places à cette séance."))
        return redirect("allocation:session", pk=pk)
    _attempt(
        request,
        lambda: services.override_add(
            deliberation=deliberation,
            child_key=form.cleaned_data["child_key"],
            unit=unit,
            reason=form.cleaned_data["reason"],
            comment=form.cleaned_data["comment"],
            by=request.user,
        ),
        _("La dérogation est enregistrée ; elle figurera au procès-verbal."),
    )
    return redirect("allocation:session", pk=pk)


@sit_required
@require_POST
def override_remove(request, pk, override_pk):
    deliberation = selectors.deliberation_or_404(pk)
    override = get_object_or_404(deliberation.overrides, pk=override_pk)
    _attempt(
        request,
        lambda: services.override_remove(override=override, by=request.user),
        _("La dérogation est retirée."),
    )
    return redirect("allocation:session", pk=pk)


@never_cache
@capability_required(Capability.VIEW_TERRITORY)
@require_GET
def minutes(request, pk):
    deliberation = selectors.deliberation_or_404(pk)
    if deliberation.status != DeliberationStatus.VALIDATED:
        raise Http404
    response = HttpResponse(letters.minutes(deliberation), content_type="application/pdf")
    name = f"proces-verbal-{deliberation.session.date.isoformat()}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


# --- agents -------------------------------------------------------------------------------


def _commission_people():
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            role__in=(Role.COMMISSION_MEMBER, Role.TERRITORY_ADMIN, Role.ELECTED, Role.AGENT),
        )
        .order_by("last_name", "first_name")
    )


@never_cache
@prepare_required
@require_http_methods(["GET", "POST"])
def session_create(request):
    form = SessionForm(request.POST or None, members=_commission_people())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if CommissionSession.objects.filter(date=data["date"]).exists():
                    raise services.CommissionError(_("Une commission existe déjà à cette date."))
                session = CommissionSession.objects.create(
                    date=data["date"],
                    data_freeze_date=data["data_freeze_date"],
                    answer_date=data["answer_date"],
                )
                deliberation = services.deliberation_open(
                    session=session,
                    start_date=data["start_date"],
                    by=request.user,
                    members=list(data["members"]),
                    president=data["president"],
                    reply_days=data["reply_days"],
                )
        except services.CommissionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("La séance est créée : saisissez les places ouvertes."))
            return redirect("allocation:session_seats", pk=deliberation.pk)
    return render(request, "allocation/session_form.html", {"form": form})


@never_cache
@prepare_required
@require_http_methods(["GET", "POST"])
def session_seats(request, pk):
    deliberation = selectors.deliberation_or_404(pk)
    territory = Territory.objects.current()
    perimeter = communes_in_perimeter(request.user, territory)
    from sppe.dossiers.services import desk_establishments

    establishments = (
        (
            desk_establishments(territory)
            .filter(commune__in=perimeter)
            .prefetch_related("sections__availabilities")
            .order_by("name")
        )
        if territory
        else []
    )
    existing = {(u.establishment_id, u.section): u.capacity for u in deliberation.units.all()}
    rows = []
    for establishment in establishments:
        for section, (low, high) in services.SECTION_AGES.items():
            if low > establishment.age_max_months or high < establishment.age_min_months:
                continue
            initial = existing.get((establishment.pk, str(section))) or services.prefilled_capacity(
                establishment, section, deliberation.start_date
            )
            rows.append((establishment, str(section), initial))
    form = SeatsForm(request.POST or None, rows=rows)
    editable = deliberation.status == DeliberationStatus.PREPARING
    if request.method == "POST" and editable and form.is_valid():
        try:
            with transaction.atomic():
                for establishment, section, capacity in form.capacities():
                    services.seat_unit_set(
                        deliberation=deliberation,
                        establishment=establishment,
                        section=section,
                        capacity=capacity,
                        by=request.user,
                    )
        except services.CommissionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Les places ouvertes sont enregistrées."))
            return redirect("allocation:session", pk=pk)
    return render(
        request,
        "allocation/seats.html",
        {
            "deliberation": deliberation,
            "form": form,
            "editable": editable,
        },
    )


@never_cache
@prepare_required
@require_GET
def follow_ups(request):
    """Families left without a place by a validated session, in the agent's communes."""
    visible = dossiers_for_agent(request.user)
    frozen = (
        FrozenDossier.objects.filter(
            deliberation__status=DeliberationStatus.VALIDATED,
            application__in=visible,
            application__status__in=(Status.NOT_PLACED, Status.DECLINED, Status.LAPSED),
        )
        .select_related("application__household__commune", "deliberation__session")
        .prefetch_related("application__follow_ups")
        .order_by("-deliberation__session__date", "number")
    )
    return render(request, "allocation/follow_ups.html", {"rows": frozen, "form": FollowUpForm()})


@prepare_required
@require_POST
def follow_up_record(request, pk):
    frozen = get_object_or_404(
        FrozenDossier, pk=pk, application__in=dossiers_for_agent(request.user)
    )
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Choisissez le moyen de contact et la suite donnée dans la liste.")
        )
    else:
        _attempt(
            request,
            lambda: services.follow_up_record(
                application=frozen.application,
                deliberation=frozen.deliberation,
                channel=form.cleaned_data["channel"],
                outcome=form.cleaned_data["outcome"],
                by=request.user,
            ),
            _("Le contact est enregistré."),
        )
    return redirect("allocation:follow_ups")


@never_cache
@prepare_required
@require_GET
def appeals(request):
    rows = (
        Appeal.objects.filter(application__in=dossiers_for_agent(request.user))
        .select_related("application", "deliberation__session")
        .order_by("status", "-submitted_at")
    )
    return render(
        request,
        "allocation/appeals.html",
        {
            "rows": rows,
            "form": AppealAnswerForm(),
            "received": AppealStatus.RECEIVED,
        },
    )


@prepare_required
@require_POST
def appeal_answer(request, pk):
    appeal = get_object_or_404(Appeal, pk=pk, application__in=dossiers_for_agent(request.user))
    form = AppealAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez la décision et son motif dans la liste."))
    else:
        _attempt(
            request,
            lambda: services.appeal_answer(
                appeal=appeal,
                upheld=form.cleaned_data["upheld"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            ),
            _("La réponse est envoyée à la famille."),
        )
    return redirect("allocation:appeals")


@prepare_required
@require_POST
def offer_phone(request, pk):
    """An agent records the answer a family gave by phone."""
    offer = selectors.offer_for_agent(request.user, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez la réponse de la famille (et la raison d'un refus)."))
    else:
        accept = form.cleaned_data["answer"] == "accept"
        _attempt(
            request,
            lambda: services.offer_answer(
                offer=offer, accept=accept, by=request.user, reason=form.cleaned_data["reason"]
            ),
            _("La réponse de la famille est enregistrée."),
        )
    return redirect("dossiers:agent_detail", pk=offer.application_id)


@never_cache
@prepare_required
@require_http_methods(["GET", "POST"])
def grid_edit(request):
    """Publish a new version of the grid (earlier versions and sessions keep theirs)."""
    current = services.grid_in_force()
    form = GridForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            grid = services.grid_publish(
                criteria=form.criteria(), note=form.cleaned_data["note"], by=request.user
            )
        except services.CommissionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("La version %(n)s de la grille est publiée.") % {"n": grid.number}
            )
            return redirect("allocation:grid")
    return render(request, "allocation/grid_edit.html", {"form": form, "current": current})


# --- crèches ------------------------------------------------------------------------------


@never_cache
@admissions_required
@require_GET
def admissions(request):
    rows = selectors.admissions_for(request.user).order_by("status", "start_date", "pk")
    return render(request, "allocation/admissions.html", {"rows": rows})


@admissions_required
@require_POST
def admission_confirm(request, pk):
    offer = selectors.admissions_for(request.user).filter(pk=pk).first()
    if offer is None:
        raise Http404
    _attempt(
        request,
        lambda: services.admission_confirm(offer=offer, by=request.user),
        _("L'accueil de l'enfant est confirmé : son dossier est clos."),
    )
    return redirect("allocation:admissions")
