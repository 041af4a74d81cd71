import pytest

from accounts.models import ReturnAddress
from tests.factories import ReturnAddressFactory

pytestmark = pytest.mark.django_db

ADDRESS = {
    "section": "address",
    "address-first_name": "Alice",
    "address-last_name": "Marchetti",
    "address-street": "PO Box 1207",
    "address-street2": "",
    "address-city": "Columbus",
    "address-state": "OH",
    "address-zip_code": "43216",
}


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/accounts/profile/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/profile/"


def test_account_page_shows_name_and_address_form_with_po_box_guidance(client, alice):
    client.force_login(alice)

    html = client.get("/accounts/profile/").content.decode()

    assert 'value="Alice"' in html
    assert "Prefer a P.O. box" in html
    for field in ("first_name", "last_name", "street", "city", "state", "zip_code"):
        assert f'name="address-{field}"' in html
    assert 'href="/accounts/export/"' in html
    assert 'href="/accounts/delete/"' in html


def test_saving_the_return_address_stores_it_for_me_only(client, alice, bob):
    client.force_login(alice)

    response = client.post("/accounts/profile/", {**ADDRESS, "address-user": bob.pk})

    assert response.status_code == 302
    address = ReturnAddress.objects.get()
    assert address.user == alice
    assert address.lines == ["Alice Marchetti", "PO Box 1207", "Columbus, OH 43216"]


def test_saving_the_address_again_updates_it(client, alice):
    ReturnAddressFactory(user=alice, street="PO Box 1")
    client.force_login(alice)

    client.post("/accounts/profile/", ADDRESS)

    assert ReturnAddress.objects.get(user=alice).street == "PO Box 1207"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("address-zip_code", "4321", "Enter a ZIP code like 12345"),
        ("address-state", "XX", "Select a valid choice"),
        ("address-first_name", "A.", "full first name, not an initial"),
        ("address-city", "", "This field is required"),
    ],
)
def test_a_rejected_address_says_why_and_keeps_what_was_typed(client, alice, field, value, message):
    client.force_login(alice)

    response = client.post("/accounts/profile/", {**ADDRESS, field: value})

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'value="PO Box 1207"' in html
    assert not ReturnAddress.objects.exists()


def test_changing_the_display_name(client, alice):
    client.force_login(alice)

    client.post("/accounts/profile/", {"section": "name", "name-display_name": "Ali"})

    alice.refresh_from_db()
    assert alice.display_name == "Ali"


def test_the_display_name_cannot_be_blank(client, alice):
    client.force_login(alice)

    response = client.post("/accounts/profile/", {"section": "name", "name-display_name": ""})

    assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.display_name == "Alice"


def test_a_rejected_change_leaves_the_stored_address_shown_as_it_is(client, alice):
    ReturnAddressFactory(user=alice, city="Dayton")
    client.force_login(alice)

    response = client.post(
        "/accounts/profile/", {**ADDRESS, "address-city": "Toledo", "address-zip_code": "1"}
    )

    html = response.content.decode()
    envelope = html.split('class="mailing-address', 1)[1].split("</div>", 1)[0]
    assert response.status_code == 400
    assert "Dayton" in envelope
    assert "Toledo" not in envelope
    assert 'value="Toledo"' in html  # still in the form, as typed
    assert ReturnAddress.objects.get(user=alice).city == "Dayton"
