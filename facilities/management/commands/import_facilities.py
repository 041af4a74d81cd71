"""`manage.py import_facilities`: load every open state and federal prison, the BOP inmate-mail
addresses, the jurisdictions and their mail policies. Safe to run again; `make run` does."""

import time

from django.core.management.base import BaseCommand

from facilities.importer import DATA_DIR, run_import


class Command(BaseCommand):
    help = (
        "Import facilities, jurisdictions and mail policies from facilities/data/. Idempotent; "
        "facilities that leave the data are marked closed, never deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", default=str(DATA_DIR), help="Where the data files are.")
        parser.add_argument(
            "--refresh-policies",
            action="store_true",
            help="Overwrite jurisdictions and jurisdiction mail policies with the shipped data, "
            "discarding staff edits (facility overrides are kept).",
        )

    def handle(self, *args, data_dir, refresh_policies, **options):
        started = time.monotonic()
        report = run_import(data_dir, refresh_policies=refresh_policies)
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"{report.summary()} ({seconds:.1f} s)"))
        if report.unmatched_bop_codes:
            self.stdout.write(
                "BOP mail addresses not matched to a facility: "
                + ", ".join(report.unmatched_bop_codes)
            )
