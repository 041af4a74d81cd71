"""The review site's writer and the people they write to (imported once by review/site.py).

Two extra demo people sit where addresses are longest: the facility with the longest name that
is written on envelopes, and a federal prison (a Register Number, a P.O. box and the BOP's long
list of things not to enclose).
"""

from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models.functions import Length
from django.utils import timezone

from accounts.models import ReturnAddress, SavedProfile, User
from facilities.models import Facility
from letters.models import Letter
from profiles.models import Profile
from review.site import WRITER_EMAIL, WRITER_PASSWORD


def demo_person(facility, first, last, number, bio):
    now = timezone.now()
    return Profile.objects.create(
        is_demo=True,
        status=Profile.Status.APPROVED,
        first_name=first,
        last_name=last,
        inmate_number=number,
        facility=facility,
        date_of_birth=date(1979, 3, 14),
        gender="man",
        bio=bio,
        interests=["reading", "music"],
        languages=["english"],
        looking_for=["friendship"],
        submitter_name="Demo data",
        submitter_email=f"demo-{number}@penpals.test",
        submitter_relationship="demo",
        consent_attested_at=now,
        custody_verified_on=timezone.localdate(),
        custody_verification_method="other",
        consent_method="other",
        published_at=now,
        verified_at=now,
        expires_at=now + timedelta(days=settings.PENPALS_LISTING_DURATION_DAYS),
    )


long_named = (
    Facility.objects.open()
    .filter(jurisdiction__code="US-ND")
    .order_by(Length("name").desc())
    .first()
)
federal = (
    Facility.objects.open()
    .filter(jurisdiction__code="US-BOP")
    .exclude(mail_street="")
    .order_by(Length("name").desc())
    .first()
)
dakota = demo_person(
    long_named,
    "Bartholomew",
    "Vandenberg-Castellanos",
    "123456",
    "I restore old radios in the workshop and read every history of the Great Plains I can find.",
)
lopez = demo_person(
    federal,
    "Maria",
    "Lopez",
    "12345-678",
    "I teach a beginners' crochet class on the unit and I am learning to read music.",
)

writer = User.objects.create_user(WRITER_EMAIL, WRITER_PASSWORD, display_name="Robin")
EmailAddress.objects.create(user=writer, email=writer.email, verified=True, primary=True)
ReturnAddress.objects.create(
    user=writer,
    first_name="Robin",
    last_name="Okonkwo-Marshall",
    street="PO Box 4417",
    city="Dayton",
    state="OH",
    zip_code="45401",
)
for person in (dakota, lopez, *Profile.objects.filter(is_demo=True).order_by("pk")[:2]):
    SavedProfile.objects.create(user=writer, profile=person)
Letter.objects.create(
    writer=writer,
    profile=lopez,
    body="Dear Maria,\n\nMy name is Robin and I live in Ohio, near Dayton. I saw that you teach "
    "crochet, which I have never managed to learn.\n\nWhat are you reading at the moment?\n\n"
    "Best wishes,\nRobin",
)
sent = Letter.objects.create(writer=writer, profile=dakota, body="Dear Bartholomew,\n\nHello.")
sent.mark_sent(on=timezone.localdate() - timedelta(days=9))
