"""Staff see returned mail that writers reported, and nothing of the letters."""

import pytest
from django.utils import timezone

from letters.models import CorrespondenceLogEntry

pytestmark = pytest.mark.django_db


def test_staff_see_reported_returned_mail_but_not_unreported_entries(
    admin_client, pa_letter, alice
):
    pa_letter.mark_sent(on=timezone.localdate())
    CorrespondenceLogEntry.log_returned(
        writer=alice, letter=pa_letter, date=timezone.localdate(), reason="released", report=True
    )
    CorrespondenceLogEntry.objects.create(
        writer=alice, profile=pa_letter.profile, kind="received", date=timezone.localdate()
    )

    response = admin_client.get("/admin/letters/returnedmailreport/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "The person was released" in page
    assert "1 returned mail report" in page
    assert pa_letter.body.splitlines()[0] not in page


def test_letters_themselves_are_not_in_the_admin(admin_client):
    assert admin_client.get("/admin/letters/letter/").status_code == 404


def test_a_writer_without_staff_access_cannot_open_the_reports(client_alice):
    response = client_alice.get("/admin/letters/returnedmailreport/")

    assert response.status_code == 302
