"""Letters fixtures: people at facilities under the real, shipped PA and BOP mail policies
(`shipped_policies` comes from tests/conftest.py).

Shared with the browser tests, which import them by name."""

import pytest

from accounts.models import ReturnAddress
from facilities.addressing import policy_for
from facilities.models import Facility, Jurisdiction
from letters.models import Letter, ProhibitedItemsConfirmation
from tests.factories import FacilityFactory, PublicProfileFactory


@pytest.fixture
def pa_facility(shipped_policies):
    """A Pennsylvania SCI: personal mail goes to Smart Communications in Florida."""
    return FacilityFactory(
        jurisdiction=Jurisdiction.objects.get(code="US-PA"),
        name="SCI Albion",
        physical_street="10745 Route 18",
        physical_city="Albion",
        physical_state="PA",
        physical_zip="16475",
    )


@pytest.fixture
def bop_facility(shipped_policies):
    """A federal prison, with the inmate-mail P.O. box the BOP publishes."""
    return FacilityFactory(
        jurisdiction=Jurisdiction.objects.get(code="US-BOP"),
        name="FCI Aliceville",
        facility_type=Facility.Type.FEDERAL,
        bop_code="ALI",
        physical_street="11070 Highway 14",
        physical_city="Aliceville",
        physical_state="AL",
        physical_zip="35442",
        mail_street="P.O. BOX 4000",
        mail_city="ALICEVILLE",
        mail_state="AL",
        mail_zip="35442",
    )


@pytest.fixture
def pa_person(pa_facility):
    return PublicProfileFactory(
        first_name="John", last_name="Doe", inmate_number="AB1234", facility=pa_facility
    )


@pytest.fixture
def bop_person(bop_facility):
    return PublicProfileFactory(
        first_name="Maria", last_name="Lopez", inmate_number="12345-678", facility=bop_facility
    )


@pytest.fixture
def alice_address(alice):
    return ReturnAddress.objects.create(
        user=alice,
        first_name="Alice",
        last_name="Walker",
        street="P.O. Box 123",
        city="Springfield",
        state="IL",
        zip_code="62701",
    )


def confirm_prohibited_items(writer, facility):
    """The writer's word that envelopes to `facility` hold none of what its policy prohibits."""
    policy = policy_for(facility)
    ProhibitedItemsConfirmation.record(writer, facility, policy, confirmed=True)


@pytest.fixture
def pa_letter(alice, alice_address, pa_person):
    """Alice's draft to John Doe at SCI Albion; she confirmed the PA prohibited items."""
    confirm_prohibited_items(alice, pa_person.facility)
    return Letter.objects.create(
        writer=alice,
        profile=pa_person,
        body="Dear John,\n\nI hope this letter finds you well.\n\nBest wishes,\nAlice",
    )


@pytest.fixture
def client_alice(client, alice):
    client.force_login(alice)
    return client
