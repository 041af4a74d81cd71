from datetime import timedelta

import pytest
from django.utils import timezone

from profiles.models import Profile
from tests.factories import ProfileFactory, PublicProfileFactory

pytestmark = pytest.mark.django_db


def test_an_approved_fresh_profile_is_public():
    profile = PublicProfileFactory()

    assert list(Profile.objects.public()) == [profile]


@pytest.mark.parametrize(
    "status", ["pending", "changes_requested", "rejected", "hidden", "expired", "withdrawn"]
)
def test_profiles_in_other_states_are_not_public(status):
    PublicProfileFactory(status=status)

    assert not Profile.objects.public().exists()


def test_an_approved_profile_past_its_expiry_is_not_public():
    PublicProfileFactory(expires_at=timezone.now() - timedelta(minutes=1))

    assert not Profile.objects.public().exists()


def test_an_approved_profile_with_a_stale_verification_is_not_public(settings):
    settings.PENPALS_VERIFICATION_MAX_AGE_DAYS = 180
    PublicProfileFactory(verified_at=timezone.now() - timedelta(days=181))
    fresh = PublicProfileFactory(verified_at=timezone.now() - timedelta(days=179))

    assert list(Profile.objects.public()) == [fresh]


def test_a_pending_profile_is_pending_by_default():
    assert ProfileFactory().status == "pending"
