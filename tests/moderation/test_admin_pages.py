"""The queue and the review page."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from moderation.models import Report
from moderation.services import decide
from tests.factories import (
    FacilityFactory,
    JurisdictionFactory,
    ProfileFactory,
    PublicProfileFactory,
)

pytestmark = pytest.mark.django_db
QUEUE = "/admin/profiles/profile/"


def listed(response):
    return list(response.context["cl"].result_list)


def test_the_queue_opens_on_pending_work_oldest_first(moderator_client):
    now = timezone.now()
    newer = ProfileFactory(submitted_at=now - timedelta(hours=1))
    older = ProfileFactory(submitted_at=now - timedelta(days=3))
    PublicProfileFactory(submitted_at=now - timedelta(days=9))

    response = moderator_client.get(QUEUE)

    assert listed(response) == [older, newer]
    assert "3\xa0days" in response.content.decode()  # time waiting


def test_the_queue_can_show_every_status(moderator_client):
    ProfileFactory()
    PublicProfileFactory()

    response = moderator_client.get(QUEUE, {"status": "all"})

    assert len(listed(response)) == 2


def test_a_search_finds_listings_in_any_status(moderator_client):
    published = PublicProfileFactory(last_name="Okafor")
    ProfileFactory(last_name="Reed")

    response = moderator_client.get(QUEUE, {"q": "Okafor"})

    assert listed(response) == [published]


def test_the_queue_flags_duplicates_warn_jurisdictions_and_open_reports(moderator_client):
    warn = JurisdictionFactory(code="US-XW", name="Warnland DOC", listing_policy="warn")
    first = ProfileFactory(inmate_number="555111")
    same_jurisdiction = FacilityFactory(jurisdiction=first.facility.jurisdiction)
    ProfileFactory(inmate_number="555111", facility=same_jurisdiction)
    ProfileFactory(facility=FacilityFactory(jurisdiction=warn))
    reported = ProfileFactory()
    for key in ("ip:a", "ip:b"):
        Report.objects.create(profile=reported, reason="wrong_address", reporter_key=key)
    Report.objects.create(profile=first, reason="released", reporter_key="ip:c", status="dismissed")

    response = moderator_client.get(QUEUE)

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Duplicate?") == 2
    assert page.count("Warn: jurisdiction") == 1
    assert ">2 reports<" in page
    assert ">1 report<" not in page  # dismissed reports are not flagged


def add_reported_profiles(count):
    for n in range(count):
        profile = ProfileFactory(facility=FacilityFactory(), inmate_number=f"9{n:05}")
        Report.objects.create(profile=profile, reason="inappropriate", reporter_key=f"ip:{n}")


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE)
    return len(queries), len(listed(response))


def test_the_queue_runs_a_constant_number_of_queries(
    moderator_client, django_assert_max_num_queries
):
    add_reported_profiles(2)
    moderator_client.get(QUEUE)  # warm the session and content types
    few, rows = count_queries(moderator_client)
    add_reported_profiles(10)

    with django_assert_max_num_queries(few):
        response = moderator_client.get(QUEUE)

    assert rows == 2
    assert len(listed(response)) == 12


def test_the_review_page_shows_what_staff_check(moderator_client, moderator):
    jurisdiction = JurisdictionFactory(
        code="US-MI", inmate_locator_url="https://mdocweb.state.mi.us/otis2/otis2.aspx"
    )
    profile = ProfileFactory(
        facility=FacilityFactory(jurisdiction=jurisdiction),
        inmate_number="246810",
        submitter_name="Rosa Family",
        submitter_email="rosa@example.com",
        submitter_relationship="sister",
    )
    profile.photo.save("face.jpg", ContentFile(b"jpeg"))
    decide(profile, "request_changes", by=moderator, note="Please use a recent photo.")

    page = moderator_client.get(f"{QUEUE}{profile.pk}/change/").content.decode()

    assert f'src="{escape(profile.photo_url)}"' in page and "pp-photo-large" in page
    assert moderator_client.get(profile.photo_url).getvalue() == b"jpeg"  # the link works
    assert 'href="https://mdocweb.state.mi.us/otis2/otis2.aspx"' in page
    assert "search for number <strong>246810</strong>" in page
    assert "rosa@example.com" in page and "sister" in page
    assert "Rosa Family attested on" in page
    assert "Please use a recent photo." in page  # the history
    assert "Mo" in page or moderator.email in page


def test_the_review_page_links_to_the_possible_duplicate(moderator_client):
    earlier = PublicProfileFactory(inmate_number="555111", last_name="Firstlisting")
    same_jurisdiction = FacilityFactory(jurisdiction=earlier.facility.jurisdiction)
    later = ProfileFactory(inmate_number="555111", facility=same_jurisdiction)

    page = moderator_client.get(f"{QUEUE}{later.pk}/change/").content.decode()

    assert f'href="{QUEUE}{earlier.pk}/change/"' in page
    assert "Firstlisting" in page


def test_the_review_page_keeps_workflow_fields_read_only(moderator_client):
    profile = PublicProfileFactory(bio="Old bio")
    url = f"{QUEUE}{profile.pk}/change/"
    response = moderator_client.get(url)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="status"' not in page
    assert 'name="expires_at"' not in page
    assert 'name="facility"' not in page  # published: moved by "mark transferred" only
    assert 'name="bio"' in page


def test_an_erased_listing_cannot_be_edited(moderator_client, moderator):
    profile = PublicProfileFactory()
    decide(profile, "erase", by=moderator, reason="takedown_person")

    response = moderator_client.get(f"{QUEUE}{profile.pk}/change/")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="bio"' not in page
    assert 'name="first_name"' not in page


def test_reports_are_listed_with_their_reason_and_count_per_listing(moderator_client):
    profile = PublicProfileFactory(last_name="Reportedperson")
    Report.objects.create(profile=profile, reason="money_request", reporter_key="ip:a")
    Report.objects.create(profile=profile, reason="money_request", reporter_key="ip:b")
    Report.objects.create(
        profile=profile, reason="released", reporter_key="ip:c", status="dismissed"
    )

    response = moderator_client.get("/admin/moderation/report/")

    page = response.content.decode()
    assert len(response.context["cl"].result_list) == 2  # open ones by default
    assert "Money request or scam" in page
    assert "Reportedperson" in page
    assert [r.open_for_profile for r in response.context["cl"].result_list] == [2, 2]


def test_report_actions_resolve_dismiss_and_restore(moderator_client, moderator):
    from moderation.reports import file_report

    hidden = PublicProfileFactory()
    takedown = file_report(hidden, reason="takedown", reporter_key="ip:a")
    other = Report.objects.create(
        profile=PublicProfileFactory(), reason="wrong_address", reporter_key="ip:b"
    )
    hidden.refresh_from_db()
    assert hidden.status == "hidden"

    moderator_client.post(
        "/admin/moderation/report/",
        {"action": "restore_listings", "_selected_action": [takedown.pk], "select_across": "0"},
    )
    moderator_client.post(
        "/admin/moderation/report/",
        {"action": "dismiss_reports", "_selected_action": [other.pk], "select_across": "0"},
    )

    hidden.refresh_from_db()
    takedown.refresh_from_db()
    other.refresh_from_db()
    assert hidden.status == "approved"
    assert hidden.events.last().actor == moderator
    assert (takedown.status, takedown.resolution, takedown.resolved_by) == (
        "dismissed",
        "restored",
        moderator,
    )
    assert (other.status, other.resolution) == ("dismissed", "no_action")


def test_restore_refuses_a_listing_hidden_by_staff(moderator_client, moderator):
    profile = PublicProfileFactory()
    report = Report.objects.create(profile=profile, reason="released", reporter_key="ip:a")
    decide(profile, "mark_released", by=moderator)

    response = moderator_client.post(
        "/admin/moderation/report/",
        {"action": "restore_listings", "_selected_action": [report.pk], "select_across": "0"},
        follow=True,
    )

    profile.refresh_from_db()
    assert profile.status == "hidden"
    assert any("Not changed" in str(m) for m in response.context["messages"])
