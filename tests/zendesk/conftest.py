from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

EXAMPLE = Path(__file__).resolve().parents[2] / "zendesk" / "example"


def run_import(path, *args) -> str:
    out = StringIO()
    call_command("import_zendesk", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def imported(db):
    """The example export, imported; its report."""
    return run_import(EXAMPLE)
