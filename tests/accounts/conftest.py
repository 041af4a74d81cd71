import pytest

from profiles.models import Profile
from tests.factories import PublicProfileFactory, WriterFactory


@pytest.fixture
def writer(db):
    """A writer with a verified e-mail address, who can sign in through the form."""
    return WriterFactory(email="writer@example.com", display_name="Wren")


@pytest.fixture
def public_profile(db):
    return PublicProfileFactory(
        first_name="Marcus", last_name="Ellington", preferred_name="", inmate_number="A100001"
    )


@pytest.fixture
def hidden_profile(db):
    return PublicProfileFactory(
        first_name="Dwayne",
        last_name="Okafor",
        inmate_number="A100002",
        status=Profile.Status.HIDDEN,
    )
