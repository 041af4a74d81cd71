"""A text search's queries for words of every frequency: `python bench/search_words.py` after
`make bench` (BENCH_PROFILES picks the database, as there).

One word each from the most common to the rarest in a sample of the bench's bios, a last
name, an interest, two-word searches and a word in no profile: the first page's queries (both
tiers of the best match) and the count, as the directory runs them, best and worst of three,
in ms. A planner's wrong guess shows here as seconds: a word in every bio and no name once
read the whole table looking for name matches.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import run  # noqa: E402


def main():
    run.setup_django(run.environment())
    from django.conf import settings
    from django.db import connection

    from profiles.pagination import keyset_page
    from profiles.search import SORTS, directory, directory_summary

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, ndoc FROM ts_stat($$SELECT search_vector FROM profiles_profile "
            "TABLESAMPLE SYSTEM (2)$$) ORDER BY ndoc DESC"
        )
        words = cursor.fetchall()
        cursor.execute("SELECT last_name FROM profiles_profile ORDER BY id DESC LIMIT 1")
        last_name = cursor.fetchone()[0]
    ranks = [0, 5, 20, 60, 150, 400, 1000, 2000, len(words) - 50]
    queries = [(word, f"{docs:,} of the sample") for word, docs in (words[i] for i in ranks)]
    queries += [(last_name, "a last name"), ("music", "an interest"), ("zzzzqx", "no profile")]
    queries += [("astronomy chess", "two words"), ("Marcus astronomy", "a name and a word")]
    size = settings.PENPALS_DIRECTORY_PAGE_SIZE
    print("| search | found in | shown | best ms | worst ms |\n|---|---|---:|---:|---:|")
    for q, found_in in queries:
        times = []
        for version in range(3):
            started = time.perf_counter()
            profiles, sort, tiers = directory({"q": q})
            _label, columns, types = SORTS[sort]
            page = keyset_page(tiers, columns, None, size, types)
            # A new version each time: the count is read, not taken from the cache.
            directory_summary(profiles, {"q": q}, pages_version=f"bench-{time.time()}-{version}")
            times.append((time.perf_counter() - started) * 1000)
        print(f"| {q} | {found_in} | {len(page.items)} | {min(times):.1f} | {max(times):.1f} |")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "penpals.settings")
    main()
