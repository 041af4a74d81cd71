"""Demo data for `make run`. Idempotent: a second run changes nothing.

Development only (DEBUG on): a staff account, and a few dozen approved demo profiles of made-up
people at real facilities, with generated portraits. Every demo profile has `is_demo` set, and
the pages say "Demo profile" on it.
"""

import random
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from facilities.addressing import mailing_address
from facilities.models import Facility, Jurisdiction, MailPolicy
from profiles.demo_portraits import portrait_jpeg
from profiles.models import Interest, LookingFor, Profile
from profiles.photos import process_upload

DEMO_STAFF_EMAIL = "staff@penpals.test"
DEMO_PROFILE_COUNT = 36

FIRST_NAMES = [
    ("Marcus", "man"), ("Andre", "man"), ("Luis", "man"), ("Daniel", "man"), ("Terrence", "man"),
    ("Jamal", "man"), ("Kevin", "man"), ("Robert", "man"), ("Miguel", "man"), ("Samuel", "man"),
    ("Denise", "woman"), ("Tanya", "woman"), ("Rosa", "woman"), ("Keisha", "woman"),
    ("Angela", "woman"), ("Maria", "woman"), ("Jordan", "nonbinary"), ("Casey", "nonbinary"),
]  # fmt: skip
LAST_NAMES = [
    "Holloway", "Okafor", "Ramirez", "Whitfield", "Nguyen", "Brooks", "Castillo", "Bennett",
    "Harper", "Delgado", "Foster", "Jenkins", "Morales", "Pierce", "Sutton", "Vega", "Wallace",
]  # fmt: skip
BIO_OPENINGS = [
    "I spend most evenings drawing: portraits, birds, whatever I can see from the window.",
    "I am working toward my GED and I read anything about history I can get my hands on.",
    "I run the chess club on our unit and I am always looking for a good game by mail.",
    "I grew up fishing with my grandfather and I miss the water more than anything.",
    "I am learning Spanish from a book and would love someone to practise with in letters.",
    "I cook for the kitchen crew and dream about opening a small food truck one day.",
    "I write poetry, mostly about my kids, and I would like someone to share it with.",
    "Faith has carried me through the hardest years, and I like talking about it honestly.",
]
BIO_MIDDLES = [
    "I would love to hear about your town, your work and what you are reading.",
    "Letters are the best part of my week; I answer every one.",
    "I am a good listener and I will tell you honestly about life in here.",
    "I am trying to prepare for life outside and would value advice from anyone.",
]


class Command(BaseCommand):
    help = "Load demo data (development only, when DEBUG is on): staff and demo profiles."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            self.stdout.write("DEBUG is off: no demo data loaded.")
            return
        self.create_demo_staff()
        self.create_demo_profiles()

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

    def create_demo_profiles(self):
        existing = Profile.objects.filter(is_demo=True).count()
        if existing >= DEMO_PROFILE_COUNT:
            self.stdout.write(f"{existing} demo profiles already exist.")
            return
        facilities = addressable_facilities()
        if not facilities:
            self.stdout.write("No facilities yet (run import_facilities first): no demo profiles.")
            return
        rng = random.Random(2026)  # the same people on every machine
        created = 0
        for index in range(DEMO_PROFILE_COUNT):
            if Profile.objects.filter(is_demo=True, submitter_email=demo_email(index)).exists():
                rng.random()
                continue
            with transaction.atomic():
                self.create_demo_profile(index, rng, rng.choice(facilities))
            created += 1
        self.stdout.write(self.style.SUCCESS(f"Created {created} demo profiles."))

    def create_demo_profile(self, index, rng, facility):
        first, gender = rng.choice(FIRST_NAMES)
        today = timezone.localdate()
        now = timezone.now()
        photo = process_upload(
            SimpleUploadedFile(f"demo-{index}.jpg", portrait_jpeg(index).read(), "image/jpeg")
        )
        release = today + timedelta(days=rng.randint(60, 3000)) if rng.random() < 0.7 else None
        profile = Profile(
            is_demo=True,
            status=Profile.Status.APPROVED,
            first_name=first,
            last_name=rng.choice(LAST_NAMES),
            inmate_number=demo_number(facility, rng),
            facility=facility,
            date_of_birth=date(today.year - rng.randint(22, 64), rng.randint(1, 12), 15),
            gender=gender,
            bio=f"{rng.choice(BIO_OPENINGS)} {rng.choice(BIO_MIDDLES)}",
            interests=rng.sample(Interest.values, 3),
            languages=["english"] + (["spanish"] if rng.random() < 0.3 else []),
            looking_for=rng.sample(
                [v for v in LookingFor.values if v != LookingFor.ROMANCE], rng.randint(1, 2)
            ),
            release_date=release,
            release_date_kind="earliest" if release else "unknown",
            photo_taken_on=today - timedelta(days=rng.randint(30, 400)),
            submitter_name="Demo data",
            submitter_email=demo_email(index),
            submitter_relationship="demo",
            consent_attested_at=now,
            custody_verified_on=today,
            custody_verification_method="other",
            custody_verification_note="Demo data: nothing was verified.",
            consent_method="other",
            consent_note="Demo data.",
            submitted_at=now - timedelta(days=index + 2),
            published_at=now - timedelta(days=index),
            verified_at=now - timedelta(days=index),
            expires_at=now + timedelta(days=settings.PENPALS_LISTING_DURATION_DAYS),
        )
        profile.photo.save(photo.photo.name, photo.photo, save=False)
        profile.photo_thumbnail.save(photo.thumbnail.name, photo.thumbnail, save=False)
        profile.save()


def demo_email(index):
    return f"demo-{index}@penpals.test"


def addressable_facilities():
    """Open facilities in jurisdictions that allow listings, with an address we can render."""
    facilities = []
    candidates = (
        Facility.objects.open()
        .filter(jurisdiction__listing_policy=Jurisdiction.ListingPolicy.ALLOWED)
        .select_related("jurisdiction")
        .order_by("id")
    )
    for facility in candidates[::25][:120]:
        try:
            mailing_address(
                first_name="A", last_name="B", number=demo_number(facility, None), facility=facility
            )
        except (ValidationError, MailPolicy.DoesNotExist):
            continue
        facilities.append(facility)
    return facilities


def demo_number(facility, rng):
    """A number in the jurisdiction's format, shaped like its example."""
    policy = facility.jurisdiction.mail_policies.filter(facility__isnull=True).first()
    example = (policy and policy.inmate_number_example) or "123456"
    if rng is None:
        return example
    return "".join(str(rng.randint(0, 9)) if c.isdigit() else c for c in example)
