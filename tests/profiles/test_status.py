from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from moderation.services import decide
from profiles.models import Profile
from tests.factories import (
    FacilityFactory,
    JurisdictionFactory,
    ProfileFactory,
    PublicProfileFactory,
    approve,
)
from tests.profiles.submission import submission

pytestmark = pytest.mark.django_db


def url(profile, name="page"):
    return reverse(f"status:{name}", args=[profile.status_token])


def test_the_status_page_shows_the_status_and_staffs_reasons(client, staff):
    profile = ProfileFactory()
    decide(profile, "request_changes", by=staff, note="Please add a photo taken this year.")

    response = client.get(url(profile))

    assert response.status_code == 200
    assert b"Changes requested" in response.content
    assert b"Please add a photo taken this year." in response.content
    # The token stays out of Referer headers to other sites, and same-origin POSTs keep their
    # Origin (a no-referrer policy makes Chromium send "Origin: null", which CSRF refuses).
    assert response["Referrer-Policy"] == "same-origin"
    assert b"no-referrer" not in response.content


def test_a_rejection_reason_is_shown_in_words(client, staff):
    profile = ProfileFactory()
    decide(profile, "reject", by=staff, reason="no_consent")

    response = client.get(url(profile))

    assert b"Could not confirm the person&#x27;s consent" in response.content


def test_search_engines_may_index_the_familys_form_but_never_a_status_link(client):
    profile = PublicProfileFactory()
    noindex = '<meta name="robots" content="noindex">'

    for name in ("profiles:submit_start", "profiles:submit"):
        response = client.get(reverse(name))
        assert response.status_code == 200 and noindex not in response.text
    for name in ("page", "edit", "transfer", "withdraw"):
        response = client.get(url(profile, name))
        assert response.status_code == 200 and noindex in response.text, name


def test_another_links_token_gets_404(client):
    ProfileFactory()
    other = ProfileFactory.build()

    assert client.get(url(other)).status_code == 404
    assert client.post(url(other, "withdraw")).status_code == 404


def test_an_erased_listing_has_no_status_page(client, staff):
    profile = ProfileFactory()
    decide(profile, "erase", by=staff, reason="takedown")

    assert client.get(url(profile)).status_code == 404


def test_withdrawal_hides_a_published_listing_at_once(client):
    profile = PublicProfileFactory()

    client.post(url(profile, "withdraw"))

    profile.refresh_from_db()
    assert profile.status == "withdrawn"
    assert profile.events.last().reason == "withdrawn"
    assert client.get(profile.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("action", ["renew", "released"])
def test_actions_need_post(client, action):
    profile = PublicProfileFactory()

    assert client.get(url(profile, action)).status_code == 405
    profile.refresh_from_db()
    assert profile.status == "approved"


def test_withdrawal_asks_first_and_says_what_happens(client):
    profile = PublicProfileFactory()

    response = client.get(url(profile, "withdraw"))

    assert response.status_code == 200
    assert b"Withdrawing is for good" in response.content
    assert b"photos are deleted" in response.content
    profile.refresh_from_db()
    assert profile.status == "approved"


def test_a_withdrawn_listing_has_no_withdraw_confirmation(client):
    profile = PublicProfileFactory()
    decide(profile, "withdraw")

    response = client.get(url(profile, "withdraw"))

    assert response.status_code == 302
    assert response["Location"] == profile.get_status_url()


def test_renewing_a_published_listing_extends_it(client, settings):
    settings.PENPALS_LISTING_DURATION_DAYS = 365
    profile = PublicProfileFactory(expires_at=timezone.now() + timedelta(days=3))

    client.post(url(profile, "renew"))

    profile.refresh_from_db()
    assert profile.expires_at > timezone.now() + timedelta(days=360)
    assert profile.status == "approved"
    assert profile.events.last().reason == "renewed"


def test_renewing_an_expired_listing_sends_it_back_to_staff(client):
    profile = PublicProfileFactory(status="expired")

    client.post(url(profile, "renew"))

    profile.refresh_from_db()
    assert profile.status == "pending"


def test_renewing_a_pending_listing_is_refused_with_a_message(client):
    profile = ProfileFactory()

    response = client.post(url(profile, "renew"), follow=True)

    profile.refresh_from_db()
    assert profile.status == "pending"
    assert b"Only a published or expired listing can be renewed." in response.content


@pytest.mark.parametrize("reason", ["takedown_report", "money_reports"])
def test_the_status_page_does_not_tell_the_submitter_about_reports(client, reason):
    # Like the e-mails: the submitter may be the person a takedown is about; staff decide first.
    from moderation.reports import file_report

    profile = PublicProfileFactory()
    if reason == "takedown_report":
        file_report(profile, reason="takedown", reporter_key="ip:a", details="My brother.")
    else:
        for key in ("ip:a", "ip:b", "ip:c"):
            file_report(profile, reason="money_request", reporter_key=key)

    response = client.get(url(profile))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Hidden" in page
    assert "under review by staff" in page
    for told in ("akedown", "money requests", "(report", "My brother"):
        assert told not in page


def test_reporting_a_release_hides_the_listing(client):
    profile = PublicProfileFactory()

    client.post(url(profile, "released"))

    profile.refresh_from_db()
    assert profile.status == "hidden"
    assert profile.hidden_reason == "released"
    assert not Profile.objects.public().exists()


def test_reporting_a_transfer_sends_the_listing_back_to_staff_at_the_new_facility(client):
    profile = PublicProfileFactory()
    new_facility = FacilityFactory()

    response = client.post(
        url(profile, "transfer"), {"facility": new_facility.slug, "note": "Moved in May"}
    )

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.status == "pending"
    assert profile.facility == new_facility
    assert not Profile.objects.public().exists()


def test_a_listing_hidden_by_a_takedown_report_cannot_be_moved_back_into_the_queue(client):
    # A transfer clears the hidden reason: the submitter could undo a takedown that way.
    from moderation.reports import file_report

    profile = PublicProfileFactory()
    file_report(profile, reason="takedown", reporter_key="ip:a")

    page = client.get(url(profile))
    response = client.post(url(profile, "transfer"), {"facility": FacilityFactory().slug})

    assert page.status_code == 200
    assert url(profile, "transfer") not in page.content.decode()
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.status, profile.hidden_reason) == ("hidden", "takedown_report")


def test_a_transfer_without_a_facility_is_refused(client):
    profile = PublicProfileFactory()

    response = client.post(url(profile, "transfer"), {"facility": ""})

    assert response.status_code == 400
    profile.refresh_from_db()
    assert profile.status == "approved"


def test_editing_after_changes_requested_resubmits(client, staff):
    profile = ProfileFactory()
    decide(profile, "request_changes", by=staff, note="The bio is too short.")
    data = submission(profile.facility, bio="A longer bio. " * 10)

    response = client.post(url(profile, "edit"), data)

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.status == "pending"
    assert profile.bio.startswith("A longer bio.")
    assert profile.events.last().reason == "resubmitted"


def test_editing_a_published_listing_unpublishes_it_until_staff_approve(client):
    profile = PublicProfileFactory()
    client.post(url(profile, "edit"), submission(profile.facility))

    profile.refresh_from_db()
    assert profile.status == "pending"
    assert not Profile.objects.public().exists()


def test_the_edit_form_shows_the_current_listing(client):
    profile = ProfileFactory(first_name="Octavia")

    response = client.get(url(profile, "edit"))

    assert b'value="Octavia"' in response.content


def test_a_bad_edit_keeps_the_listing_unchanged(client):
    profile = ProfileFactory(bio="x" * 100)
    data = submission(profile.facility, bio="short")
    data.pop("photo")

    response = client.post(url(profile, "edit"), data)

    assert response.status_code == 400
    profile.refresh_from_db()
    assert profile.bio == "x" * 100


def test_a_new_photo_replaces_the_old_files(
    client, photo_storage, django_capture_on_commit_callbacks
):
    data = submission(FacilityFactory())
    client.post(reverse("profiles:submit"), data)
    profile = Profile.objects.get()
    old = [profile.photo.name, profile.photo_thumbnail.name]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(profile, "edit"), submission(profile.facility))

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.photo.name not in old
    assert default_storage.exists(profile.photo.name)
    assert not any(default_storage.exists(name) for name in old)


def test_withdrawing_through_the_status_link_deletes_the_photo_files(
    client, staff, photo_storage, django_capture_on_commit_callbacks
):
    client.post(reverse("profiles:submit"), submission(FacilityFactory()))
    profile = Profile.objects.get()
    approve(profile, staff)
    names = [profile.photo.name, profile.photo_thumbnail.name]
    assert all(default_storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(profile, "withdraw"))

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.status == "withdrawn"
    assert not any(default_storage.exists(name) for name in names)


def test_an_edit_without_a_new_photo_keeps_the_current_one(client):
    client.post(reverse("profiles:submit"), submission(FacilityFactory()))
    profile = Profile.objects.get()
    photo = profile.photo.name
    data = submission(profile.facility, first_name="Marcel")
    data.pop("photo")

    response = client.post(url(profile, "edit"), data)

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.first_name == "Marcel"
    assert profile.photo.name == photo


# --- Issue 11: renew only when due; edits keep the facility ---------------------------------


def test_a_listing_published_today_offers_no_renewal_and_refuses_one(client):
    profile = PublicProfileFactory()
    expires_at = profile.expires_at

    page = client.get(url(profile))
    response = client.post(url(profile, "renew"), follow=True)

    assert page.status_code == 200
    assert b"Renew the listing" not in page.content
    assert b"You can renew it from" in page.content
    profile.refresh_from_db()
    assert profile.expires_at == expires_at
    assert b"The listing is not due for renewal yet" in response.content
    assert not profile.events.filter(reason="renewed").exists()


def test_renewal_opens_when_the_reminder_goes_out(client):
    profile = PublicProfileFactory(expires_at=timezone.now() + timedelta(days=29))

    page = client.get(url(profile))

    assert b"Renew the listing" in page.content
    assert profile.can_renew


def test_an_edit_keeps_the_facility_without_choosing_it_again(client):
    profile = ProfileFactory()
    page = client.get(url(profile, "edit"))
    data = submission(profile.facility, bio="A new bio that is long enough to pass. " * 3)
    data.pop("photo")

    response = client.post(url(profile, "edit"), data)

    assert f'value="{profile.facility.slug}" selected' in page.content.decode()
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.bio.startswith("A new bio")


def test_a_transfer_chosen_without_javascript_lists_the_new_states_facilities(client):
    profile = PublicProfileFactory()
    ohio = JurisdictionFactory(code="US-OH", state="OH")
    marion = FacilityFactory(jurisdiction=ohio, name="Marion Correctional Institution")

    shown = client.post(url(profile, "transfer"), {"state": "OH", "show_facilities": "1"})
    moved = client.post(url(profile, "transfer"), {"state": "OH", "facility": marion.slug})

    assert shown.status_code == 200
    assert "Marion Correctional Institution" in shown.content.decode()
    assert "There is a problem" not in shown.content.decode()
    assert moved.status_code == 302
    profile.refresh_from_db()
    assert profile.facility == marion
    assert profile.status == "pending"


def test_an_edit_in_a_warning_system_does_not_ask_to_confirm_the_warning_again(client):
    pennsylvania = JurisdictionFactory(code="US-PA", state="PA", listing_policy="warn")
    profile = PublicProfileFactory(facility=FacilityFactory(jurisdiction=pennsylvania))
    data = submission(profile.facility)
    data.pop("photo")

    response = client.post(url(profile, "edit"), data)

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.status == "pending"
