import json

import pytest

from accounts.export import SECTIONS
from accounts.models import SavedProfile
from tests.factories import ReturnAddressFactory

pytestmark = pytest.mark.django_db


def download(client, user):
    client.force_login(user)
    response = client.get("/accounts/export/")
    assert response.status_code == 200
    return response, json.loads(response.content)


def test_export_is_a_json_download(client, alice):
    response, data = download(client, alice)

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="penpals-my-data-')
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert data["format"] == "penpals-writer-export"
    assert set(SECTIONS) <= set(data)


def test_export_contains_my_account_address_and_saved_profiles(
    client, writer, public_profile, hidden_profile
):
    ReturnAddressFactory(user=writer, first_name="Wren", last_name="Castellano")
    SavedProfile.objects.create(user=writer, profile=public_profile)
    SavedProfile.objects.create(user=writer, profile=hidden_profile)

    _, data = download(client, writer)

    assert data["account"]["email"] == "writer@example.com"
    assert data["account"]["display_name"] == "Wren"
    assert data["account"]["email_addresses"] == [
        {"email": "writer@example.com", "verified": True, "primary": True}
    ]
    assert data["return_address"] == {
        "first_name": "Wren",
        "last_name": "Castellano",
        "street": "PO Box 4417",
        "street2": "",
        "city": "Dayton",
        "state": "OH",
        "zip_code": "45401",
        "updated_at": data["return_address"]["updated_at"],
    }
    saved = {item["profile_id"]: item for item in data["saved_profiles"]}
    assert saved[public_profile.public_id]["currently_listed"] is True
    assert saved[hidden_profile.public_id]["currently_listed"] is False
    assert saved[hidden_profile.public_id]["name"] == "Dwayne"


def test_export_without_an_address_says_so(client, alice):
    _, data = download(client, alice)

    assert data["return_address"] is None
    assert data["saved_profiles"] == []


def test_export_holds_nothing_of_another_writer(client, alice, bob, public_profile):
    ReturnAddressFactory(user=bob, street="PO Box 5550")
    SavedProfile.objects.create(user=bob, profile=public_profile)

    response, data = download(client, alice)

    assert "bob@example.com" not in response.content.decode()
    assert "5550" not in response.content.decode()
    assert data["saved_profiles"] == []


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/accounts/export/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
