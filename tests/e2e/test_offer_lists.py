"""An agent corrects and imports an AM list in the browser."""

import re

import pytest

from sppe.accounts.enums import Role
from sppe.offers.models import Childminder

from ..factories import (
    TEST_PASSWORD,
    CommuneFactory,
    OrganisationFactory,
    TerritoryFactory,
    UserFactory,
)
from ..offers.lists.generators import am_rows, to_csv
from .conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def setting(transactional_db):
    communes = CommuneFactory.create_batch(3)
    TerritoryFactory(communes=communes)
    # The intercommunal relais: the three communes are the agent's perimeter.
    agent = UserFactory(
        role=Role.AGENT,
        email="agent@exemple.test",
        organisation=OrganisationFactory(communes=communes),
    )
    return communes, agent


def test_agent_fixes_a_line_then_applies(live_server, page, setting, tmp_path):
    communes, agent = setting
    rows = am_rows(communes, 4)
    wrong = [dict(row) for row in rows]
    wrong[2]["Nombre de places"] = "cinq"
    wrong_file = tmp_path / "liste-pmi.csv"
    wrong_file.write_bytes(to_csv(wrong))
    fixed_file = tmp_path / "liste-pmi-corrigee.csv"
    fixed_file.write_bytes(to_csv(rows))

    page.goto(live_server.url + "/offre/listes/")
    page.get_by_label("Adresse e-mail").fill(agent.email)
    page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    assert page.locator("h1").inner_text() == "Listes AM et établissements"
    assert axe_violations(page) == []

    page.get_by_label("Type de liste").select_option(label="Assistants maternels")
    page.get_by_label(re.compile(r"^Fichier")).set_input_files(str(wrong_file))
    page.get_by_role("button", name="Voir l'aperçu des changements").click()
    assert page.locator("h1").inner_text() == "Aperçu de l'import"
    assert "Corrigez ces lignes puis déposez le fichier à nouveau." in (
        page.get_by_role("alert").inner_text()
    )
    assert page.get_by_text(
        "ligne 4, colonne « Nombre de places » : « cinq » n'est pas un nombre entier de 1 à 6"
    ).is_visible()
    assert page.get_by_role("button", name="Appliquer ces changements").count() == 0
    assert axe_violations(page) == []
    assert Childminder.objects.count() == 0

    page.get_by_role("link", name="Déposer le fichier corrigé").click()
    page.get_by_label(re.compile(r"^Fichier")).set_input_files(str(fixed_file))
    page.get_by_role("button", name="Voir l'aperçu des changements").click()
    assert page.locator("h1").inner_text() == "Aperçu de l'import"
    assert axe_violations(page) == []
    page.get_by_role("button", name="Appliquer ces changements").click()
    assert "4 créé(s), 0 modifié(s), 0 inchangé(s)" in page.get_by_role("status").inner_text()
    assert axe_violations(page) == []
    assert Childminder.objects.count() == 4

    # The upload page after a few imports, with its table of recent files.
    page.goto(live_server.url + "/offre/listes/")
    assert page.get_by_role("link", name="liste-pmi-corrigee.csv").is_visible()
    assert axe_violations(page) == []
