"""The import contracts of `.importlinter` hold on the code, and they do fail on an import
that breaks them: the quality gate (scripts/check runs `lint-imports`) would stop it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LINT = Path(sys.executable).with_name("lint-imports")
# Every module the contracts name, as empty stubs of a package laid out like sppe.
STUBS = (
    "allocation/engine",
    "allocation/scoring",
    "information/fees",
    "observatory/indicators",
    "dossiers",
    "relais",
    "steering",
    "territories",
    "offers",
)


def stub_project(tmp_path: Path, extra: dict[str, str]) -> Path:
    for name in STUBS:
        package = tmp_path / "sppe" / name
        package.mkdir(parents=True, exist_ok=True)
        for parent in [package, *package.relative_to(tmp_path).parents]:
            init = tmp_path / parent / "__init__.py"
            if parent != Path(".") and not init.exists():
                init.write_text("")
    for module, code in extra.items():
        (tmp_path / "sppe" / module / "__init__.py").write_text(code)
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def lint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT), "--no-cache"],
        cwd=path,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(path), "PATH": "/usr/bin:/bin"},
    )


@pytest.mark.slow
def test_the_code_keeps_its_contracts():
    result = subprocess.run(
        [str(LINT), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "module, code, contract",
    [
        ("dossiers", "import sppe.allocation\n", "The single desk imports none"),
        ("allocation/engine", "import django\n", "Pure cores import no Django"),
        ("offers", "from sppe import dossiers\n", "The territory and the offer import none"),
        ("relais", "import sppe.steering\n", "are independent"),
    ],
)
def test_an_import_across_a_contract_fails_the_gate(tmp_path, module, code, contract):
    clean = lint(stub_project(tmp_path / "clean", {}))
    assert clean.returncode == 0, clean.stdout + clean.stderr
    broken = lint(stub_project(tmp_path / "broken", {module: code}))
    assert broken.returncode != 0
    assert f"{contract}" in broken.stdout and "BROKEN" in broken.stdout
