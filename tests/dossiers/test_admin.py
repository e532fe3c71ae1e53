from django.urls import reverse

from sppe.accounts.enums import Role
from sppe.dossiers import services
from sppe.dossiers.enums import Status

from .factories import add_all_documents, commission


def test_admin_freezes_the_list_for_a_commission(client, make_user, dossier, agent):
    services.application_submit(application=dossier, by=dossier.household.account)
    add_all_documents(dossier)
    services.application_transition(application=dossier, to=Status.COMPLETE, by=agent)
    session = commission()
    client.force_login(make_user(Role.TERRITORY_ADMIN, is_superuser=True))
    response = client.post(
        reverse("admin:dossiers_commissionsession_changelist"),
        {"action": "freeze_dossiers", "_selected_action": [session.pk]},
        follow=True,
    )
    assert "1 dossier figé." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.frozen_at is not None
    page = client.get(reverse("admin:dossiers_application_change", args=[dossier.pk]))
    assert page.status_code == 200
