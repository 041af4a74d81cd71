"""Odd input to the admin is a 400, never a 500: its list filters, date drill-down and
autocomplete turn query parameters into database lookups (finding 5 of issue 12)."""

import pytest
from django.test import Client

from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiet_admin(admin_user):
    # Answer as production does (with the error page) instead of re-raising the exception.
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    ProfileFactory()
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/admin/profiles/profile/?status=%00",
        "/admin/profiles/profile/?hidden_reason__exact=a%00b",
        "/admin/profiles/profile/?q=ab%00cd",
        "/admin/moderation/report/?status=open%00",
        "/admin/facilities/facility/?physical_state=P%00",
        "/admin/autocomplete/?term=ab%00cd&app_label=facilities&model_name=mailpolicy"
        "&field_name=facility",
        "/admin/letters/returnedmailreport/?created_at__year=99999999999",
        "/admin/letters/returnedmailreport/?created_at__year=2026&created_at__month=13",
        "/admin/letters/returnedmailreport/?created_at__year=2026&created_at__month=2"
        "&created_at__day=99999999999",
        "/admin/letters/returnedmailreport/?created_at__year=-1",
    ],
)
def test_odd_admin_query_parameters_are_a_400(quiet_admin, path):
    response = quiet_admin.get(path)

    assert response.status_code == 400
    assert "could not be understood" in response.text


def test_a_nul_in_an_admin_form_post_is_a_400(quiet_admin):
    profile = ProfileFactory()

    response = quiet_admin.post(
        "/admin/profiles/profile/",
        {"action": "expire_profiles", "_selected_action": [f"{profile.pk}\x00"]},
    )

    assert response.status_code == 400
    profile.refresh_from_db()
    assert profile.status == "pending"


def test_ordinary_filters_and_dates_still_work(quiet_admin):
    for path in (
        "/admin/profiles/profile/?status=all",
        "/admin/letters/returnedmailreport/?created_at__year=2026&created_at__month=2",
        "/admin/autocomplete/?term=test&app_label=facilities&model_name=mailpolicy"
        "&field_name=facility",
    ):
        assert quiet_admin.get(path).status_code == 200, path
