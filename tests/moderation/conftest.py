import pytest
from django.contrib.auth.models import Group

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://penpals.example.org"


@pytest.fixture
def moderator(db):
    """Staff in the Moderators group that the migration creates: no superuser powers."""
    user = UserFactory(email="moderator@example.com", display_name="Mo", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client
