"""Every page of the desk, tried with ids that are not the visitor's: always a 404.

The URL patterns are read from sppe/dossiers/urls.py, so a page added later is tested
without anyone having to remember it.
"""

import pytest
from django.urls import URLPattern, reverse

from sppe.accounts.enums import Role
from sppe.dossiers import services, urls
from sppe.dossiers.enums import DocumentKind
from sppe.dossiers.models import AccessLog, Application, Document

from .factories import make_dossier, upload

WITH_ID = [
    p for p in urls.urlpatterns if isinstance(p, URLPattern) and "pk" in p.pattern.regex.groupindex
]
FAMILY_PAGES = [p.name for p in WITH_ID if p.name.startswith(("family_", "application_"))]
AGENT_PAGES = [p.name for p in WITH_ID if p.name.startswith("agent_")]


def test_every_page_with_an_id_is_covered():
    assert {p.name for p in WITH_ID} == set(FAMILY_PAGES) | set(AGENT_PAGES)
    assert len(FAMILY_PAGES) >= 8 and len(AGENT_PAGES) >= 5


def _target(name, application, document):
    return document.pk if "document" in name and "upload" not in name else application.pk


@pytest.fixture
def victim(dossier):
    document = services.document_upload(
        household=dossier.household,
        kind=DocumentKind.INCOME,
        uploaded_file=upload(),
        by=dossier.household.account,
    )
    return dossier, document


def _snapshot():
    return (
        list(Application.objects.values_list("pk", "status", "version")),
        list(Document.objects.values_list("pk", flat=True)),
    )


@pytest.mark.parametrize("name", FAMILY_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_family_gets_404_everywhere(client, victim, other_family, name, method):
    application, document = victim
    before = _snapshot()
    client.force_login(other_family)
    url = reverse(f"dossiers:{name}", args=[_target(name, application, document)])
    data = {"version": application.version, "kind": DocumentKind.INCOME, "file": upload()}
    response = getattr(client, method)(url, data if method == "post" else None)
    # 405: the page does not take this method, whatever the id (nothing revealed).
    assert response.status_code in (404, 405), (name, method)
    assert _snapshot() == before


@pytest.mark.parametrize("name", AGENT_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_agent_outside_the_perimeter_gets_404(
    client, make_user, communes, creches, name, method
):
    # The household lives in the second commune: outside the agent's organisation.
    application = make_dossier(commune=communes[1], establishments=creches)
    services.application_submit(application=application, by=application.household.account)
    document = services.document_upload(
        household=application.household,
        kind=DocumentKind.INCOME,
        uploaded_file=upload(),
        by=application.household.account,
    )
    before = _snapshot()
    agent = make_user(Role.AGENT)
    client.force_login(agent)
    url = reverse(f"dossiers:{name}", args=[_target(name, application, document)])
    data = {"version": application.version, "kind": DocumentKind.INCOME, "file": upload()}
    response = getattr(client, method)(url, data if method == "post" else None)
    assert response.status_code in (404, 405), (name, method)
    assert _snapshot() == before
    assert not AccessLog.objects.exists()


def test_a_family_draft_is_not_shown_to_agents(client, agent, dossier):
    client.force_login(agent)
    assert client.get(reverse("dossiers:agent_detail", args=[dossier.pk])).status_code == 404
    services.application_submit(application=dossier, by=dossier.household.account)
    assert client.get(reverse("dossiers:agent_detail", args=[dossier.pk])).status_code == 200


@pytest.mark.parametrize("name", AGENT_PAGES)
def test_families_cannot_open_agents_pages(client, dossier, name):
    client.force_login(dossier.household.account)
    url = reverse(f"dossiers:{name}", args=[dossier.pk])
    assert client.get(url).status_code in (403, 405)
    assert client.post(url, {"version": dossier.version}).status_code == 403


@pytest.mark.parametrize("name", FAMILY_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, dossier, name):
    url = reverse(f"dossiers:{name}", args=[dossier.pk])
    response = client.post(url, {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
