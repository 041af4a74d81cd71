"""Every string the site marks for translation has a Spanish translation, checked against a
catalogue made afresh from the code (so a string added without a translation fails here, not in
front of a family), and the compiled catalogue the site reads is the committed one."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
JS_CATALOGUE = CATALOGUE.with_name("djangojs.po")
COMPILED = CATALOGUE.with_suffix(".mo")
# What makemessages reads: the apps, the project package, the templates and the catalogue.
SOURCES = ("penpals", *sorted(apps.parent.name for apps in ROOT.glob("*/apps.py")))
# The same command as the catalogue's header (and the README): tests, tooling and the
# virtualenv hold no page text.
MAKEMESSAGES = [
    "makemessages", "-l", "es", "--no-location", "--ignore=.venv", "--ignore=tests",
    "--ignore=review", "--ignore=bench", "--ignore=staticfiles",
]  # fmt: skip
# The scripts' strings (static/js, read through the site's JavaScript catalogue).
MAKEMESSAGES_JS = [*MAKEMESSAGES, "-d", "djangojs", "--ignore=static/vendor"]


def _gettext_tools():
    missing = [tool for tool in ("xgettext", "msgmerge", "msgfmt") if not shutil.which(tool)]
    if missing:
        message = f"gettext's {', '.join(missing)} not found: sudo apt-get install gettext"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def _statistics(po):
    """(translated, fuzzy, untranslated) as msgfmt counts them."""
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    counts = {
        kind: int(number)
        for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", result.stderr)
    }
    return counts.get("translated", 0), counts.get("fuzzy", 0), counts.get("untranslated", 0)


def _untranslated(po):
    """The msgids of `po` with an empty or fuzzy translation, for the failure message."""
    result = subprocess.run(
        ["msgattrib", "--only-fuzzy", str(po)], capture_output=True, text=True, check=False
    )
    fuzzy = re.findall(r'^msgid "(.+)"$', result.stdout, re.M)
    result = subprocess.run(
        ["msgattrib", "--untranslated", str(po)], capture_output=True, text=True, check=False
    )
    return fuzzy + re.findall(r'^msgid "(.+)"$', result.stdout, re.M)


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory):
    """The committed catalogue, brought up to date with the code by makemessages in a copy of
    the project (the working tree is never touched)."""
    _gettext_tools()
    copy = tmp_path_factory.mktemp("project")
    for name in (*SOURCES, "templates"):
        shutil.copytree(
            ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
        )
    shutil.copytree(ROOT / "static" / "js", copy / "static" / "js")
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    (copy / "locale" / "es" / "LC_MESSAGES").mkdir(parents=True)
    for catalogue in (CATALOGUE, JS_CATALOGUE):
        shutil.copy(catalogue, copy / "locale" / "es" / "LC_MESSAGES" / catalogue.name)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "penpals.settings", "PYTHONPATH": str(copy)}
    for command in (MAKEMESSAGES, MAKEMESSAGES_JS):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=copy,
            env=env,
            check=True,
            capture_output=True,
        )
    return copy / "locale" / "es" / "LC_MESSAGES"


@pytest.mark.parametrize(("name", "at_least"), [("django.po", 500), ("djangojs.po", 15)])
def test_every_string_on_the_site_has_a_spanish_translation(fresh_catalogue, name, at_least):
    fresh_catalogue = fresh_catalogue / name
    translated, fuzzy, untranslated = _statistics(fresh_catalogue)

    left = _untranslated(fresh_catalogue)
    assert (fuzzy, untranslated) == (0, 0), (
        "Strings without a Spanish translation (run makemessages, as in the catalogue's "
        f"header, and translate them in locale/es/LC_MESSAGES/{name}):\n" + "\n".join(left)
    )
    assert translated > at_least  # the check read the real catalogue


def test_the_committed_catalogue_is_complete_and_valid():
    _gettext_tools()

    assert _statistics(CATALOGUE)[1:] == (0, 0)
    assert _statistics(JS_CATALOGUE)[1:] == (0, 0)


def test_the_compiled_catalogue_is_built_from_the_committed_one():
    assert COMPILED.exists() and COMPILED.stat().st_mtime >= CATALOGUE.stat().st_mtime, (
        f"{COMPILED.relative_to(ROOT)} is missing or older than the catalogue: run `make "
        "messages` (make test and make run do it)"
    )
