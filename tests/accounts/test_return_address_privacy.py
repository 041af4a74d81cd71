"""The return address is shown only to its owner: no other page, person or staff view has it."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import SavedProfile
from tests.factories import ReturnAddressFactory, WriterFactory

pytestmark = pytest.mark.django_db

# Distinctive values that appear nowhere else in the product.
PRIVATE = {
    "first_name": "Zebulon",
    "last_name": "Quartermaine",
    "street": "PO Box 98765",
    "city": "Xylotown",
    "state": "VT",
    "zip_code": "05999",
}


def paths_without_arguments(resolver=None, prefix=""):
    """Every page the URLconf can serve without a parameter, admin excluded."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if "<" in route or route.startswith("admin/") or "^" in route:
            continue
        if isinstance(entry, URLResolver):
            yield from paths_without_arguments(entry, route)
        elif isinstance(entry, URLPattern):
            yield "/" + route


@pytest.fixture
def alices_address(alice):
    return ReturnAddressFactory(user=alice, **PRIVATE)


def assert_private(response):
    html = response.content.decode(errors="replace")
    for value in ("Zebulon", "Quartermaine", "98765", "Xylotown", "05999"):
        assert value not in html, f"{value} leaked on {response.request['PATH_INFO']}"


def test_the_owner_sees_her_address_on_her_account_page(client, alice, alices_address):
    client.force_login(alice)

    html = client.get("/accounts/profile/").content.decode()

    assert "Zebulon Quartermaine" in html
    assert "PO Box 98765" in html
    assert "Xylotown, VT 05999" in html


@pytest.mark.parametrize("who", ["anonymous", "bob", "alice"])
def test_no_other_page_shows_the_address(client, alices_address, public_profile, who):
    SavedProfile.objects.create(user=alices_address.user, profile=public_profile)
    if who != "anonymous":
        user = alices_address.user if who == "alice" else WriterFactory(email="bob@example.com")
        client.force_login(user)
    paths = set(paths_without_arguments()) | {
        public_profile.get_absolute_url(),
        "/no-such-page/",
    }
    if who == "alice":
        paths -= {"/accounts/profile/", "/accounts/export/"}  # her own pages
    assert "/accounts/saved/" in paths

    for path in sorted(paths):
        response = client.get(path)
        assert response.status_code < 500, f"{path} answered {response.status_code}"
        assert_private(response)


def test_staff_do_not_see_the_address_in_the_admin(client, staff, alices_address):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    alice = alices_address.user

    for path in (
        "/admin/",
        "/admin/accounts/user/",
        f"/admin/accounts/user/{alice.pk}/change/",
    ):
        response = client.get(path)
        assert response.status_code == 200
        assert_private(response)
    # Nor can staff find a writer by where she lives.
    search = client.get("/admin/accounts/user/?q=Xylotown")
    assert search.status_code == 200
    assert alice.email not in search.content.decode()


def test_another_writers_export_does_not_contain_the_address(client, bob, alices_address):
    client.force_login(bob)

    response = client.get("/accounts/export/")

    assert response.status_code == 200
    assert_private(response)
