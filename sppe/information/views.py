"""Family information pages, the fee simulator, the printed guide, and the agents' pages
where the territory's texts and contacts are edited."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sppe.accounts.perms import Capability, capability_required
from sppe.territories.models import Territory

from . import content, selectors, services
from .enums import ContentKey, ContentLanguage
from .fees import PeriodNotFound, compare_modes, shared_home_care
from .forms import ContactForm, LocalContentForm, SimulatorForm
from .models import Contact, LocalContent
from .presentation import shown_comparison, shown_shared_care

FALC_PAGES = {
    "modes-d-accueil": "information/falc/modes.html",
    "simulateur": "information/falc/simulator.html",
    "apres-un-refus": "information/falc/after_refusal.html",
}


def _blocks(*keys):
    """The territory's texts for ``keys``, named for templates ("inscription_creche")."""
    return {key.replace("-", "_"): block for key, block in selectors.local_blocks(keys).items()}


@require_GET
def index(request):
    return render(
        request,
        "information/index.html",
        {
            "modes": content.CARE_MODES,
            "moments": content.KEY_MOMENTS,
            "blocks": _blocks(ContentKey.WELCOME),
            "guide": selectors.latest_guide(),
        },
    )


@require_GET
def care_modes(request):
    return render(
        request,
        "information/modes.html",
        {
            "modes": content.CARE_MODES,
            "blocks": _blocks(ContentKey.MODES, ContentKey.CRECHE_APPLICATION),
        },
    )


@require_GET
def key_moments(request):
    return render(request, "information/moments.html", {"moments": content.KEY_MOMENTS})


@require_GET
def key_moment(request, slug):
    moment = content.moment_by_slug(slug)
    if moment is None:
        raise Http404(_("Cette page n'existe pas."))
    keys = [moment.local_key]
    if moment.slug == "apres-un-refus":
        keys += [ContentKey.COMMISSION, ContentKey.CHILDMINDER_SEARCH]
    if moment.slug in ("grossesse", "demenagement"):
        keys.append(ContentKey.CRECHE_APPLICATION)
    blocks = selectors.local_blocks(keys)
    return render(
        request,
        "information/moment.html",
        {
            "moment": moment,
            "local": [blocks[key] for key in keys if key in blocks],
            "moments": content.KEY_MOMENTS,
            "contacts": selectors.public_contacts(),
        },
    )


@require_GET
def lexicon(request):
    return render(request, "information/lexicon.html", {"terms": content.LEXICON})


@require_GET
def contacts(request):
    return render(
        request,
        "information/contacts.html",
        {"contacts": selectors.public_contacts(), "blocks": _blocks(ContentKey.CONTACTS)},
    )


@require_GET
def easy_read(request, page):
    if page not in FALC_PAGES:
        raise Http404(_("Cette page n'existe pas."))
    return render(request, FALC_PAGES[page], {"contacts": selectors.public_contacts()})


@require_GET
def simulator(request):
    territory = Territory.objects.current()
    suggested = selectors.suggested_prices(territory)
    submitted = "annual_resources" in request.GET
    form = SimulatorForm(request.GET if submitted else None, suggested=suggested)
    results = error = None
    if submitted and form.is_valid():
        try:
            comparison = compare_modes(
                situation=form.situation(), prices=form.prices(), on=form.start()
            )
        except PeriodNotFound:
            error = _(
                "Les barèmes en vigueur à cette date ne sont pas encore chargés dans le "
                "simulateur. Contactez le Relais Petite Enfance pour une estimation."
            )
        else:
            results = shown_comparison(comparison)
            other = form.other_family()
            if other is not None and form.prices().gad_net_hourly_wage is not None:
                mine = (form.situation(), 100 - other[1])
                results["shared"] = shown_shared_care(
                    shared_home_care(families=[mine, other], prices=form.prices(), on=form.start())
                )
    return render(
        request,
        "information/simulator.html",
        {
            "form": form,
            "submitted": submitted,
            "results": results,
            "error": error,
            "suggested": suggested,
        },
    )


@require_GET
def guide_pdf(request):
    """The latest printed guide; the first one is generated on demand."""
    guide = selectors.latest_guide()
    if guide is None or not guide.file.storage.exists(guide.file.name):
        guide = services.printed_guide_generate(user=None)
    return FileResponse(
        guide.file.open("rb"),
        content_type="application/pdf",
        as_attachment=False,
        filename=f"guide-petite-enfance-{guide.generated_at:%Y-%m-%d}.pdf",
    )


# Agents' pages --------------------------------------------------------------------------


@capability_required(Capability.EDIT_INFORMATION)
@require_GET
def manage(request):
    existing = {(c.key, c.language): c for c in LocalContent.objects.all()}
    rows = [
        (
            key,
            label,
            [(code, name, existing.get((key, code))) for code, name in ContentLanguage.choices],
        )
        for key, label in ContentKey.choices
    ]
    return render(
        request,
        "information/manage/index.html",
        {
            "rows": rows,
            "contacts": Contact.objects.order_by("position", "kind", "name"),
            "guide": selectors.latest_guide(),
        },
    )


@capability_required(Capability.EDIT_INFORMATION)
@require_http_methods(["GET", "POST"])
def manage_text(request, key, language):
    if key not in ContentKey.values or language not in ContentLanguage.values:
        raise Http404(_("Cet emplacement n'existe pas."))
    instance = LocalContent.objects.filter(key=key, language=language).first()
    form = LocalContentForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.local_content_save(
            key=key,
            language=language,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            user=request.user,
        )
        messages.success(request, _("Le texte est enregistré : il est affiché aux familles."))
        return redirect("information:manage")
    return render(
        request,
        "information/manage/text.html",
        {
            "form": form,
            "instance": instance,
            "key_label": ContentKey(key).label,
            "language_label": ContentLanguage(language).label,
            "key": key,
            "language": language,
        },
    )


@capability_required(Capability.EDIT_INFORMATION)
@require_POST
def manage_text_delete(request, key, language):
    instance = get_object_or_404(LocalContent, key=key, language=language)
    services.local_content_delete(content=instance)
    messages.success(request, _("Le texte est supprimé."))
    return redirect("information:manage")


@capability_required(Capability.EDIT_INFORMATION)
@require_http_methods(["GET", "POST"])
def manage_contact(request, pk=None):
    instance = get_object_or_404(Contact, pk=pk) if pk else None
    form = ContactForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_save(contact=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le contact est enregistré : il est affiché aux familles."))
            return redirect("information:manage")
    return render(request, "information/manage/contact.html", {"form": form, "instance": instance})


@capability_required(Capability.EDIT_INFORMATION)
@require_POST
def manage_contact_delete(request, pk):
    contact = get_object_or_404(Contact, pk=pk)
    services.contact_delete(contact=contact)
    messages.success(request, _("Le contact est supprimé."))
    return redirect("information:manage")


@capability_required(Capability.EDIT_INFORMATION)
@require_POST
def manage_guide(request):
    guide = services.printed_guide_generate(user=request.user)
    messages.success(
        request,
        _("Le guide est régénéré (%(size)s Ko) : les familles téléchargent désormais celui-ci.")
        % {"size": max(1, guide.size // 1024)},
    )
    return redirect("information:manage")
