"""What is waiting for moderators, counted for the admin's front page."""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from letters.models import ReturnedMailReport
from profiles.models import HIDDEN_BY_REPORTS, Profile

from .models import Report

# Returned mail stays worth a look this long: after that, the listing's next check catches it.
RETURNED_MAIL_DAYS = 30
# The queue's default view: what waits for a moderator's decision (see admin.QueueFilter).
AWAITING_DECISION = Q(status=Profile.Status.PENDING) | Q(
    status=Profile.Status.HIDDEN, hidden_reason__in=HIDDEN_BY_REPORTS
)


def work_waiting(user):
    """[(label, count, link)] of the work this staff member may do, most urgent first."""
    rows = []
    if user.has_perm("profiles.change_profile"):
        listings = reverse("admin:profiles_profile_changelist")
        rows += [
            (
                "Listings hidden by a report, waiting for review",
                Profile.objects.filter(
                    status=Profile.Status.HIDDEN, hidden_reason__in=HIDDEN_BY_REPORTS
                ).count(),
                listings,
            ),
            (
                "Listings waiting for a decision",
                Profile.objects.filter(status=Profile.Status.PENDING).count(),
                listings,
            ),
        ]
    if user.has_perm("moderation.change_report"):
        reports = reverse("admin:moderation_report_changelist")
        open_reports = Report.objects.open()
        rows += [
            (
                "Takedown requests",
                open_reports.filter(reason=Report.Reason.TAKEDOWN).count(),
                f"{reports}?reason={Report.Reason.TAKEDOWN}",
            ),
            (
                "Other open reports",
                open_reports.exclude(reason=Report.Reason.TAKEDOWN).count(),
                reports,
            ),
        ]
    if user.has_perm("letters.view_returnedmailreport"):
        rows.append(
            (
                f"Returned mail for published listings (last {RETURNED_MAIL_DAYS} days)",
                ReturnedMailReport.objects.filter(
                    kind="returned",
                    reported_to_staff=True,
                    profile__status=Profile.Status.APPROVED,
                    created_at__gte=timezone.now() - timedelta(days=RETURNED_MAIL_DAYS),
                ).count(),
                reverse("admin:letters_returnedmailreport_changelist"),
            )
        )
    return rows
