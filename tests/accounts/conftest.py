import pytest

from profiles.models import Profile
from tests.accounts.directory import make_profile
from tests.factories import WriterFactory


@pytest.fixture
def writer(db):
    """A writer with a verified e-mail address, who can sign in through the form."""
    return WriterFactory(email="writer@example.com", display_name="Wren")


@pytest.fixture
def public_profile(db):
    return make_profile(first_name="Marcus", last_name="Ellington", inmate_number="A100001")


@pytest.fixture
def hidden_profile(db):
    return make_profile(
        first_name="Dwayne",
        last_name="Okafor",
        inmate_number="A100002",
        status=Profile.Status.HIDDEN,
    )
