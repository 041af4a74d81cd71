"""Who sent a report: shown to moderators only when the reporter asked to be contacted, and
gone with the reporter's account (findings 6 and 7 of issue 12)."""

import pytest

from moderation.models import Report
from moderation.reports import file_report
from tests.factories import PASSWORD, PublicProfileFactory, WriterFactory

pytestmark = pytest.mark.django_db


def report_page(client, report):
    response = client.get(f"/admin/moderation/report/{report.pk}/change/")
    assert response.status_code == 200
    return response.text


def test_a_moderator_does_not_see_the_account_of_a_writer_who_gave_no_contact(
    moderator_client,
):
    writer = WriterFactory(email="quiet.writer@example.com")
    report = file_report(
        PublicProfileFactory(),
        reason="inappropriate",
        reporter=writer,
        reporter_key=f"user:{writer.pk}",
    )

    html = report_page(moderator_client, report)

    assert "quiet.writer@example.com" not in html
    assert "the reporter gave no contact address" in html


def test_a_moderator_sees_the_account_of_a_writer_who_asked_to_be_contacted(moderator_client):
    writer = WriterFactory(email="open.writer@example.com")
    report = file_report(
        PublicProfileFactory(),
        reason="inappropriate",
        reporter=writer,
        reporter_key=f"user:{writer.pk}",
        contact_email="reach.me@example.com",
    )

    html = report_page(moderator_client, report)

    assert "open.writer@example.com" in html
    assert "reach.me@example.com" in html


def test_deleting_an_account_leaves_its_reports_with_nothing_that_leads_back(client):
    writer = WriterFactory()
    client.force_login(writer)
    profile = PublicProfileFactory()
    for reason in ("money_request", "inappropriate"):
        client.post(
            f"/profiles/{profile.public_id}/report/",
            {"reason": reason, "details": "I am Sam, his cousin", "contact_email": writer.email},
        )
    assert Report.objects.filter(reporter_key=f"user:{writer.pk}").count() == 2

    response = client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 200
    assert "Reports you sent" in response.text
    reports = list(Report.objects.all())
    assert len(reports) == 2  # the listing's review still has them
    for report in reports:
        assert report.reporter is None
        assert report.reporter_key.startswith("deleted:")
        assert (report.contact_email, report.details) == ("", "")
    # Still one reporter, for the count of distinct reporters that hides a listing.
    assert len({report.reporter_key for report in reports}) == 1
