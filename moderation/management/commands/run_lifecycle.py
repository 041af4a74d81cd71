from django.core.management.base import BaseCommand

from moderation import lifecycle


class Command(BaseCommand):
    help = (
        "Daily listing lifecycle: expire old listings, remind submitters 30 days before expiry, "
        "hide listings with a stale custody check or a passed release date (telling the family "
        "and the writers who saved them), and delete photos of forms never sent. Safe to run "
        "more than once a day."
    )

    def handle(self, *args, **options):
        counts = lifecycle.run()
        self.stdout.write(
            "Expired {expired}, hidden for a stale check {stale}, hidden after release "
            "{released}, renewal reminders {reminded}, unsent photos deleted "
            "{photo_uploads_deleted}.".format(**counts)
        )
