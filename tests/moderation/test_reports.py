"""Reporting a listing: anyone may, takedowns fail closed, and the form is rate-limited."""

import pytest
from django.template.loader import render_to_string

from moderation import reports
from moderation.models import ProfileEvent, Report
from profiles.models import Profile
from tests.factories import ProfileFactory, PublicProfileFactory

pytestmark = pytest.mark.django_db


def url(profile):
    return f"/profiles/{profile.public_id}/report/"


def report(client, profile, reason, ip="203.0.113.7", **fields):
    return client.post(url(profile), {"reason": reason, **fields}, REMOTE_ADDR=ip)


def is_public(profile):
    return Profile.objects.public().filter(pk=profile.pk).exists()


def test_anyone_can_report_a_published_listing(client):
    profile = PublicProfileFactory()

    response = report(client, profile, "wrong_address", details="The unit is wrong.")

    assert response.status_code == 200
    assert "staff will review your report" in response.content.decode()
    saved = Report.objects.get()
    assert (saved.profile, saved.reason, saved.details) == (
        profile,
        "wrong_address",
        "The unit is wrong.",
    )
    assert saved.reporter is None
    assert saved.reporter_key.startswith("ip:")
    assert "203.0.113.7" not in saved.reporter_key
    assert is_public(profile)  # an ordinary report waits for staff


def test_a_signed_in_writer_is_recorded_as_the_reporter(client, alice):
    client.force_login(alice)

    report(client, PublicProfileFactory(), "inappropriate")

    assert Report.objects.get().reporter == alice


@pytest.mark.parametrize("status", ["pending", "rejected", "hidden", "erased"])
def test_an_unpublished_listing_cannot_be_reported(client, status):
    profile = ProfileFactory(status=status)

    assert report(client, profile, "inappropriate").status_code == 404
    assert not Report.objects.exists()


def test_a_takedown_report_hides_the_listing_at_once_and_logs_it(client):
    profile = PublicProfileFactory()

    report(client, profile, "takedown", details="This is my brother; he did not agree.")

    assert not is_public(profile)
    profile.refresh_from_db()
    assert (profile.status, profile.hidden_reason) == ("hidden", "takedown_report")
    event = ProfileEvent.objects.get(profile=profile)
    assert (event.actor, event.from_status, event.to_status, event.reason) == (
        None,
        "approved",
        "hidden",
        "takedown_report",
    )
    assert f"report {Report.objects.get().pk}" in event.note


def test_money_reports_from_three_different_reporters_hide_the_listing(client):
    profile = PublicProfileFactory()

    report(client, profile, "money_request", ip="198.51.100.1")
    report(client, profile, "money_request", ip="198.51.100.2")
    assert is_public(profile)
    report(client, profile, "money_request", ip="198.51.100.3")

    assert not is_public(profile)
    profile.refresh_from_db()
    assert profile.hidden_reason == "money_reports"
    assert profile.events.get().reason == "money_reports"


def test_money_reports_from_one_reporter_do_not_hide_the_listing(client):
    profile = PublicProfileFactory()

    for _ in range(3):
        report(client, profile, "money_request", ip="198.51.100.1")

    assert Report.objects.count() == 3
    assert is_public(profile)


def test_dismissed_money_reports_do_not_count_towards_hiding(client):
    profile = PublicProfileFactory()
    for key in ("ip:a", "ip:b"):
        Report.objects.create(
            profile=profile, reason="money_request", reporter_key=key, status="dismissed"
        )

    report(client, profile, "money_request")

    assert is_public(profile)


def test_one_ipv6_network_counts_as_one_reporter(client):
    profile = PublicProfileFactory()

    for suffix in ("1", "2", "3"):
        report(client, profile, "money_request", ip=f"2001:db8:1:2::{suffix}")

    assert is_public(profile)


def test_a_report_without_a_reason_is_refused_and_keeps_what_was_typed(client):
    profile = PublicProfileFactory()

    response = report(client, profile, "", details="Something odd about this listing")

    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required" in page
    assert "Something odd about this listing" in page
    assert not Report.objects.exists()


def test_an_unknown_reason_is_refused(client):
    response = report(client, PublicProfileFactory(), "dislike")

    assert response.status_code == 400
    assert not Report.objects.exists()


def test_reporting_is_rate_limited_with_a_clear_429(client):
    profile = PublicProfileFactory()
    for _ in range(reports.REPORTS_PER_HOUR):
        assert report(client, profile, "inappropriate").status_code == 200

    response = report(client, profile, "takedown")

    assert response.status_code == 429
    assert "several reports in the last hour" in response.content.decode()
    assert Report.objects.count() == reports.REPORTS_PER_HOUR
    assert is_public(profile)  # the throttled takedown did nothing
    # Someone else is not throttled.
    assert report(client, profile, "inappropriate", ip="192.0.2.99").status_code == 200


def test_the_report_page_works_without_javascript(client):
    profile = PublicProfileFactory()

    response = client.get(url(profile))

    page = response.content.decode()
    assert response.status_code == 200
    assert f'action="/profiles/{profile.public_id}/report/"' in page
    assert 'method="post"' in page
    assert "<details" in page and " open" in page
    assert "This is about me or my family" in page
    assert "<script" not in page.split("<main")[1].split("</main>")[0]


def test_the_report_form_include_needs_only_the_profile():
    profile = PublicProfileFactory()

    html = render_to_string("includes/report_form.html", {"profile": profile})

    assert f'action="/profiles/{profile.public_id}/report/"' in html
    assert html.count('type="radio"') == len(Report.Reason.choices)
    assert "<details" in html and '<details class="report-form mt-4" open' not in html
