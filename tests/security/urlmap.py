"""Every URL of the project with the rule it must follow, and a way to list them.

`all_url_names()` reads the URL resolver itself, so a page added without a rule here
makes tests/security/test_url_access.py fail until someone decides who may open it.
"""

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

from sppe.accounts.enums import Role
from sppe.accounts.perms import Capability

from ..relais.factories import relais_world
from .conftest import WELCOME, availability_token, family_login_token

# Who holds each capability, written here by hand: the production table (perms.py) is
# what these tests check, so they never read it. A capability widened by mistake
# there opens a page to a role listed as refused here, and the role matrix fails.
_PROFESSIONALS_WHO_SEE_THE_TERRITORY = frozenset(
    {Role.AGENT, Role.CRECHE_MANAGER, Role.COMMISSION_MEMBER, Role.ELECTED, Role.TERRITORY_ADMIN}
)
EXPECTED_ROLES = {
    Capability.VIEW_TERRITORY: _PROFESSIONALS_WHO_SEE_THE_TERRITORY,
    Capability.ADMINISTER_TERRITORY: frozenset({Role.TERRITORY_ADMIN}),
    Capability.USE_ADMIN_SITE: frozenset({Role.TERRITORY_ADMIN}),
    Capability.MANAGE_OFFER: frozenset({Role.AGENT, Role.TERRITORY_ADMIN}),
    Capability.UPDATE_ESTABLISHMENT: frozenset(
        {Role.CRECHE_MANAGER, Role.AGENT, Role.TERRITORY_ADMIN}
    ),
    Capability.EDIT_INFORMATION: frozenset({Role.AGENT, Role.TERRITORY_ADMIN}),
    Capability.SHARE_HOME_CARE: frozenset({Role.FAMILY}),
    Capability.APPLY: frozenset({Role.FAMILY}),
    Capability.PROCESS_DOSSIERS: frozenset({Role.AGENT, Role.TERRITORY_ADMIN}),
    Capability.PREPARE_COMMISSION: frozenset({Role.AGENT, Role.TERRITORY_ADMIN}),
    Capability.SIT_ON_COMMISSION: frozenset(
        {Role.COMMISSION_MEMBER, Role.ELECTED, Role.AGENT, Role.TERRITORY_ADMIN}
    ),
    Capability.CONFIRM_ADMISSIONS: frozenset(
        {Role.CRECHE_MANAGER, Role.AGENT, Role.TERRITORY_ADMIN}
    ),
    Capability.RUN_RELAIS: frozenset({Role.AGENT, Role.TERRITORY_ADMIN}),
    Capability.VIEW_OBSERVATORY: frozenset({Role.AGENT, Role.ELECTED, Role.TERRITORY_ADMIN}),
    Capability.MANAGE_OBSERVATORY: frozenset({Role.AGENT, Role.TERRITORY_ADMIN}),
    Capability.STEER: frozenset({Role.AGENT, Role.TERRITORY_ADMIN}),
    Capability.VIEW_STEERING: frozenset({Role.AGENT, Role.ELECTED, Role.TERRITORY_ADMIN}),
}

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
            return EXPECTED_ROLES[self.who]
        return frozenset(self.who)


BOTH = frozenset({GET, POST})
POST_ONLY = frozenset({POST})


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


def _commission(name):
    return lambda w: {"pk": w.commission[name].pk}


def _session(w):
    return {"pk": w.commission["deliberation"].pk}


def _steer(attr):
    return lambda w: {"pk": getattr(w.steering, attr).pk}


RULES: dict[str, Rule] = {
    # Public pages
    "core:home": Rule(PUBLIC),
    "core:healthz": Rule(PUBLIC),
    "core:theme_css": Rule(PUBLIC),
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
    # The allocation commission
    "allocation:grid": Rule(PUBLIC),
    "allocation:results": Rule(PUBLIC, kwargs=_session),
    "allocation:export": Rule(PUBLIC, kwargs=_session),
    "allocation:family_dossier": Rule(Capability.APPLY, kwargs=_pk("dossier")),
    "allocation:offer": Rule(Capability.APPLY, BOTH, _commission("offer")),
    "allocation:appeal": Rule(
        Capability.APPLY,
        BOTH,
        lambda w: {"pk": w.dossier.pk, "deliberation_pk": w.commission["deliberation"].pk},
    ),
    "allocation:letter": Rule(
        Capability.APPLY,
        kwargs=lambda w: {"pk": w.dossier.pk, "deliberation_pk": w.commission["deliberation"].pk},
    ),
    "allocation:sessions": Rule(Capability.SIT_ON_COMMISSION),
    "allocation:session": Rule(Capability.SIT_ON_COMMISSION, kwargs=_session),
    "allocation:session_step": Rule(
        Capability.SIT_ON_COMMISSION,
        POST_ONLY,
        lambda w: {"pk": w.commission["deliberation"].pk, "step": "run"},
    ),
    "allocation:override_add": Rule(Capability.SIT_ON_COMMISSION, POST_ONLY, _session),
    "allocation:override_remove": Rule(
        Capability.SIT_ON_COMMISSION,
        POST_ONLY,
        lambda w: {
            "pk": w.commission["deliberation"].pk,
            "override_pk": w.commission["override"].pk,
        },
    ),
    "allocation:minutes": Rule(Capability.VIEW_TERRITORY, kwargs=_session),
    "allocation:session_create": Rule(Capability.PREPARE_COMMISSION, BOTH),
    "allocation:grid_edit": Rule(Capability.PREPARE_COMMISSION, BOTH),
    "allocation:session_seats": Rule(Capability.PREPARE_COMMISSION, BOTH, _session),
    "allocation:follow_ups": Rule(Capability.PREPARE_COMMISSION),
    "allocation:follow_up_record": Rule(
        Capability.PREPARE_COMMISSION, POST_ONLY, _commission("frozen")
    ),
    "allocation:appeals": Rule(Capability.PREPARE_COMMISSION),
    "allocation:appeal_answer": Rule(
        Capability.PREPARE_COMMISSION, POST_ONLY, _commission("appeal")
    ),
    "allocation:offer_phone": Rule(Capability.PREPARE_COMMISSION, POST_ONLY, _commission("offer")),
    "allocation:admissions": Rule(Capability.CONFIRM_ADMISSIONS),
    "allocation:admission_confirm": Rule(
        Capability.CONFIRM_ADMISSIONS, POST_ONLY, _commission("offer")
    ),
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
    # Observatory: the commune pages take the agent's own commune; snapshots and imports
    # need a perimeter covering the whole territory (an agent limited to one gets 403).
    "observatory:dashboard": Rule(Capability.VIEW_OBSERVATORY),
    "observatory:commune": Rule(
        Capability.VIEW_OBSERVATORY, kwargs=lambda w: {"insee_code": w.communes[0].insee_code}
    ),
    "observatory:export": Rule(
        Capability.VIEW_OBSERVATORY, kwargs=lambda w: {"file_format": "csv"}
    ),
    "observatory:report_pdf": Rule(Capability.VIEW_OBSERVATORY),
    "observatory:commune_pdf": Rule(
        Capability.VIEW_OBSERVATORY, kwargs=lambda w: {"insee_code": w.communes[0].insee_code}
    ),
    "observatory:data": Rule(frozenset({Role.TERRITORY_ADMIN}), BOTH),
    "observatory:registry": Rule(Capability.MANAGE_OBSERVATORY, BOTH),
    "observatory:snapshot": Rule(frozenset({Role.TERRITORY_ADMIN}), POST_ONLY),
    # Steering: read by elected officials too, edited by agents and administrators
    "steering:index": Rule(Capability.VIEW_STEERING),
    "steering:elected": Rule(Capability.VIEW_STEERING),
    "steering:grid": Rule(Capability.VIEW_STEERING),
    "steering:criterion": Rule(
        Capability.STEER, BOTH, lambda w: {"year": w.steering.year, "number": 1}
    ),
    "steering:survey_list": Rule(Capability.STEER, BOTH),
    "steering:survey_detail": Rule(Capability.STEER, kwargs=_steer("survey")),
    "steering:question_add": Rule(Capability.STEER, POST_ONLY, _steer("survey")),
    "steering:question_delete": Rule(Capability.STEER, POST_ONLY, _steer("question")),
    "steering:survey_open": Rule(Capability.STEER, POST_ONLY, _steer("survey")),
    "steering:survey_close": Rule(Capability.STEER, POST_ONLY, _steer("survey")),
    "steering:survey_links": Rule(Capability.STEER, POST_ONLY, _steer("survey")),
    "steering:survey_emails": Rule(Capability.STEER, POST_ONLY, _steer("survey")),
    "steering:survey_results": Rule(Capability.STEER, kwargs=_steer("survey")),
    "steering:survey_export": Rule(Capability.STEER, kwargs=_steer("survey")),
    "steering:survey_answer": Rule(PUBLIC, BOTH, lambda w: {"token": w.steering.invitation.token}),
    "steering:plan_list": Rule(Capability.VIEW_STEERING),
    "steering:plan_create": Rule(Capability.STEER, POST_ONLY),
    "steering:plan": Rule(Capability.VIEW_STEERING, kwargs=_steer("plan")),
    "steering:plan_edit": Rule(
        Capability.STEER, POST_ONLY, lambda w: {"pk": w.steering.plan.pk, "what": "axis"}
    ),
    "steering:plan_export": Rule(
        Capability.VIEW_STEERING,
        kwargs=lambda w: {"pk": w.steering.plan.pk, "file_format": "xlsx"},
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
