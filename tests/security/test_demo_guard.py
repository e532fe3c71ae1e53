"""`load_demo` rewrites the territory and creates accounts with a published password:
it runs only on an instance declared a demonstration (SPPE_DEMO=1)."""

import pytest
from django.core.management import CommandError, call_command

from sppe.accounts.models import User
from sppe.territories.models import Territory

from ..factories import CommuneFactory, TerritoryFactory


def test_load_demo_refuses_an_instance_that_is_not_a_demo(settings, db):
    settings.DEMO = False
    territory = TerritoryFactory(name="Commune de Production", communes=[CommuneFactory()])
    with pytest.raises(CommandError, match="n'est pas une démonstration"):
        call_command("load_demo")
    assert list(Territory.objects.values_list("pk", "name")) == [
        (territory.pk, "Commune de Production")
    ]
    assert not User.objects.exists()


def test_the_demo_script_declares_a_demo():
    from pathlib import Path

    script = (Path(__file__).resolve().parents[2] / "scripts" / "demo").read_text()
    assert "export SPPE_DEMO=1" in script
    assert script.index("export SPPE_DEMO=1") < script.index("load_demo")
