import shutil
from pathlib import Path

import pytest

from sppe.information.fees.periods import DATA_DIR


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the rule tables, to add a period the way a maintainer would."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target
