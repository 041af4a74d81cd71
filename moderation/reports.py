"""Reports about a listing: anyone may send one, and the serious ones hide it at once.

Takedowns fail closed: a report that the listing is about the reporter or their family, or
reports of a money request from three different people, hide the listing pending review. So
that this is not an abuse route, the family is told (never who reported or what they wrote),
the listing heads the moderation queue, a moderator restores it in one step, and reports staff
dismissed count on their reporter's record in the admin.
"""

import hashlib
import hmac
import ipaddress
import secrets

from django import forms
from django.conf import settings
from django.db import models, transaction
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from profiles import ratelimit
from profiles.models import HiddenReason, Profile

from .models import Report
from .services import decide

REPORTS_PER_HOUR = 5
MONEY_REPORTERS_TO_HIDE = 3


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["reason", "details", "contact_email"]
        # Bootstrap classes on the widgets: the form is rendered by hand on every profile page,
        # where crispy-forms cost a third of the page's time.
        widgets = {
            "reason": forms.RadioSelect(attrs={"class": "form-check-input"}),
            "details": forms.Textarea(
                attrs={"rows": 3, "maxlength": 2000, "class": "form-control"}
            ),
            "contact_email": forms.EmailInput(attrs={"class": "form-control"}),
        }
        labels = {
            "reason": _("What is wrong?"),
            "details": _("Anything staff should know (optional)"),
            "contact_email": _("Your e-mail, if staff may contact you (optional)"),
        }
        help_texts = {"details": "", "contact_email": ""}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = Report.Reason.choices  # no empty "---------" option
        self.fields["details"].max_length = 2000


def client_hash(request):
    """A keyed hash of the client's address (an IPv6 /64 counts as one client).

    The address is the one the rate limits use (behind a proxy, what it forwarded).
    """
    address = ratelimit.client_address(request)
    try:
        ip = ipaddress.ip_address(address)
        if ip.version == 6:
            address = str(ipaddress.ip_network(f"{ip}/64", strict=False))
    except ValueError:
        pass
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return digest.hexdigest()[:40]


def account_reporter_key(user):
    return f"user:{user.pk}"


def reporter_key(request):
    if request.user.is_authenticated:
        return account_reporter_key(request.user)
    return f"ip:{client_hash(request)}"


def anonymise_reports_of(user):
    """Keep the writer's reports (a listing's review may still need them) with nothing that
    leads back to the writer: no account, no contact address, no words of theirs, and a
    reporter key that is random but shared by their reports, so counts of distinct reporters
    stay right. Returns how many reports were changed."""
    reports = Report.objects.filter(
        models.Q(reporter=user) | models.Q(reporter_key=account_reporter_key(user))
    )
    return reports.update(
        reporter=None,
        reporter_key=f"deleted:{secrets.token_hex(10)}",
        contact_email="",
        details="",
    )


@transaction.atomic
def file_report(profile, *, reason, reporter_key, details="", contact_email="", reporter=None):
    """Record a report, and hide the listing when the report (or the count) calls for it: the
    family is then e-mailed that it is hidden pending review."""
    profile = Profile.objects.select_for_update().get(pk=profile.pk)
    report = Report.objects.create(
        profile=profile,
        reason=reason,
        details=details,
        contact_email=contact_email,
        reporter=reporter,
        reporter_key=reporter_key,
    )
    hidden_reason = None
    if reason == Report.Reason.TAKEDOWN:
        hidden_reason = HiddenReason.TAKEDOWN_REPORT
    elif reason == Report.Reason.MONEY_REQUEST:
        reporters = (
            profile.reports.open()
            .filter(reason=Report.Reason.MONEY_REQUEST)
            .values("reporter_key")
            .distinct()
            .count()
        )
        if reporters >= MONEY_REPORTERS_TO_HIDE:
            hidden_reason = HiddenReason.MONEY_REPORTS
    if hidden_reason and profile.can("hide"):
        decide(
            profile,
            "hide",
            reason=hidden_reason,
            note=f"Hidden automatically pending review (report {report.pk}).",
        )
    return report


@require_http_methods(["GET", "POST"])
def report(request, public_id):
    """The report form for a published listing; after sending, a thank-you page."""
    profile = get_object_or_404(Profile.objects.public(), public_id=public_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        if ratelimit.hit("report", client_hash(request), limit=REPORTS_PER_HOUR, window=3600):
            return ratelimit.too_many_attempts_page(
                request, reason=_("You have sent several reports in the last hour."), window=3600
            )
        if form.is_valid():
            file_report(
                profile,
                reporter_key=reporter_key(request),
                reporter=request.user if request.user.is_authenticated else None,
                **form.cleaned_data,
            )
            return render(request, "moderation/report_received.html", {"profile": profile})
    status = 400 if form.errors else 200
    return render(
        request, "moderation/report.html", {"profile": profile, "form": form}, status=status
    )
