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


# --- Every public page uses the rule ------------------------------------------------------
NOT_PUBLIC = {
    "pending": {"status": "pending"},
    "changes_requested": {"status": "changes_requested"},
    "rejected": {"status": "rejected"},
    "hidden": {"status": "hidden"},
    "expired_status": {"status": "expired"},
    "withdrawn": {"status": "withdrawn"},
    "past_expiry": {"expires_at": timezone.now() - timedelta(minutes=1)},
    "stale_verification": {"verified_at": timezone.now() - timedelta(days=400)},
}


@pytest.fixture(params=NOT_PUBLIC, ids=list(NOT_PUBLIC))
def hidden_profile(request):
    return PublicProfileFactory(
        first_name="Zebulon", last_name="Quixtar", bio="Quixotic " * 20, **NOT_PUBLIC[request.param]
    )


def test_a_non_public_profile_has_no_page(client, hidden_profile):
    assert client.get(hidden_profile.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "Quixtar"},
        {"q": "Quixotic"},
        {"state": "MI"},
        {"sort": "release"},
        {"sort": "verified"},
        {"new": "on"},
        {"looking_for": "friendship"},
        {"language": "english"},
    ],
)
def test_a_non_public_profile_is_in_no_list_or_search(client, hidden_profile, params):
    hidden_profile.facility.physical_state = "MI"
    hidden_profile.facility.save()

    response = client.get("/profiles/", params)

    assert response.status_code == 200
    assert hidden_profile.public_id not in response.content.decode()
    assert response.context["page"].items == []
