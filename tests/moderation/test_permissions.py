"""Who reaches the moderation admin, and what the Moderators group may do."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

MODERATION_PAGES = [
    "/admin/",
    "/admin/profiles/profile/",
    "/admin/moderation/report/",
    # Writers' reports of returned mail: the likely releases and transfers staff must check.
    "/admin/letters/returnedmailreport/",
]


def test_the_moderators_group_has_exactly_what_moderation_needs():
    group = Group.objects.get(name="Moderators")

    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }

    assert granted == {
        "profiles.view_profile",
        "profiles.change_profile",
        "profiles.add_profile",  # listings that arrive by mail
        "moderation.view_profileevent",
        "moderation.view_report",
        "moderation.change_report",
        # Read-only: moderators check a listing's address; directory editors change it.
        "facilities.view_jurisdiction",
        "facilities.view_facility",
        "facilities.view_mailpolicy",
        "letters.view_returnedmailreport",
        "outbox.view_outgoingemail",
        "outbox.change_outgoingemail",
        "outbox.delete_outgoingemail",
    }


def test_the_directory_editors_group_has_exactly_what_directory_data_needs():
    group = Group.objects.get(name="Directory editors")

    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }

    assert granted == {
        "facilities.view_jurisdiction",
        "facilities.change_jurisdiction",
        "facilities.view_facility",
        "facilities.add_facility",
        "facilities.change_facility",
        "facilities.view_mailpolicy",
        "facilities.add_mailpolicy",
        "facilities.change_mailpolicy",
        "facilities.view_directorychange",
        "facilities.approve_directorychange",
    }


@pytest.mark.parametrize("url", MODERATION_PAGES)
def test_a_moderator_reaches_the_moderation_pages(moderator_client, url):
    assert moderator_client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url", ["/admin/accounts/user/", "/admin/accounts/user/add/", "/admin/auth/group/"]
)
def test_a_moderator_cannot_manage_users(moderator_client, moderator, url):
    assert moderator_client.get(url).status_code == 403
    assert not moderator.has_perm("accounts.change_user")


def test_a_moderator_cannot_make_themself_a_superuser(moderator_client, moderator):
    response = moderator_client.post(
        f"/admin/accounts/user/{moderator.pk}/change/",
        {"email": moderator.email, "is_staff": "on", "is_superuser": "on", "is_active": "on"},
    )

    assert response.status_code == 403
    moderator.refresh_from_db()
    assert not moderator.is_superuser


@pytest.mark.parametrize("url", MODERATION_PAGES)
def test_a_writer_gets_no_admin(client, alice, url):
    client.force_login(alice)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


@pytest.mark.parametrize("url", MODERATION_PAGES)
def test_a_stranger_is_sent_to_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/?next=")


def test_a_writer_cannot_run_a_moderation_action(client, alice):
    profile = ProfileFactory(status="hidden", hidden_reason="staff")
    client.force_login(alice)

    client.post(
        "/admin/profiles/profile/?status=all",
        {"action": "unhide_profiles", "_selected_action": [profile.pk], "select_across": "0"},
    )

    profile.refresh_from_db()
    assert profile.status == "hidden"
    assert not profile.events.exists()


def test_staff_without_the_group_sees_no_profiles(client, staff):
    client.force_login(staff)

    assert client.get("/admin/profiles/profile/").status_code == 403
