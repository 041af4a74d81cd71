"""`make bench`: the directory's speed on PostgreSQL with 100,000 approved profiles.

1. Creates the database (BENCH_DATABASE_URL, default penpals_bench on 127.0.0.1), migrates,
   imports the real facilities and seeds 100,000 approved profiles with bulk_create (once:
   later runs reuse them).
2. Serves the app with gunicorn, 2 sync workers, production settings, on 127.0.0.1 only.
3. Loads each page from a second process (bench/load.py) and prints requests per second and
   p50/p99 latency, with each page's throughput as a ratio to /healthz measured in the same run.

Bounded everywhere: a fixed number of requests per page, timeouts on every wait.
"""

import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/penpals_bench"
)
# Production keeps the cache in Redis (several processes share rate limits and pages).
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/15")
PORT = int(os.environ.get("BENCH_PORT", "8799"))
PROFILES = int(os.environ.get("BENCH_PROFILES", "100000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "600"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))
BIN = Path(sys.executable).parent

# The budget: each page's throughput as a share of /healthz's.
BUDGET = {"text search": 0.10}
DEFAULT_BUDGET = 0.25


def environment(**extra):
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "CONN_MAX_AGE": "60",
        "CACHE_URL": CACHE_URL,
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def create_database():
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    server = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def setup_django(env):
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DEBUG", "SECRET_KEY")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "penpals.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# Bios: a few thousand made-up words with a long tail, as real text has, plus real interest
# words that each appear in a few percent of bios (what a search for "astronomy" meets).
INTEREST_WORDS = [
    "astronomy", "carpentry", "chess", "poetry", "gardening", "guitar", "fishing", "painting",
]  # fmt: skip
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "sen", "dar", "bel", "ix", "or", "um"]


def vocabulary(rng, size=4000):
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size)]


def bio(rng, words):
    text = [words[min(int(rng.paretovariate(0.5)) - 1, len(words) - 1)] for _ in range(60)]
    for word in INTEREST_WORDS:
        if rng.random() < 0.03:
            text.insert(rng.randrange(len(text)), word)
    return " ".join(text).capitalize() + "."


FIRST = [
    "Marcus",
    "Andre",
    "Luis",
    "Daniel",
    "Terrence",
    "Jamal",
    "Kevin",
    "Robert",
    "Denise",
    "Tanya",
    "Rosa",
    "Keisha",
    "Maria",
]
LAST = [
    "Holloway",
    "Okafor",
    "Ramirez",
    "Whitfield",
    "Nguyen",
    "Brooks",
    "Castillo",
    "Bennett",
    "Harper",
    "Delgado",
]


def seed(count):
    """Approved, freshly verified profiles across the real facilities, in bulk."""
    from django.db import connection
    from django.utils import timezone

    from facilities.models import Facility
    from profiles.models import Interest, LookingFor, Profile
    from profiles.search import refresh_search_vectors

    have = Profile.objects.public().count()
    if have >= count:
        print(f"Reusing {have} public profiles.")
        return
    facilities = list(Facility.objects.values_list("id", flat=True))
    rng = random.Random(42)
    words = vocabulary(rng)
    now, today = timezone.now(), timezone.localdate()
    started = time.perf_counter()
    batch = []
    for n in range(count - have):
        published = now - timedelta(minutes=rng.randint(0, 170 * 24 * 60))
        release = today + timedelta(days=rng.randint(30, 4000)) if rng.random() < 0.6 else None
        batch.append(
            Profile(
                status="approved",
                first_name=rng.choice(FIRST),
                last_name=f"{rng.choice(LAST)}{n}",
                inmate_number=f"{1000000 + n}",
                facility_id=rng.choice(facilities),
                date_of_birth=date(today.year - rng.randint(19, 70), rng.randint(1, 12), 10),
                gender=rng.choice(["man", "man", "woman", "nonbinary"]),
                bio=bio(rng, words),
                interests=rng.sample(Interest.values, 3),
                languages=["english"] + (["spanish"] if rng.random() < 0.2 else []),
                looking_for=rng.sample(LookingFor.values[:4], 2),
                release_date=release,
                release_date_kind="earliest" if release else "unknown",
                submitter_email=f"bench{n}@example.invalid",
                published_at=published,
                verified_at=published + (now - published) * rng.random(),
                expires_at=now + timedelta(days=365),
            )
        )
        if len(batch) == 5000:
            Profile.objects.bulk_create(batch)
            batch = []
    Profile.objects.bulk_create(batch)
    print(f"Seeded {count - have} profiles in {time.perf_counter() - started:.0f} s.")
    started = time.perf_counter()
    refresh_search_vectors(Profile.objects.all())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Search vectors and ANALYZE in {time.perf_counter() - started:.0f} s.")


WRITER_EMAIL = "bench-writer@example.invalid"
WRITER_SAVED = 50


def bench_writer():
    """The session key of a signed-in writer who saved 50 public profiles (10 of them on the
    directory's first page, so that its stars show there too)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    from accounts.models import SavedProfile, User
    from profiles.models import Profile

    writer = User.objects.filter(email=WRITER_EMAIL).first()
    if writer is None:
        writer = User.objects.create_user(WRITER_EMAIL, secrets.token_urlsafe(20))
    if writer.saved_profiles.count() < WRITER_SAVED:
        public = Profile.objects.public()
        newest = list(public.order_by("-published_at", "-id").values_list("id", flat=True)[:10])
        others = list(public.exclude(id__in=newest).order_by("?").values_list("id", flat=True)[:40])
        writer.saved_profiles.all().delete()
        SavedProfile.objects.bulk_create(
            SavedProfile(user=writer, profile_id=pk) for pk in newest + others
        )
    session = SessionStore()
    session[SESSION_KEY] = str(writer.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = writer.get_session_auth_hash()
    session.create()
    return session.session_key


def sample_paths():
    from profiles.models import Profile
    from profiles.pagination import encode

    public = Profile.objects.public()
    ordered = public.order_by("-published_at", "-id").values_list("published_at", "id")
    deep = ordered[50_000] if public.count() > 50_000 else ordered.last()
    public_ids = list(public.order_by("?").values_list("public_id", flat=True)[:50])
    return {
        "/healthz": ["/healthz"],
        "directory, first page": ["/profiles/"],
        "directory, page 2,000 (row 50,000)": [f"/profiles/?after={encode(deep)}"],
        "directory, state filter": ["/profiles/?state=CA", "/profiles/?state=TX"],
        "text search": ["/profiles/?q=astronomy", "/profiles/?q=Okafor1234"],
        "profile page": [f"/profiles/{pid}/" for pid in public_ids],
    }


def wait_until_up(timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz in time.")


def load(paths, requests):
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load.py"), str(PORT), str(CONCURRENCY),
         str(requests), *paths],
        capture_output=True, text=True, timeout=900, check=True,
    )  # fmt: skip
    return json.loads(result.stdout)


def measure(env, paths):
    """Serve the app with gunicorn under `env` and load every page; results by row name."""
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "penpals.wsgi", "--workers", "2", "--bind",
         f"127.0.0.1:{PORT}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        wait_until_up()
        for page_paths in paths.values():  # warm caches and connections
            load(page_paths, 20)
        return {name: load(page_paths, REQUESTS) for name, page_paths in paths.items()}
    finally:
        server.terminate()
        server.wait(timeout=30)


def report(title, results):
    base = results["/healthz"]["rps"]
    print(f"\n{title}\n")
    print("| page | req/s | p50 ms | p99 ms | ratio to /healthz | budget | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        ratio, budget = r["rps"] / base, BUDGET.get(name, DEFAULT_BUDGET)
        verdict = f"{budget:.2f} {'met' if ratio >= budget else 'MISSED'}"
        if name == "/healthz":
            verdict = ""
        print(
            f"| {name} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
            f"{ratio:.2f} | {verdict} | {r['error_count']} |"
        )
        for error in r["errors"]:
            print(f"    {error}")
    first = results["directory, first page"]["rps"]
    deep = results["directory, page 2,000 (row 50,000)"]["rps"]
    print(f"\nDeep page time / first page time: {first / deep:.2f} (budget: at most 1.5)")


def flush_cache(env):
    subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); "
         "from django.core.cache import cache; cache.clear()"],
        cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "penpals.settings"}, check=True,
    )  # fmt: skip


def main():
    create_database()
    static_root = tempfile.mkdtemp(prefix="penpals-bench-static-")
    env = environment(STATIC_ROOT=static_root)
    manage("migrate", "--no-input", "-v0", env=env)
    manage("import_facilities", env=env)
    manage("collectstatic", "--no-input", "-v0", env=env)
    setup_django(env)
    seed(PROFILES)
    paths = sample_paths()

    print(f"\n{PROFILES:,} public profiles, gunicorn 2 workers, {CONCURRENCY} client threads, "
          f"{REQUESTS} requests per row, cache {CACHE_URL}")  # fmt: skip
    flush_cache(env)
    report("Visitors (not signed in): page cache on, as in production", measure(env, paths))
    flush_cache(env)
    rendered = {**env, "PENPALS_PAGE_CACHE_SECONDS": "0"}
    report(
        "Every page rendered (page cache off: what a signed-in writer or a first visit costs)",
        measure(rendered, paths),
    )


if __name__ == "__main__":
    main()
