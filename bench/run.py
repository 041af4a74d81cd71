"""`make bench`: the directory's speed on PostgreSQL, for visitors and signed-in writers.

1. Creates the database (BENCH_DATABASE_URL; penpals_bench on 127.0.0.1, or
   penpals_bench_<count> for another BENCH_PROFILES), migrates, imports the real facilities and
   seeds BENCH_PROFILES approved profiles with COPY (once: later runs reuse them), and a writer
   who saved 50 of them.
2. Serves the app with gunicorn, 2 sync workers, production settings, on 127.0.0.1 only.
3. Loads each page with wrk (1 thread, 8 connections, 8 s a row): /healthz, then each page as a
   visitor and as the signed-in writer, and prints requests per second, p50/p99 latency and
   each row's throughput as a ratio to /healthz measured in the same run, against the issue's
   budget; then the memory of each gunicorn worker, and single-request latencies of every page
   rendered (page cache off), from a second server.

Bounded everywhere: a fixed time per row, timeouts on every wait.
"""

import json
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROFILES = int(os.environ.get("BENCH_PROFILES", "100000"))
# One database per size: seeding a million takes minutes, and each size's rows are reused.
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/penpals_bench"
    + ("" if PROFILES == 100_000 else f"_{PROFILES}"),
)
# Production keeps the cache in Redis (several processes share rate limits and pages).
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/15")
PORT = int(os.environ.get("BENCH_PORT", "8799"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
BIN = Path(sys.executable).parent

# The budget: each page's throughput as a share of /healthz's.
WRITER_BUDGET = {"text search": 0.15}
WRITER_DEFAULT_BUDGET = 0.25
VISITOR_BUDGET = 0.5
P99_BUDGET_MS = 50
SINGLE_BUDGET_MS = 100


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
    """Approved, freshly verified profiles across the real facilities, with COPY: a million in
    a few minutes, where bulk_create took an hour."""
    from django.db import connections, transaction
    from django.utils import timezone
    from psycopg.types.json import Jsonb

    from facilities.models import Facility
    from pagecache import BUMP
    from profiles.models import (
        CONSENT_CODE_ALPHABET,
        Interest,
        LookingFor,
        Profile,
        new_public_id,
        new_status_token,
    )
    from profiles.search import refresh_search_vectors

    def consent_code(n):
        digits = []
        for _ in range(8):
            n, digit = divmod(n, len(CONSENT_CODE_ALPHABET))
            digits.append(CONSENT_CODE_ALPHABET[digit])
        return "".join(digits)

    have = Profile.objects.public().count()
    if have >= count:
        # A migration may have rewritten every row since (0013 filled search_keys): measure
        # what autovacuum leaves, not a million dead versions that scans step over.
        with connections["default"].cursor() as cursor:
            cursor.execute("VACUUM ANALYZE profiles_profile")
        print(f"Reusing {have:,} public profiles.")
        return
    facilities = list(Facility.objects.values_list("id", flat=True))
    rng = random.Random(42 + have)
    words = vocabulary(rng)
    now, today = timezone.now(), timezone.localdate()
    interests, looking_for = Interest.values, LookingFor.values[:4]  # each a property
    connection = connections["default"]  # not the proxy: it is asked for every value
    # Every column but the id and the search document, as the ORM would write it (defaults
    # such as the public id and the status token included).
    fields = [
        f for f in Profile._meta.concrete_fields if not f.primary_key and f.name != "search_vector"
    ]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    # Columns every row shares, as the ORM writes them, prepared once: a model instance and
    # forty prepared values a row took most of the time.
    shared = Profile(status="approved", expires_at=now + timedelta(days=365))
    row = {f.attname: f.get_db_prep_save(f.pre_save(shared, True), connection) for f in fields}
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        # The page cache's triggers would bump its version once a row: once at the end will do.
        cursor.execute("ALTER TABLE profiles_profile DISABLE TRIGGER USER")
        # Indexes are built once at the end, much faster than kept up row by row (unique
        # constraints' indexes stay).
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'profiles_profile' "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint "
            "WHERE conrelid = 'profiles_profile'::regclass)"
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        with cursor.cursor.copy(f"COPY profiles_profile ({columns}) FROM STDIN") as copy:
            for n in range(have, count):
                published = now - timedelta(minutes=rng.randint(0, 170 * 24 * 60))
                release = (
                    today + timedelta(days=rng.randint(30, 4000)) if rng.random() < 0.6 else None
                )
                row.update(
                    public_id=new_public_id(),
                    status_token=new_status_token(),
                    # Random codes collide by the million (25^8): these are unique by number.
                    consent_code=consent_code(n),
                    first_name=rng.choice(FIRST),
                    last_name=f"{rng.choice(LAST)}{n}",
                    inmate_number=f"{1000000 + n}",
                    facility_id=rng.choice(facilities),
                    date_of_birth=date(today.year - rng.randint(19, 70), rng.randint(1, 12), 10),
                    gender=rng.choice(["man", "man", "woman", "nonbinary"]),
                    bio=bio(rng, words),
                    interests=Jsonb(rng.sample(interests, 3)),
                    languages=Jsonb(["english"] + (["spanish"] if rng.random() < 0.2 else [])),
                    looking_for=Jsonb(rng.sample(looking_for, 2)),
                    release_date=release,
                    release_date_kind="earliest" if release else "unknown",
                    submitter_email=f"bench{n}@example.invalid",
                    published_at=published,
                    verified_at=published + (now - published) * rng.random(),
                )
                assert len(row) == len(fields), "a column name above is not the model's"
                copy.write_row(list(row.values()))
        print(f"Copied {count - have:,} profiles in {time.perf_counter() - started:.0f} s.")
        started = time.perf_counter()
        refresh_search_vectors(Profile.objects.filter(search_vector__isnull=True))
        # The foreign keys are checked now, not at commit: ALTER TABLE refuses pending checks.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE profiles_profile ENABLE TRIGGER USER")
        cursor.execute(BUMP)
    print(f"Search vectors in {time.perf_counter() - started:.0f} s.")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # The UPDATE left a dead copy of every row: compact the table, then build the indexes.
        cursor.execute("VACUUM FULL profiles_profile")
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        cursor.execute("VACUUM ANALYZE")
    seconds = time.perf_counter() - started
    print(f"VACUUM FULL, {len(indexes)} indexes built and ANALYZE in {seconds:.0f} s.")


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
    """Each row's paths: the state filter alternates two states, the text search a word in
    about 3 % of bios (ranked) and a last name, the profile page 50 random public profiles."""
    from django.db import connection

    from profiles.models import Profile
    from profiles.pagination import encode

    public = Profile.objects.public()
    ordered = public.order_by("-published_at", "-id").values_list("published_at", "id")
    deep = ordered[PROFILES // 2 - 1]
    with connection.cursor() as cursor:
        # A random sample without sorting a million rows.
        cursor.execute(
            "SELECT public_id FROM profiles_profile TABLESAMPLE SYSTEM (1) "
            "WHERE status = 'approved' LIMIT 50"
        )
        public_ids = [row[0] for row in cursor.fetchall()]
    return {
        "/healthz": ["/healthz"],
        "directory, first page": ["/profiles/"],
        DEEP: [f"/profiles/?after={encode(deep)}"],
        "directory, state filter": ["/profiles/?state=CA", "/profiles/?state=TX"],
        "text search": ["/profiles/?q=astronomy", "/profiles/?q=Okafor1234"],
        "profile page": [f"/profiles/{pid}/" for pid in public_ids],
    }


DEEP = f"directory, deep page (row {PROFILES // 2:,})"


def wait_until_up(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz in time.")


# wrk's script: the row's paths in turn, and one JSON line of results at the end.
WRK_SCRIPT = """
local paths = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\n{"requests": %%d, "seconds": %%f, "p50_ms": %%f, "p99_ms": %%f, "errors": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout + e.status))
end
"""


def wrk(paths, seconds, headers=()):
    """Loads `paths` in turn for `seconds` with wrk; the results as a dict."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "-s", script.name,
               "-H", "Host: 127.0.0.1"]  # fmt: skip
    for header in headers:
        command += ["-H", header]
    try:
        result = subprocess.run(
            [*command, f"http://127.0.0.1:{PORT}"],
            capture_output=True, text=True, timeout=seconds + 60, check=True,
        )  # fmt: skip
    finally:
        os.unlink(script.name)
    found = json.loads(result.stdout.strip().splitlines()[-1])
    found["rps"] = found["requests"] / found["seconds"]
    return found


def serve(env, port):
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "penpals.wsgi", "--workers", "2", "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    wait_until_up(port)
    return server


def stop(server):
    server.terminate()
    server.wait(timeout=30)


def worker_rss_mb(server):
    """Resident memory of each gunicorn worker (children of the master), in MB."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def measure(env, paths, session):
    """Every row, as a visitor and as the signed-in writer, with the page cache on (as in
    production); results by (who, row name), and the workers' memory at the end."""
    server = serve(env, PORT)
    cookie = [f"Cookie: sessionid={session}"]
    rows = [("visitor", name, p, ()) for name, p in paths.items()]
    rows += [("writer", name, p, cookie) for name, p in paths.items()]
    try:
        for _, _, page_paths, headers in rows:  # warm caches and connections
            wrk(page_paths, 2, headers)
        results = {(who, name): wrk(p, SECONDS, headers) for who, name, p, headers in rows}
        served = sum(r["requests"] for r in results.values())
        return results, served, worker_rss_mb(server)
    finally:
        stop(server)


def fetch(url):
    with urllib.request.urlopen(
        urllib.request.Request(url, headers={"Host": "127.0.0.1"}), timeout=30
    ) as response:
        return response.read()


def single_requests(env, paths, session):
    """Each page's time for one request at a time, rendered (page cache off), as a visitor
    and as the writer: the row's first path (`?state=CA`, `?q=astronomy`, one profile) once,
    as the first request after a write meets it (no count or card cached), then the median of
    five more. Both workers serve the rows' other paths first: a new process's first page
    (loading templates and translations) is not what a write costs."""
    port = PORT + 1
    server = serve({**env, "PENPALS_PAGE_CACHE_SECONDS": "0"}, port)
    timings = {}
    try:
        # Four at a time, so that both workers serve some: one at a time, one worker may
        # take them all.
        warm_up = [f"http://127.0.0.1:{port}{p[-1]}" for p in paths.values()] * 4
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(fetch, warm_up))
        flush_cache(env)
        for who, headers in (("visitor", {}), ("writer", {"Cookie": f"sessionid={session}"})):
            for name, page_paths in paths.items():
                times = []
                for _ in range(6):
                    request = urllib.request.Request(
                        f"http://127.0.0.1:{port}{page_paths[0]}",
                        headers={"Host": "127.0.0.1", **headers},
                    )
                    started = time.perf_counter()
                    with urllib.request.urlopen(request, timeout=30) as response:
                        response.read()
                    times.append((time.perf_counter() - started) * 1000)
                timings[who, name] = (times[0], statistics.median(times[1:]))
    finally:
        stop(server)
    return timings


def report(results):
    print("\n| page | visitor req/s | p50 ms | p99 ms | ratio | writer req/s | p50 ms | p99 ms "
          "| ratio | budget (visitor / writer) | errors |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    base = {who: results[who, "/healthz"]["rps"] for who in ("visitor", "writer")}
    for name in dict.fromkeys(name for _, name in results):
        v, w = results["visitor", name], results["writer", name]
        ratio_v, ratio_w = v["rps"] / base["visitor"], w["rps"] / base["writer"]
        verdict = ""
        if name != "/healthz":
            budget = WRITER_BUDGET.get(name, WRITER_DEFAULT_BUDGET)
            met = (ratio_v >= VISITOR_BUDGET, ratio_w >= budget, w["p99_ms"] < P99_BUDGET_MS)
            verdict = (
                f"{VISITOR_BUDGET:.2f} {'met' if met[0] else 'MISSED'} / {budget:.2f} "
                f"{'met' if met[1] else 'MISSED'}, p99 < {P99_BUDGET_MS} ms "
                f"{'met' if met[2] else 'MISSED'}"
            )
        print(
            f"| {name} | {v['rps']:.0f} | {v['p50_ms']:.1f} | {v['p99_ms']:.1f} | {ratio_v:.2f} "
            f"| {w['rps']:.0f} | {w['p50_ms']:.1f} | {w['p99_ms']:.1f} | {ratio_w:.2f} "
            f"| {verdict} | {v['errors'] + w['errors']} |"
        )


def report_single(timings):
    print("\nOne request at a time, every page rendered (page cache off), in ms: the first")
    print("request (count and cards not cached yet), then the median of the next five, of the")
    print("row's first path (?state=CA, ?q=astronomy, one profile)\n")
    print("| page | visitor, first | visitor | writer, first | writer | budget |")
    print("|---|---:|---:|---:|---:|---|")
    for name in dict.fromkeys(name for _, name in timings):
        v, w = timings["visitor", name], timings["writer", name]
        met = max(v[1], w[1]) < SINGLE_BUDGET_MS
        verdict = "" if name == "/healthz" else f"{SINGLE_BUDGET_MS} {'met' if met else 'MISSED'}"
        print(f"| {name} | {v[0]:.1f} | {v[1]:.1f} | {w[0]:.1f} | {w[1]:.1f} | {verdict} |")
    first = timings["visitor", "directory, first page"][1]
    deep = timings["visitor", DEEP][1]
    print(f"\nDeep page time / first page time: {deep / first:.2f} (budget: at most 1.5)")


def flush_cache(env):
    subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); "
         "from django.core.cache import cache; cache.clear()"],
        cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "penpals.settings"}, check=True,
    )  # fmt: skip


def main():
    if not shutil.which("wrk"):
        raise SystemExit("make bench needs wrk: sudo apt-get install wrk")
    create_database()
    static_root = tempfile.mkdtemp(prefix="penpals-bench-static-")
    env = environment(STATIC_ROOT=static_root)
    manage("migrate", "--no-input", "-v0", env=env)
    manage("import_facilities", env=env)
    manage("collectstatic", "--no-input", "-v0", env=env)
    setup_django(env)
    seed(PROFILES)
    paths = sample_paths()
    session = bench_writer()

    print(f"\n{PROFILES:,} public profiles, gunicorn 2 sync workers, wrk 1 thread, "
          f"{CONNECTIONS} connections, {SECONDS} s a row, cache {CACHE_URL}; the writer saved "
          f"{WRITER_SAVED} profiles. Page cache on, as in production.")  # fmt: skip
    flush_cache(env)
    results, served, rss = measure(env, paths, session)
    report(results)
    print(f"\nWorker memory (RSS) after {served:,} requests ({served // 2:,} a worker): "
          + ", ".join(f"{mb:.0f} MB" for mb in rss) + " (budget: under 200 MB)")  # fmt: skip
    flush_cache(env)
    report_single(single_requests(env, paths, session))


if __name__ == "__main__":
    main()
