"""The two navigations of the page shell: the public one, and the professionals' tools.

Each link is shown to whoever holds its capability (sppe/accounts/perms.py). The link of
the page being shown gets aria-current="page"; on a page inside a link's section (a
dossier opened from the desk's queue, a place opened from the search) the link of that
section gets aria-current="true", so that screen readers and sighted users alike know
where they are.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sppe.accounts.enums import Role


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    # Who sees it: a capability of the `can` dict, a role, or everybody (both None).
    capability: str | None = None
    role: str | None = None
    # Paths of other pages belonging to this link's section, besides those below its URL.
    section: tuple[str, ...] = ()


MAIN = (
    Link(_("Accueil"), "core:home"),
    Link(_("Les modes d'accueil"), "information:modes"),
    Link(_("Combien ça coûte ?"), "information:simulator"),
    Link(
        _("Trouver un mode d'accueil"),
        "offers:search",
        section=("/offre/assistant-maternel/", "/offre/etablissement/", "/offre/mam/"),
    ),
    Link(_("Attribution des places"), "allocation:grid"),
    Link(_("Mes demandes de crèche"), "dossiers:family_home", capability="apply"),
    Link(_("Garde partagée"), "offers:shared_care", capability="share_home_care"),
    Link(_("Rendez-vous avec le relais"), "relais:booking", section=("/relais/rendez-vous/",)),
    Link(_("Animations du relais"), "relais:events", section=("/relais/animations/",)),
    Link(_("Ressources du relais"), "relais:resources"),
    Link(
        _("Proposer un emploi à un assistant maternel"),
        "relais:job_offer_new",
        section=("/relais/offres-emploi/",),
    ),
)

PROFESSIONAL = (
    Link(_("Guichet unique"), "dossiers:agent_queue", capability="process_dossiers"),
    Link(_("Campagnes de confirmation"), "campaigns:list", capability="process_dossiers"),
    Link(_("Statistiques du guichet"), "campaigns:stats", capability="view_territory"),
    Link(_("Commission d'attribution"), "allocation:sessions", capability="sit_on_commission"),
    Link(_("Familles sans place"), "allocation:follow_ups", capability="prepare_commission"),
    Link(_("Recours"), "allocation:appeals", capability="prepare_commission"),
    Link(_("Admissions"), "allocation:admissions", capability="confirm_admissions"),
    Link(
        _("Relais : rendez-vous"),
        "relais:agent_agenda",
        capability="run_relais",
        section=("/relais/agent/",),
    ),
    Link(_("Relais : contacts"), "relais:contacts", capability="run_relais"),
    Link(_("Relais : animations"), "relais:agent_events", capability="run_relais"),
    Link(_("Relais : offres d'emploi"), "relais:agent_job_offers", capability="run_relais"),
    Link(_("Relais : rapport d'activité"), "relais:report", capability="run_relais"),
    Link(_("Relais : ressources"), "relais:agent_resources", capability="run_relais"),
    Link(_("Relais : suivi des assistants maternels"), "relais:follow_up", capability="run_relais"),
    Link(_("Mes places libres"), "offers:my_availability", role=Role.CHILDMINDER),
    Link(
        _("Places des établissements"),
        "offers:establishment_list",
        capability="update_establishment",
    ),
    Link(_("Listes AM et établissements"), "offer_lists:index", capability="manage_offer"),
    Link(_("Disponibilités à relancer"), "offers:freshness", capability="manage_offer"),
    Link(_("Le territoire"), "territories:overview", capability="view_territory"),
    Link(_("Observatoire"), "observatory:dashboard", capability="view_observatory"),
    Link(_("Pilotage du service"), "steering:index", capability="view_steering"),
    Link(_("Chiffres clés pour les élus"), "steering:elected", capability="view_steering"),
    Link(_("Réglages"), "territories:appearance", capability="administer_territory"),
    Link(_("Informations des familles"), "information:manage", capability="edit_information"),
    Link(_("Administration technique"), "admin:index", capability="use_admin_site"),
)


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: str  # "page", "true" or "" (the value of aria-current)


def _visible(links, user, can) -> list[tuple[Link, str]]:
    role = getattr(user, "role", None) if user.is_authenticated else None
    return [
        (link, reverse(link.url_name))
        for link in links
        if (link.capability is None or can.get(link.capability))
        and (link.role is None or link.role == role)
    ]


def _section_length(link: Link, url: str, path: str) -> int:
    """How closely `path` belongs to the link's section (0: not at all)."""
    prefixes = [url, *link.section] if url != "/" else list(link.section)
    return max((len(prefix) for prefix in prefixes if path.startswith(prefix)), default=0)


def navigation(request, can) -> dict[str, list[NavItem]]:
    """{"main": [...], "professional": [...]}: the links this user sees, marked."""
    groups = {
        "main": _visible(MAIN, request.user, can),
        "professional": _visible(PROFESSIONAL, request.user, can),
    }
    path = request.path
    # A page that is a link of its own is marked alone; otherwise the closest section
    # wins (/offre/listes/import/3/ is in the lists' section, not in the search's).
    exact = any(url == path for links in groups.values() for _link, url in links)
    lengths = {
        url: 0 if exact else _section_length(link, url, path)
        for links in groups.values()
        for link, url in links
    }
    best = max(lengths.values(), default=0)
    result = {}
    for name, links in groups.items():
        result[name] = [
            NavItem(
                str(link.label),
                url,
                "page" if url == path else ("true" if best and lengths[url] == best else ""),
            )
            for link, url in links
        ]
    return result
