import pytest
from django.core.management import call_command

from profiles.models import Profile
from tests.factories import FacilityFactory

pytestmark = pytest.mark.django_db


def test_demo_profiles_are_public_marked_and_loaded_once(settings):
    settings.DEBUG = True
    for _ in range(3):
        FacilityFactory()

    call_command("load_demo")
    call_command("load_demo")

    demo = Profile.objects.filter(is_demo=True)
    assert demo.count() == 36
    assert Profile.objects.public().count() == 36
    assert all(p.photo and p.photo_thumbnail for p in demo)


def test_no_demo_data_without_debug(settings):
    settings.DEBUG = False
    FacilityFactory()

    call_command("load_demo")

    assert not Profile.objects.exists()


def test_the_demo_badge_shows_on_cards_and_pages(client, settings):
    settings.DEBUG = True
    FacilityFactory()
    call_command("load_demo")
    profile = Profile.objects.filter(is_demo=True).first()

    assert b"Demo profile" in client.get("/profiles/").content
    assert b"Demo profile" in client.get(profile.get_absolute_url()).content
