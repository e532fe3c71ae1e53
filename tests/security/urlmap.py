"""Every URL of the project with the rule it must follow, and a way to list them.

`all_url_names()` reads the URL resolver itself, so a page added without a rule here
makes tests/security/test_url_access.py fail until someone decides who may open it.
"""

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

from sppe.accounts.enums import Role
from sppe.accounts.perms import ROLES_BY_CAPABILITY, Capability

from ..relais.factories import relais_world
from .conftest import WELCOME, availability_token, family_login_token

PUBLIC = "public"
ANY_USER = "any logged-in user"
GET, POST = "GET", "POST"


@dataclass(frozen=True)
class Rule:
    who: object  # PUBLIC, ANY_USER, a Capability or a frozenset of roles
    methods: frozenset = frozenset({GET})
    kwargs: object = None  # world -> reverse() kwargs
    ok: frozenset = field(default_factory=lambda: frozenset({200}))  # GET answers when allowed
    anonymous_to: str = "accounts:login"  # where an anonymous visitor is sent

    @property
    def roles(self) -> frozenset:
        if self.who == PUBLIC or self.who == ANY_USER:
            return frozenset(Role)
        if isinstance(self.who, Capability):
            return ROLES_BY_CAPABILITY[self.who]
        return frozenset(self.who)


BOTH = frozenset({GET, POST})
POST_ONLY = frozenset({POST})


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


RULES: dict[str, Rule] = {
    # Public pages
    "core:home": Rule(PUBLIC),
    "core:healthz": Rule(PUBLIC),
    "core:legal_notice": Rule(PUBLIC),
    "core:personal_data": Rule(PUBLIC),
    "core:accessibility": Rule(PUBLIC),
    "accounts:login": Rule(PUBLIC, BOTH),
    "accounts:signup": Rule(PUBLIC, BOTH),
    "accounts:link_request": Rule(PUBLIC, BOTH),
    "accounts:link_sent": Rule(PUBLIC),
    "accounts:magic_login": Rule(
        PUBLIC, BOTH, lambda w: {"token": family_login_token(w.users[Role.FAMILY])}
    ),
    "offers:search": Rule(PUBLIC),
    "offers:childminder": Rule(PUBLIC, kwargs=_pk("childminder")),
    "offers:establishment": Rule(PUBLIC, kwargs=_pk("establishment")),
    "offers:mam": Rule(PUBLIC, kwargs=_pk("mam")),
    "offers:availability_request": Rule(PUBLIC, BOTH),
    "offers:availability_link": Rule(
        PUBLIC, BOTH, lambda w: {"token": availability_token(w.childminder)}
    ),
    "opendata:index": Rule(PUBLIC),
    "opendata:download": Rule(PUBLIC, kwargs=lambda w: {"slug": "scdl-equipements", "fmt": "csv"}),
    "api:index": Rule(PUBLIC),
    "api:offer_list": Rule(PUBLIC),
    "api:offer_detail": Rule(
        PUBLIC, kwargs=lambda w: {"kind": "childminder", "pk": w.childminder.pk}
    ),
    "api:openapi": Rule(PUBLIC),
    "information:index": Rule(PUBLIC),
    "information:modes": Rule(PUBLIC),
    "information:moments": Rule(PUBLIC),
    "information:moment": Rule(PUBLIC, kwargs=lambda w: {"slug": "grossesse"}),
    "information:lexicon": Rule(PUBLIC),
    "information:contacts": Rule(PUBLIC),
    "information:simulator": Rule(PUBLIC),
    "information:easy_read": Rule(PUBLIC, kwargs=lambda w: {"page": "simulateur"}),
    "information:guide_pdf": Rule(PUBLIC),
    "campaigns:confirm": Rule(PUBLIC, BOTH, lambda w: {"token": w.confirmation.token}),
    # Django's language switch answers GET with a redirect and sets nothing.
    "set_language": Rule(PUBLIC, BOTH, ok=frozenset({302})),
    # Log-out takes POST only (a link or an image must not log anyone out).
    "accounts:logout": Rule(PUBLIC, POST_ONLY),
    # Any account
    "accounts:home": Rule(ANY_USER),
    # Families
    "accounts:password_set": Rule(Capability.APPLY, BOTH),
    "dossiers:family_home": Rule(Capability.APPLY),
    "dossiers:application_create": Rule(Capability.APPLY, BOTH),
    "dossiers:family_detail": Rule(Capability.APPLY, kwargs=_pk("dossier")),
    "dossiers:family_situation": Rule(Capability.APPLY, BOTH, _pk("dossier")),
    "dossiers:family_request": Rule(Capability.APPLY, BOTH, _pk("dossier")),
    "dossiers:family_documents": Rule(Capability.APPLY, BOTH, _pk("dossier")),
    # A filed dossier has nothing left to file: the page sends back to the dossier.
    "dossiers:family_submit": Rule(Capability.APPLY, BOTH, _pk("dossier"), frozenset({302})),
    "dossiers:family_withdraw": Rule(Capability.APPLY, BOTH, _pk("dossier")),
    "dossiers:family_document": Rule(Capability.APPLY, kwargs=_pk("document")),
    "dossiers:family_document_delete": Rule(Capability.APPLY, POST_ONLY, _pk("document")),
    "offers:shared_care": Rule(Capability.SHARE_HOME_CARE),
    "offers:shared_care_create": Rule(Capability.SHARE_HOME_CARE, BOTH),
    "offers:shared_care_withdraw": Rule(Capability.SHARE_HOME_CARE, POST_ONLY, _pk("ad")),
    "offers:shared_care_contact": Rule(Capability.SHARE_HOME_CARE, POST_ONLY, _pk("ad")),
    # Childminders: their own availability; a visitor is offered the magic link.
    "offers:my_availability": Rule(
        frozenset({Role.CHILDMINDER}), BOTH, anonymous_to="offers:availability_request"
    ),
    # Professionals
    "territories:overview": Rule(Capability.VIEW_TERRITORY),
    "territories:appearance": Rule(Capability.ADMINISTER_TERRITORY, BOTH),
    "campaigns:stats": Rule(Capability.VIEW_TERRITORY),
    "offers:establishment_list": Rule(Capability.UPDATE_ESTABLISHMENT),
    "offers:establishment_availability": Rule(
        Capability.UPDATE_ESTABLISHMENT, BOTH, _pk("establishment")
    ),
    "offers:freshness": Rule(Capability.MANAGE_OFFER, BOTH),
    "offer_lists:index": Rule(Capability.MANAGE_OFFER, BOTH),
    "offer_lists:preview": Rule(Capability.MANAGE_OFFER, kwargs=_pk("offer_import")),
    "offer_lists:apply": Rule(Capability.MANAGE_OFFER, POST_ONLY, _pk("offer_import")),
    "offer_lists:refresh": Rule(Capability.MANAGE_OFFER, POST_ONLY, _pk("offer_import")),
    "offer_lists:template": Rule(
        Capability.MANAGE_OFFER, kwargs=lambda w: {"kind": "am", "file_format": "csv"}
    ),
    "offer_lists:export": Rule(
        Capability.MANAGE_OFFER, kwargs=lambda w: {"kind": "am", "file_format": "csv"}
    ),
    "information:manage": Rule(Capability.EDIT_INFORMATION),
    "information:manage_text": Rule(
        Capability.EDIT_INFORMATION, BOTH, lambda w: {"key": WELCOME, "language": "fr"}
    ),
    "information:manage_text_delete": Rule(
        Capability.EDIT_INFORMATION, POST_ONLY, lambda w: {"key": WELCOME, "language": "fr"}
    ),
    "information:manage_contact_new": Rule(Capability.EDIT_INFORMATION, BOTH),
    "information:manage_contact": Rule(Capability.EDIT_INFORMATION, BOTH, _pk("contact")),
    "information:manage_contact_delete": Rule(
        Capability.EDIT_INFORMATION, POST_ONLY, _pk("contact")
    ),
    "information:manage_guide": Rule(Capability.EDIT_INFORMATION, POST_ONLY),
    "dossiers:agent_queue": Rule(Capability.PROCESS_DOSSIERS),
    "dossiers:agent_create": Rule(Capability.PROCESS_DOSSIERS, BOTH),
    "dossiers:agent_detail": Rule(Capability.PROCESS_DOSSIERS, kwargs=_pk("dossier")),
    "dossiers:agent_edit": Rule(Capability.PROCESS_DOSSIERS, BOTH, _pk("dossier")),
    "dossiers:agent_transition": Rule(Capability.PROCESS_DOSSIERS, POST_ONLY, _pk("dossier")),
    "dossiers:agent_note": Rule(Capability.PROCESS_DOSSIERS, POST_ONLY, _pk("dossier")),
    "dossiers:agent_document_upload": Rule(Capability.PROCESS_DOSSIERS, POST_ONLY, _pk("dossier")),
    "dossiers:agent_document": Rule(Capability.PROCESS_DOSSIERS, kwargs=_pk("document")),
    "campaigns:list": Rule(Capability.PROCESS_DOSSIERS, BOTH),
    "campaigns:detail": Rule(Capability.PROCESS_DOSSIERS, kwargs=_pk("campaign")),
    "campaigns:cancel": Rule(Capability.PROCESS_DOSSIERS, POST_ONLY, _pk("campaign")),
    "campaigns:record_answer": Rule(
        Capability.PROCESS_DOSSIERS,
        POST_ONLY,
        lambda w: {"pk": w.campaign.pk, "request_pk": w.confirmation.pk},
    ),
    "campaigns:reinstate": Rule(
        Capability.PROCESS_DOSSIERS,
        POST_ONLY,
        lambda w: {"pk": w.campaign.pk, "request_pk": w.confirmation.pk},
    ),
    "campaigns:births": Rule(Capability.PROCESS_DOSSIERS),
    # Relais petite enfance: booking without an account, managed from the e-mail's link.
    "relais:booking": Rule(PUBLIC),
    "relais:book": Rule(PUBLIC, BOTH, lambda w: {"pk": relais_world(w)["slot"].pk}),
    "relais:appointment_manage": Rule(PUBLIC, kwargs=lambda w: {"token": relais_world(w)["token"]}),
    "relais:appointment_cancel": Rule(
        PUBLIC, POST_ONLY, lambda w: {"token": relais_world(w)["token"]}
    ),
    "relais:appointment_move": Rule(PUBLIC, BOTH, lambda w: {"token": relais_world(w)["token"]}),
    "relais:appointment_ics": Rule(PUBLIC, kwargs=lambda w: {"token": relais_world(w)["token"]}),
    "relais:agent_agenda": Rule(Capability.RUN_RELAIS),
    "relais:agent_permanences": Rule(Capability.RUN_RELAIS, BOTH),
    "relais:agent_closures": Rule(Capability.RUN_RELAIS, BOTH),
    "relais:agent_book": Rule(
        Capability.RUN_RELAIS, BOTH, lambda w: {"pk": relais_world(w)["slot"].pk}
    ),
    "relais:contacts": Rule(Capability.RUN_RELAIS, BOTH),
    "relais:events": Rule(PUBLIC),
    "relais:events_feed": Rule(PUBLIC),
    "relais:event": Rule(PUBLIC, BOTH, lambda w: {"pk": relais_world(w)["event"].pk}),
    "relais:registration_manage": Rule(
        PUBLIC, BOTH, lambda w: {"token": relais_world(w)["registration_token"]}
    ),
    "relais:agent_events": Rule(Capability.RUN_RELAIS, BOTH),
    "relais:registration_feedback": Rule(
        PUBLIC, BOTH, lambda w: {"token": relais_world(w)["registration_token"]}
    ),
    "relais:job_offer_new": Rule(PUBLIC, BOTH),
    "relais:job_offer_manage": Rule(
        PUBLIC, BOTH, lambda w: {"token": relais_world(w)["job_offer_token"]}
    ),
    "relais:job_offer_answer": Rule(
        PUBLIC, BOTH, lambda w: {"token": relais_world(w)["job_answer_token"]}
    ),
    "relais:agent_job_offers": Rule(Capability.RUN_RELAIS),
    "relais:report": Rule(Capability.RUN_RELAIS),
    "relais:report_csv": Rule(Capability.RUN_RELAIS),
    "relais:resources": Rule(PUBLIC),
    "relais:resource_file": Rule(PUBLIC, kwargs=lambda w: {"pk": relais_world(w)["resource"].pk}),
    "relais:agent_resources": Rule(Capability.RUN_RELAIS, BOTH),
    "relais:follow_up": Rule(Capability.RUN_RELAIS),
    "relais:outreach_csv": Rule(Capability.RUN_RELAIS),
    "relais:report_file": Rule(Capability.RUN_RELAIS, kwargs=lambda w: {"file_format": "pdf"}),
    "relais:agent_job_offer_moderate": Rule(
        Capability.RUN_RELAIS, POST_ONLY, lambda w: {"pk": relais_world(w)["job_offer"].pk}
    ),
    "relais:agent_attendance": Rule(
        Capability.RUN_RELAIS, BOTH, lambda w: {"pk": relais_world(w)["event"].pk}
    ),
    "relais:agent_cancel": Rule(
        Capability.RUN_RELAIS, POST_ONLY, lambda w: {"pk": relais_world(w)["appointment"].pk}
    ),
}


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield namespace + (pattern.name or f"<unnamed {pattern.pattern}>"), pattern


def all_url_names() -> set[str]:
    return {name for name, _pattern in _walk(get_resolver().url_patterns)}


def admin_patterns() -> dict[str, URLPattern]:
    return {name: p for name, p in _walk(get_resolver().url_patterns) if name.startswith("admin:")}


def project_url_names() -> set[str]:
    return {name for name in all_url_names() if not name.startswith("admin:")}
