"""The Spanish catalogues, compiled for the tests that read Spanish pages.

`make` builds the .mo files (they are not committed); a test run started without it compiles
them here, once, if a .po is newer than its .mo.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"


def _stale():
    for po in LOCALE.glob("*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            return True
    return False


@pytest.fixture(scope="session")
def spanish_catalogues():
    if _stale():
        call_command("compilemessages", locale=["es"], ignore_patterns=[".venv/*"], verbosity=0)
        # Forget any catalogue loaded before the .mo files existed.
        from django.utils.translation import trans_real

        trans_real._translations = {}
        trans_real._default = None
        trans_real._active = trans_real.Local()
