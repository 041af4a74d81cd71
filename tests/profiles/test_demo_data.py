import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from profiles.models import Profile
from tests.factories import FacilityFactory

pytestmark = pytest.mark.django_db


def test_no_demo_data_without_debug(settings):
    settings.DEBUG = False
    FacilityFactory()

    call_command("load_demo")

    assert not Profile.objects.exists()


@pytest.fixture(scope="class")
def loaded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """`load_demo` on three facilities, once for a class of tests: drawing and processing its
    36 portraits is slow. Written in a transaction around the class's tests (each still rolls
    back its own changes) and rolled back after the last of them."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True, MEDIA_ROOT=tmp_path_factory.mktemp("demo")):
            for _ in range(3):
                FacilityFactory()
            call_command("load_demo")
        yield
        transaction.set_rollback(True)


@pytest.mark.usefixtures("loaded_demo")
class TestLoadedDemo:
    def test_demo_profiles_are_public_marked_and_loaded_once(self, settings):
        settings.DEBUG = True

        call_command("load_demo")  # the second time

        demo = Profile.objects.filter(is_demo=True)
        assert demo.count() == 36
        assert Profile.objects.public().count() == 36
        assert all(p.photo and p.photo_thumbnail for p in demo)

    def test_the_demo_badge_shows_on_cards_and_pages(self, client):
        profile = Profile.objects.filter(is_demo=True).first()

        listing = client.get("/profiles/")
        page = client.get(profile.get_absolute_url())

        assert (listing.status_code, page.status_code) == (200, 200)
        assert b"Demo profile" in listing.content
        assert b"Demo profile" in page.content
