"""A takedown report hides a listing at once, and that must not be a silent, one-way street for
the family (finding 4 of issue 12): they are told, the listing heads the moderation queue, a
moderator restores it in one step, and a reporter who keeps sending unfounded reports shows."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from moderation.models import Report
from moderation.reports import file_report
from moderation.services import decide
from profiles.models import Profile
from tests.factories import ProfileFactory, PublicProfileFactory

pytestmark = pytest.mark.django_db
QUEUE = "/admin/profiles/profile/"
REPORTS = "/admin/moderation/report/"


def send_takedown(client, profile, **fields):
    return client.post(
        f"/profiles/{profile.public_id}/report/",
        {"reason": "takedown", **fields},
        REMOTE_ADDR="203.0.113.9",
    )


def test_a_takedown_hides_the_listing_and_tells_the_family_nothing_about_the_report(client):
    profile = PublicProfileFactory(submitter_email="family@example.com")

    response = send_takedown(
        client,
        profile,
        details="I am his former partner Jo Reyes and I want this gone",
        contact_email="jo.reyes@example.com",
    )

    assert response.status_code == 200
    profile.refresh_from_db()
    assert profile.status == Profile.Status.HIDDEN
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["family@example.com"]
    assert message.subject == "Penpals: Your listing is hidden while staff review it"
    html = message.alternatives[0][0]
    for text in (message.body, html):
        assert "review" in text
        assert "Jo Reyes" not in text
        assert "jo.reyes@example.com" not in text
        assert "former partner" not in text
        assert "takedown" not in text.lower()
        assert f"report {Report.objects.get().pk}" not in text
        assert profile.get_status_url() in text


def test_a_listing_hidden_by_a_report_heads_the_moderation_queue(moderator_client):
    now = timezone.now()
    waiting_long = ProfileFactory(submitted_at=now - timedelta(days=20))
    waiting = ProfileFactory(submitted_at=now - timedelta(days=2))
    reported = PublicProfileFactory(submitted_at=now - timedelta(days=90))
    PublicProfileFactory(submitted_at=now - timedelta(days=99))  # published, not waiting
    file_report(reported, reason="takedown", reporter_key="ip:a")

    response = moderator_client.get(QUEUE)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [reported, waiting_long, waiting]
    assert "Hidden by a report: review first" in response.text


def test_a_moderator_restores_a_wrongly_hidden_listing_in_one_step(moderator_client, moderator):
    profile = PublicProfileFactory()
    first = file_report(profile, reason="takedown", reporter_key="ip:a")
    second = Report.objects.create(profile=profile, reason="inappropriate", reporter_key="ip:b")
    mail.outbox.clear()

    response = moderator_client.post(
        QUEUE,
        {
            "action": "restore_from_reports",
            "_selected_action": [profile.pk],
            "select_across": "0",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert Profile.objects.public().filter(pk=profile.pk).exists()
    for report in (first, second):
        report.refresh_from_db()
        assert (report.status, report.resolution, report.resolved_by) == (
            "dismissed",
            "restored",
            moderator,
        )
    assert profile.events.last().actor == moderator
    assert [m.subject for m in mail.outbox] == ["Penpals: Your listing is visible again"]


def test_the_one_step_restore_refuses_a_listing_hidden_by_staff(moderator_client, moderator):
    profile = PublicProfileFactory()
    decide(profile, "hide", by=moderator, note="Checking the consent again")

    response = moderator_client.post(
        f"{QUEUE}?status=all",
        {"action": "restore_from_reports", "_selected_action": [profile.pk]},
        follow=True,
    )

    assert response.status_code == 200
    profile.refresh_from_db()
    assert profile.status == Profile.Status.HIDDEN
    assert any("not hidden by reports" in str(m) for m in response.context["messages"])


def test_a_reporter_whose_reports_were_dismissed_before_shows_to_moderators(moderator_client):
    for _ in range(2):
        profile = PublicProfileFactory()
        file_report(profile, reason="takedown", reporter_key="ip:serial")
        moderator_client.post(
            QUEUE, {"action": "restore_from_reports", "_selected_action": [profile.pk]}
        )
    serial = file_report(PublicProfileFactory(), reason="takedown", reporter_key="ip:serial")
    first_timer = file_report(PublicProfileFactory(), reason="takedown", reporter_key="ip:new")

    response = moderator_client.get(REPORTS)

    assert response.status_code == 200
    rows = {r.pk: r.unfounded_by_reporter for r in response.context["cl"].result_list}
    assert rows == {serial.pk: 2, first_timer.pk: None}
    assert "2 dismissed as unfounded" in response.text
    filtered = moderator_client.get(REPORTS, {"reporter_record": "unfounded"})
    assert [r.pk for r in filtered.context["cl"].result_list] == [serial.pk]
    page = moderator_client.get(f"{REPORTS}{serial.pk}/change/")
    assert "2 dismissed as unfounded" in page.text
