"""How long a three-page letter's PDF takes: the issue asks for under one second on 2 cores.

    .venv/bin/python bench/letter_pdf.py [--runs 10]

Builds a throw-away SQLite database in a temporary folder with the shipped PA policy, a person
at a Pennsylvania SCI and a writer, then times `letters.pdf.render_letter_pdf` (template,
WeasyPrint layout of the letter and the envelope page, PDF writing). The first run includes
WeasyPrint's font set-up; the median of the warm runs is what a server sees.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARAGRAPH = (
    "Today I walked along the river and thought about the books you mentioned. The library "
    "had two of them, so I am reading the first one slowly, a chapter each evening, and I "
    "keep a list of questions for you as I go."
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="penpals-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "penpals.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import ReturnAddress, User
    from facilities import importer
    from facilities.models import Facility, Jurisdiction
    from letters.models import Letter
    from letters.pdf import render_letter_pdf
    from profiles.models import Profile

    call_command("migrate", verbosity=0)
    importer.load_policies(importer.load_jurisdictions())
    facility = Facility.objects.create(
        jurisdiction=Jurisdiction.objects.get(code="US-PA"),
        name="SCI Albion",
        slug="sci-albion",
        facility_type="state",
    )
    now = timezone.now()
    person = Profile.objects.create(
        first_name="John",
        last_name="Doe",
        inmate_number="AB1234",
        facility=facility,
        status="approved",
        verified_at=now,
        published_at=now,
        expires_at=now + timezone.timedelta(days=30),
    )
    writer = User.objects.create_user("bench@example.com", "not-used-password")
    ReturnAddress.objects.create(
        user=writer,
        first_name="Alice",
        last_name="Walker",
        street="P.O. Box 123",
        city="Springfield",
        state="IL",
        zip_code="62701",
    )
    body = "Dear John,\n\n" + "\n\n".join([PARAGRAPH] * 22) + "\n\nWarmly,\nAlice"
    letter = Letter.objects.create(writer=writer, profile=person, body=body)

    timings = []
    for _ in range(args.runs + 1):
        start = time.perf_counter()
        pdf, pages = render_letter_pdf(letter)
        timings.append(time.perf_counter() - start)
    assert pages == 3, f"expected a three-page letter, got {pages} pages"

    warm = timings[1:]
    print(f"three-page letter + envelope page, {len(pdf) / 1024:.0f} KiB, {os.cpu_count()} CPUs")
    print(f"first run (cold): {timings[0]:.3f} s")
    print(f"warm runs: median {statistics.median(warm):.3f} s, max {max(warm):.3f} s")
    return 0 if statistics.median(warm) < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
