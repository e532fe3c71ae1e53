"""Validation gaps and family wording of the single desk (issue 15): a dossier needs at least
one dependent child, a second document of a kind says it is the second one, the family reads
its reasons in the second person, an unborn child is "un enfant à naître", sizes in Ko."""

import pytest
from django.urls import reverse

from sppe.dossiers import selectors, services
from sppe.dossiers.enums import DocumentKind, ParentActivity, Status
from sppe.dossiers.forms import SituationForm
from sppe.dossiers.models import Application, Household
from sppe.dossiers.states import Reason

from .factories import expected_twins, make_dossier, upload

pytestmark = pytest.mark.django_db


def test_a_dossier_with_no_dependent_child_is_refused(communes, creches):
    with pytest.raises(services.DossierError, match="Comptez au moins un enfant à charge"):
        make_dossier(commune=communes[0], establishments=creches, dependent_children=0)
    assert not Application.objects.exists()
    assert not Household.objects.exists()


def test_the_situation_form_says_why_zero_dependent_child_is_refused(territory):
    form = SituationForm(data={"dependent_children": "0"}, territory=territory)
    assert not form.is_valid()
    assert form.errors["dependent_children"] == [
        "Comptez au moins un enfant à charge : l'enfant de cette demande compte, même s'il "
        "n'est pas encore né."
    ]


def test_a_second_employment_certificate_is_asked_for_as_the_second(dossier, agent):
    # Two working parents: two certificates. With one of them sent, the message says so
    # instead of "il manque attestation d'emploi" while one is there.
    household = dossier.household
    assert household.parent1_activity == household.parent2_activity == ParentActivity.EMPLOYED
    for kind in (DocumentKind.PROOF_OF_ADDRESS, DocumentKind.INCOME, DocumentKind.BIRTH):
        services.document_upload(
            household=household, kind=kind, uploaded_file=upload(), by=household.account
        )
    services.document_upload(
        household=household,
        kind=DocumentKind.EMPLOYMENT,
        uploaded_file=upload(),
        by=household.account,
    )
    assert selectors.missing_document_texts(dossier) == [
        "Attestation d'emploi, de formation ou de recherche : 1 reçue sur 2"
    ]
    services.application_submit(application=dossier, by=household.account)
    with pytest.raises(services.DossierError) as error:
        services.application_transition(application=dossier, to=Status.COMPLETE, by=agent)
    assert str(error.value) == (
        "Le dossier ne peut pas être complet. Pièces manquantes : Attestation d'emploi, de "
        "formation ou de recherche : 1 reçue sur 2."
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED
    # French: none received is singular too.
    household.documents.filter(kind=DocumentKind.EMPLOYMENT).delete()
    assert selectors.missing_document_texts(dossier) == [
        "Attestation d'emploi, de formation ou de recherche : 0 reçue sur 2"
    ]


def test_the_family_reads_its_reasons_in_the_second_person(client, dossier):
    client.force_login(dossier.household.account)
    url = reverse("dossiers:family_withdraw", args=[dossier.pk])
    page = client.get(url).content.decode()
    assert "Vous avez trouvé un autre mode d&#x27;accueil" in page
    assert "La famille a trouvé" not in page
    client.post(url, {"version": dossier.version, "reason": Reason.FOUND_OTHER_CARE})
    page = client.get(reverse("dossiers:family_detail", args=[dossier.pk])).content.decode()
    assert "Motif : Vous avez trouvé un autre mode d&#x27;accueil" in page


def test_an_unborn_child_is_an_enfant_a_naitre(client, communes, creches):
    dossier = make_dossier(commune=communes[0], establishments=creches, children=expected_twins())
    client.force_login(dossier.household.account)
    page = client.get(reverse("dossiers:family_home")).content.decode()
    assert "Pour un enfant à naître, un enfant à naître" in page
    assert "Pour Enfant à naître" not in page


def test_document_sizes_are_in_ko(client, dossier):
    household = dossier.household
    services.document_upload(
        household=household,
        kind=DocumentKind.INCOME,
        uploaded_file=upload(content=b"%PDF-1.4\n" + b"x" * 12_400),
        by=household.account,
    )
    client.force_login(household.account)
    page = client.get(reverse("dossiers:family_documents", args=[dossier.pk])).content.decode()
    assert "(12\u00a0Ko)" in page
    assert "Kio" not in page and "KB" not in page
