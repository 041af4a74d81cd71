"""Demo data for `make run`. Idempotent: a second run changes nothing."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

DEMO_STAFF_EMAIL = "staff@penpals.test"


class Command(BaseCommand):
    help = "Load demo data (development only): a staff account when DEBUG is on."

    def handle(self, *args, **options):
        if settings.DEBUG:
            self.create_demo_staff()

    def create_demo_staff(self):
        User = get_user_model()
        if User.objects.filter(email__iexact=DEMO_STAFF_EMAIL).exists():
            self.stdout.write(f"Demo staff account {DEMO_STAFF_EMAIL} already exists.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(DEMO_STAFF_EMAIL, password, display_name="Demo staff")
        # Printed once: it is not stored anywhere but in the hashed password.
        self.stdout.write(
            self.style.SUCCESS(
                f"Created demo staff account\n  e-mail:   {DEMO_STAFF_EMAIL}\n"
                f"  password: {password}\n  (shown only now; sign in at /admin/)"
            )
        )
