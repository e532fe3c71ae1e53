import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sppe.offers.lists.enums import ImportStatus
from sppe.offers.lists.models import OfferListImport
from sppe.offers.models import Childminder, Establishment

from .generators import am_rows, establishment_rows, to_csv, to_xlsx


def run(*args):
    out = io.StringIO()
    call_command("import_offer_list", *args, stdout=out)
    return out.getvalue()


def test_preview_only_then_apply(territory, communes, tmp_path):
    path = tmp_path / "am.csv"
    path.write_bytes(to_csv(am_rows(communes, 3)))
    out = run("--kind", "am", str(path))
    assert "Créés : 3 ; modifiés : 0 ; inchangés : 0" in out
    assert "relancez avec --apply" in out
    assert Childminder.objects.count() == 0

    out = run("--kind", "am", str(path), "--apply")
    assert "Appliqué : 3 créé(s), 0 modifié(s), 0 inchangé(s)." in out
    assert Childminder.objects.count() == 3
    assert OfferListImport.objects.filter(status=ImportStatus.APPLIED, created_by=None).count() == 1

    out = run("--kind", "am", str(path), "--apply")
    assert "Appliqué : 0 créé(s), 0 modifié(s), 3 inchangé(s)." in out


def test_establishments_with_changes_listed(territory, communes, tmp_path):
    path = tmp_path / "etablissements.xlsx"
    rows = establishment_rows(communes, 2)
    path.write_bytes(to_xlsx(rows))
    run("--kind", "establishments", str(path), "--apply")
    rows[1]["Capacité"] = "32"
    path.write_bytes(to_xlsx(rows))
    out = run("--kind", "establishments", str(path), "--apply")
    assert "ligne 3, Multi-accueil n° 1 (850010001) : Capacité : « 30 » → « 32 »" in out
    assert Establishment.objects.get(external_id="850010001").capacity == 32


def test_line_errors_exit_with_code_1(territory, communes, tmp_path):
    path = tmp_path / "am.csv"
    rows = am_rows(communes, 3)
    rows[2]["Nombre de places"] = "cinq"
    path.write_bytes(to_csv(rows))
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_offer_list", "--kind", "am", str(path), "--apply", stdout=out)
    assert error.value.returncode == 1
    assert "rien n'a été modifié" in str(error.value)
    assert (
        "ligne 4, colonne « Nombre de places » : « cinq » n'est pas un nombre entier de 1 à 6"
        in out.getvalue()
    )
    assert Childminder.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "Impossible de lire"),
        (b"Nom;Pays\nA;B\n", "Il manque les colonnes obligatoires"),
    ],
)
def test_file_errors_exit_with_code_1(territory, tmp_path, content, message):
    path = tmp_path / "am.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError, match=message) as error:
        run("--kind", "am", str(path))
    assert error.value.returncode == 1


def test_exit_codes_from_the_shell(territory, communes, tmp_path):
    """The command's status as a shell sees it (CommandError -> exit code 1)."""
    from django.core.management import ManagementUtility

    path = tmp_path / "am.csv"
    path.write_bytes(b"Nom\nx\n")
    utility = ManagementUtility(["manage.py", "import_offer_list", "--kind", "am", str(path)])
    with pytest.raises(SystemExit) as exit_info:
        utility.execute()
    assert exit_info.value.code == 1
