"""Profiles for the accounts tests, made directly with the ORM (the profiles app owns the real
factories). A profile is public when approved, unexpired and recently verified."""

from datetime import timedelta

from django.utils import timezone

from facilities.models import Facility, Jurisdiction
from profiles.models import Profile


def make_facility():
    jurisdiction, _ = Jurisdiction.objects.get_or_create(
        code="US-OH", defaults={"name": "Ohio Department of Rehabilitation and Correction"}
    )
    facility, _ = Facility.objects.get_or_create(
        slug="marion-correctional-institution",
        defaults={
            "jurisdiction": jurisdiction,
            "name": "Marion Correctional Institution",
            "facility_type": Facility.Type.STATE,
            "physical_street": "940 Marion-Williamsport Road",
            "physical_city": "Marion",
            "physical_state": "OH",
            "physical_zip": "43302",
        },
    )
    return facility


def make_profile(status=Profile.Status.APPROVED, **fields):
    now = timezone.now()
    values = {
        "first_name": "Marcus",
        "last_name": "Ellington",
        "inmate_number": "A123456",
        "facility": make_facility(),
        "status": status,
        "published_at": now - timedelta(days=3),
        "verified_at": now - timedelta(days=3),
        "expires_at": now + timedelta(days=300),
        **fields,
    }
    return Profile.objects.create(**values)
