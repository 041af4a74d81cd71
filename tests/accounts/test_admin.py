import pytest
from django.contrib import admin

from accounts.models import ReturnAddress

pytestmark = pytest.mark.django_db


def test_staff_see_when_a_writer_confirmed_age_and_guidelines(client, staff, alice):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)

    html = client.get(f"/admin/accounts/user/{alice.pk}/change/").content.decode()

    assert "When the writer confirmed being 18 or older." in html
    assert "When the writer accepted the community guidelines." in html


def test_return_addresses_have_no_admin_pages():
    # Staff never need a writer's home or P.O. box; the admin must not offer it.
    assert not admin.site.is_registered(ReturnAddress)


def test_writers_cannot_open_the_admin(client, alice):
    client.force_login(alice)

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403
    assert "You can't open this page" in response.content.decode()
