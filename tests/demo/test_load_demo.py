"""The real import of France's communes and the demo territory built on it."""

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from sppe.accounts.enums import Role
from sppe.accounts.models import User
from sppe.demo.territory import ACCOUNTS, DEMO_PASSWORD
from sppe.territories.french_data import import_french_territory
from sppe.territories.models import Commune, Territory


@pytest.mark.slow
def test_full_import_then_demo(client, django_db_blocker, db):
    report = import_french_territory(decoupage_dir=settings.DECOUPAGE_ADMINISTRATIF_DIR)
    assert report.communes.created > 34_000
    assert len(report.communes_without_coordinates) < 200
    assert not import_french_territory(decoupage_dir=settings.DECOUPAGE_ADMINISTRATIF_DIR).changed

    call_command("load_demo")
    call_command("load_demo")  # idempotent
    territory = Territory.objects.get()
    assert territory.name == "CC de Vie et Boulogne"
    communes = territory.communes.all()
    assert communes.count() == 15
    assert all(c.latitude is not None for c in communes)
    assert communes.get(insee_code="85003").name == "Aizenay"

    # The desk has its next two commissions and a past one; the demo family's dossier
    # is complete, ready for the upcoming session.
    from sppe.allocation.enums import DeliberationStatus
    from sppe.allocation.models import Deliberation
    from sppe.dossiers.enums import Status
    from sppe.dossiers.models import Application, CommissionSession

    assert CommissionSession.objects.count() == 3
    statuses = list(Deliberation.objects.order_by("session__date").values_list("status", flat=True))
    assert statuses == [DeliberationStatus.VALIDATED, DeliberationStatus.PREPARING]
    family = Application.objects.get(household__account__email="famille@demo.example.org")
    assert family.status == Status.COMPLETE
    assert Application.objects.count() == 73  # with the desk's generated dossiers

    html = client.get(reverse("core:home")).content.decode()
    assert "CC de Vie et Boulogne" in html and "Aizenay" in html

    assert len(ACCOUNTS) == len(Role)  # one demo account per role
    others = User.objects.exclude(email__in=[account.email for account in ACCOUNTS])
    # The other accounts are the generated families of the desk, on the demo domain.
    assert set(others.values_list("role", flat=True)) == {Role.FAMILY}
    assert all(
        email.endswith("@demo.example.org") for email in others.values_list("email", flat=True)
    )
    for account in ACCOUNTS:
        assert client.login(username=account.email, password=DEMO_PASSWORD), account.email
        assert client.get(reverse("accounts:home")).status_code == 200
        overview = client.get(reverse("territories:overview")).status_code
        assert overview == (403 if account.role in (Role.FAMILY, Role.CHILDMINDER) else 200)
        client.logout()


def test_demo_needs_the_communes_first(db):
    with pytest.raises(CommandError, match="import_communes"):
        call_command("load_demo")
    assert not Commune.objects.exists()
