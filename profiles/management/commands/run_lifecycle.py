from django.core.management.base import BaseCommand

from profiles import lifecycle


class Command(BaseCommand):
    help = (
        "Daily listing lifecycle: expire old listings, remind submitters 30 days before expiry, "
        "hide listings with a stale custody check or a passed release date, and tell writers "
        "who saved a listing, and delete photos of forms never sent. Safe to run more than "
        "once a day."
    )

    def handle(self, *args, **options):
        counts = lifecycle.run()
        self.stdout.write(
            "Expired {expired}, hidden for a stale check {stale}, hidden after release "
            "{released}, renewal reminders {reminded}, writers told {writers_told}, unsent "
            "photos deleted {photo_uploads_deleted}.".format(**counts)
        )
