"""Where a signed-in writer's rendered page spends its time: `python bench/profile_render.py`
after `make bench` has seeded its database. Runs in-process through Django's test client
(the whole middleware stack, no server), page cache off, and prints the mean time per page
and cProfile's top functions by cumulative and by own time.

Knobs: BENCH_DATABASE_URL, BENCH_CACHE_URL (as bench/run.py), PROFILE_PATH (/profiles/),
PROFILE_REQUESTS (200), PROFILE_CACHE_SECONDS (0: every page rendered).
"""

import cProfile
import os
import pstats
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    DATABASE_URL=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/penpals_bench"
    ),
    CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/15"),
    DEBUG="false",
    SECRET_KEY=secrets.token_urlsafe(40),
    ALLOWED_HOSTS="127.0.0.1,testserver",
    SECURE_SSL_REDIRECT="false",
    CONN_MAX_AGE="60",
    PENPALS_PAGE_CACHE_SECONDS=os.environ.get("PROFILE_CACHE_SECONDS", "0"),
    DJANGO_SETTINGS_MODULE="penpals.settings",
    # Where bench/run.py collected the static files (production settings need the manifest).
    STATIC_ROOT=os.environ.get("BENCH_STATIC_ROOT", "/tmp/penpals-bench-static"),
)

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from bench.run import bench_writer  # noqa: E402


def main():
    path = os.environ.get("PROFILE_PATH", "/profiles/")
    count = int(os.environ.get("PROFILE_REQUESTS", "200"))
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = bench_writer()
    for _ in range(20):
        assert client.get(path).status_code == 200
    started = time.perf_counter()
    for _ in range(count):
        client.get(path)
    print(f"{path}: {(time.perf_counter() - started) / count * 1000:.1f} ms a page, in-process")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        client.get(path)
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
