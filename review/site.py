"""A production-like Penpals for looking at pages: `make screenshots` and `make lighthouse`.

Builds a throwaway SQLite site in review/.site/ (migrations, the real facilities, the demo
profiles, and a signed-in writer with letters), collects static files, and serves it with
gunicorn under production settings (DEBUG off, hashed and compressed static files). Photos are
served from MEDIA_ROOT by review/wsgi.py, as a production web server would serve them.

Pages are reached at http://localhost:PORT: Chromium keeps the Secure session and CSRF cookies
that production settings ask for on localhost, not on 127.0.0.1.
"""

import contextlib
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / "review" / ".site"
PORT = int(os.environ.get("REVIEW_PORT", "8791"))
BASE_URL = f"http://localhost:{PORT}"
WRITER_EMAIL = "reviewer@penpals.test"
WRITER_PASSWORD = "a reviewer's long password"


def environment(**extra):
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{STATE / 'db.sqlite3'}",
        "CACHE_URL": "locmemcache://review",
        "MEDIA_ROOT": str(STATE / "media"),
        "STATIC_ROOT": str(STATE / "static"),
        "DEBUG": "false",
        "SECRET_KEY": "review-" + secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "EMAIL_URL": "consolemail://",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def manage(*args, **extra):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(**extra),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def build():
    """The site's data and static files, made once (delete review/.site to start again)."""
    STATE.mkdir(parents=True, exist_ok=True)
    manage("migrate", "--no-input")  # every time: the branch may have new migrations
    if not (STATE / "ready").exists():
        manage("import_facilities")
        manage("load_demo", DEBUG="true")  # demo data is made in development mode only
        subprocess.run(
            [sys.executable, "-c", "import django; django.setup(); import review.seed"],
            cwd=ROOT,
            env=environment(DJANGO_SETTINGS_MODULE="penpals.settings"),
            check=True,
        )
        (STATE / "ready").touch()
    manage("collectstatic", "--no-input", "--clear")


@contextlib.contextmanager
def served():
    """Build the site, serve it with gunicorn on localhost, and stop it afterwards."""
    build()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "review.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=environment(),
    )
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{BASE_URL}/healthz", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("The review server did not start.")
        yield BASE_URL
    finally:
        server.terminate()
        server.wait(timeout=10)
