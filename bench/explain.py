"""EXPLAIN (ANALYZE, BUFFERS) of the directory's queries on the bench database:
`python bench/explain.py` after `make bench` (BENCH_PROFILES picks the database, as there).

The queries are the ones the views run (profiles.search.directory, then a keyset page), for the
first page, the deep page, the state filter and the text search (each tier of the best match),
and the count behind "1,284 people" (cached per version of the public pages, so run once after
each write).
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import run  # noqa: E402


def explain(sql, params):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main():
    run.setup_django(run.environment())
    from django.conf import settings
    from django.core.exceptions import EmptyResultSet

    from profiles.pagination import after
    from profiles.search import SORTS, directory, key_matches

    size = settings.PENPALS_DIRECTORY_PAGE_SIZE
    cases = {
        "first page": {},
        f"deep page (row {run.PROFILES // 2:,})": None,
        "state filter (?state=CA)": {"state": "CA"},
        "text search (?q=astronomy)": {"q": "astronomy"},
    }
    limit = settings.PENPALS_DIRECTORY_COUNT_LIMIT
    for title, filters in cases.items():
        profiles, sort, tiers = directory(filters or {})
        columns = SORTS[sort][1]
        ordering = [f"-{name}" if desc else name for name, desc in columns]
        if len(tiers) > 1:
            sql = key_matches(filters["q"]).query.sql_with_params()
            print(f"\n### {title}: name and interest matches\n\n```\n{explain(*sql)}\n```")
        for number, tier in enumerate(tiers, 1):
            page = tier.order_by(*ordering)
            try:
                page.query.sql_with_params()
            except EmptyResultSet:
                print(f"\n### {title}, tier {number} of {len(tiers)}\n\nNo query: none match.")
                continue
            if filters is None:
                row = page.values_list(*[name for name, _ in columns])[run.PROFILES // 2 - 1]
                page = page.filter(after(columns, row))
            name = title if len(tiers) == 1 else f"{title}, tier {number} of {len(tiers)}"
            sql = page[: size + 1].query.sql_with_params()
            print(f"\n### {name}\n\n```\n{explain(*sql)}\n```")
        if filters is not None:
            # What profiles.search.directory_summary reads (cached per pages version).
            witnesses = profiles.order_by().values_list("expires_at", "verified_at")
            sql = witnesses[: limit + 1].query.sql_with_params()
            print(f"\n### {title}: the count\n\n```\n{explain(*sql)}\n```")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "penpals.settings")
    main()
