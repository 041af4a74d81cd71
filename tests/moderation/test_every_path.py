"""The same step has the same effects whoever takes it: the admin (one listing or many), the
family's status link, a report and the daily job all go through `services.decide`.

Each test takes a step through one path on one listing and through `decide` itself on a twin
listing, and compares what followed: the recorded event, the e-mails to the family and to the
writers who saved the listing, and the notices kept so nothing is sent twice.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import SavedProfile
from moderation.models import Notice, Report
from moderation.reports import file_report
from moderation.services import decide
from profiles.models import HiddenReason
from tests.factories import FacilityFactory, PublicProfileFactory, WriterFactory
from tests.moderation.test_admin_actions import run_action

pytestmark = pytest.mark.django_db


def listing(**fields):
    """A published listing that a writer saved, with a family to e-mail."""
    profile = PublicProfileFactory(
        first_name="Sam",
        preferred_name="",
        last_name="Rivera",
        submitter_email=f"family{WriterFactory().pk}@example.com",
        **fields,
    )
    SavedProfile.objects.create(user=WriterFactory(), profile=profile)
    return profile


def effects(profile, sent):
    """What a step did to `profile`: its events, and the e-mails to its family and savers."""
    family = profile.submitter_email
    savers = {s.user.email for s in profile.saved_by.select_related("user")}
    return {
        "events": [(e.from_status, e.to_status, e.reason) for e in profile.events.all()],
        "to the family": sorted(m.subject for m in sent if family in m.to),
        "to savers": sorted(m.subject for m in sent if set(m.to) & savers),
        "notices": sorted(profile.notices.values_list("kind", flat=True)),
    }


def taken_directly(step, **data):
    twin = listing()
    mail.outbox.clear()
    decide(twin, step, **data)
    twin.refresh_from_db()
    return effects(twin, mail.outbox)


def through(path):
    """Run `path(profile)` on a fresh listing; returns what followed."""
    profile = listing()
    mail.outbox.clear()
    path(profile)
    profile.refresh_from_db()
    return effects(profile, list(mail.outbox))


def test_a_release_from_the_admin_the_bulk_action_and_the_status_link_does_the_same(
    moderator_client, client
):
    expected = taken_directly("mark_released", note="")

    def bulk(profile):
        run_action(moderator_client, "mark_released", [profile, listing()], form={"note": ""})

    admin = through(lambda p: run_action(moderator_client, "mark_released", [p], form={"note": ""}))
    family = through(lambda p: client.post(reverse("status:released", args=[p.status_token])))

    assert admin == through(bulk) == expected
    assert family["events"] == expected["events"]
    assert family["to the family"] == expected["to the family"]
    assert family["to savers"] == expected["to savers"] != []
    assert family["notices"] == expected["notices"]


def test_a_transfer_from_the_admin_and_the_status_link_does_the_same(moderator_client, client):
    new_facility = FacilityFactory()
    expected = taken_directly("mark_transferred", new_facility=new_facility)

    admin = through(
        lambda p: run_action(
            moderator_client,
            "mark_transferred",
            [p],
            form={"new_facility": new_facility.pk, "note": ""},
        )
    )
    family = through(
        lambda p: client.post(
            reverse("status:transfer", args=[p.status_token]), {"facility": new_facility.slug}
        )
    )

    assert admin == family == expected
    assert expected["to savers"] != []


def test_a_takedown_report_hides_like_staff_hiding_for_the_same_reason(client):
    expected = taken_directly(
        "hide",
        reason=HiddenReason.TAKEDOWN_REPORT,
        note="Hidden automatically pending review (report 1).",
    )

    reported = through(
        lambda p: file_report(p, reason=Report.Reason.TAKEDOWN, reporter_key="ip:someone")
    )

    assert reported == expected
    assert expected["to the family"] == ["Penpals: Your listing is hidden while staff review it"]


def test_the_daily_job_expires_like_the_admin_does(moderator_client):
    expected = taken_directly("expire", note="The listing reached its expiry date.")

    def nightly(profile):
        type(profile).objects.filter(pk=profile.pk).update(expires_at=timezone.now())
        call_command("run_lifecycle", stdout=open("/dev/null", "w"))  # noqa: SIM115

    admin = through(lambda p: run_action(moderator_client, "expire_profiles", [p]))
    lifecycle = through(nightly)

    assert admin == lifecycle == expected
    assert expected["events"] == [("approved", "expired", "expired")]
    assert expected["to savers"] != []
    assert expected["notices"] == [Notice.Kind.SAVED_PROFILE_HIDDEN]


def test_a_listing_hidden_for_a_passed_release_date_tells_savers_the_same_day(
    settings,
):
    settings.PENPALS_RELEASE_GRACE_DAYS = 14
    profile = listing(
        release_date=timezone.localdate() - timedelta(days=15), release_date_kind="earliest"
    )
    mail.outbox.clear()

    call_command("run_lifecycle", stdout=open("/dev/null", "w"))  # noqa: SIM115

    profile.refresh_from_db()
    told = effects(profile, mail.outbox)
    assert told["events"] == [("approved", "hidden", "release_date_passed")]
    assert len(told["to savers"]) == 1
