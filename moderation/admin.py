"""Moderation in the Django admin: the queue, the review page, decisions and reports.

Every decision is an admin action that takes a `services.decide` step on each chosen listing
(one transaction each): the same step, with the same event, e-mails and notices, as when the
family, a report or the daily job takes it. The change page offers only the steps the
listing's status allows (`Profile.can`).
"""

import mimetypes

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince

from facilities.models import Jurisdiction
from penpals.admin_site import StatusFilter
from profiles.models import (
    HIDDEN_BY_REPORTS,
    Interest,
    InvalidTransition,
    Language,
    LookingFor,
    Profile,
)

from .forms import (
    ApproveForm,
    EraseForm,
    MailedInListingForm,
    NoteForm,
    RejectForm,
    RequestChangesForm,
    TransferForm,
)
from .models import ProfileEvent, Report
from .queue import AWAITING_DECISION
from .services import decide, restore_after_unfounded_reports

S = Profile.Status
HIDDEN_BY_REPORTS_NOW = Case(
    When(status=S.HIDDEN, hidden_reason__in=HIDDEN_BY_REPORTS, then=Value(True)),
    default=Value(False),
    output_field=models.BooleanField(),
)


class QueueFilter(StatusFilter):
    def __init__(self, request, params, model, model_admin):
        # A search looks for a listing whatever its status; otherwise, the work waiting.
        self.default = "all" if request.GET.get("q") else "waiting"
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        counts = dict(Profile.objects.order_by().values_list("status").annotate(n=Count("id")))
        waiting = Profile.objects.filter(AWAITING_DECISION).count()
        return [
            ("waiting", f"Waiting for a decision ({waiting})"),
            *((value, f"{label} ({counts.get(value, 0)})") for value, label in S.choices),
            ("all", "All"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(AWAITING_DECISION)
        return super().queryset(request, queryset)


class OpenReportsFilter(admin.SimpleListFilter):
    title = "open reports"
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", "With open reports")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(open_report_count__gt=0)
        return queryset


class ProfileEventInline(admin.TabularInline):
    """The audit trail: read-only for everyone, never deleted from the admin."""

    model = ProfileEvent
    verbose_name = "history entry"
    verbose_name_plural = "history"
    fields = ("created_at", "actor", "from_status", "to_status", "reason", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReportInline(admin.TabularInline):
    model = Report
    fk_name = "profile"
    fields = ("created_at", "reason", "details", "status", "resolution", "resolution_note")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Applying decisions ---------------------------------------------------------------------


def apply_step(modeladmin, request, queryset, step, done):
    """Run `step(profile) -> ProfileEvent` on each profile, each in its own transaction.

    A refused step changes nothing on that profile and is reported by name; the others go
    ahead. "… and next" opens the next listing waiting in the queue.
    """
    changed, refused = 0, []
    for profile in queryset.select_related("facility__jurisdiction"):
        try:
            event = step(profile)
        except InvalidTransition as error:
            refused.append(format_html("{}: {}", profile, error))
            continue
        changed += 1
        modeladmin.log_change(
            request, profile, f"{event.get_from_status_display()} → {event.get_to_status_display()}"
        )
    if changed:
        noun = "listing" if changed == 1 else "listings"
        modeladmin.message_user(request, f"{done} {changed} {noun}.", messages.SUCCESS)
    for message in refused:
        modeladmin.message_user(request, format_html("Not changed: {}", message), messages.ERROR)
    if "_next" in request.POST:
        return _next_in_queue(modeladmin, request, exclude=queryset)
    if request.POST.get("_from_change") and queryset.count() == 1:
        return redirect("admin:profiles_profile_change", queryset.get().pk)
    return None


def _next_in_queue(modeladmin, request, *, exclude):
    """The change page of the next listing waiting for a decision, in the queue's order."""
    waiting = (
        modeladmin.get_queryset(request)
        .filter(AWAITING_DECISION)
        .exclude(pk__in=exclude.values("pk"))
        .order_by(*modeladmin.get_ordering(request))
    )
    following = waiting.first()
    if following is None:
        modeladmin.message_user(request, "Nothing else is waiting for a decision.")
        return redirect("admin:profiles_profile_changelist")
    return redirect("admin:profiles_profile_change", following.pk)


def with_form(modeladmin, request, queryset, form_class, title, step, done):
    """Ask for what the decision needs (an intermediate page), then take the step with it."""
    profiles = list(queryset.select_related("facility__jurisdiction"))
    form = form_class(request.POST if "apply" in request.POST else None, profiles=profiles)
    if form.is_bound and form.is_valid():
        return apply_step(
            modeladmin,
            request,
            queryset,
            lambda profile: decide(profile, step, by=request.user, **form.step_data()),
            done,
        )
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "profiles": profiles,
        # From a listing's own page: "… and open the next" comes first, so Enter takes it.
        "offer_next": bool(request.POST.get("_from_change")) and len(profiles) == 1,
        "action": request.POST.get("action", ""),
        "from_change": request.POST.get("_from_change", ""),
        "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media + form.media,
    }
    return TemplateResponse(request, "admin/profiles/profile/action_form.html", context)


def direct(modeladmin, request, queryset, step, done):
    """A step that needs nothing more than the staff member's click."""
    return apply_step(
        modeladmin, request, queryset, lambda profile: decide(profile, step, by=request.user), done
    )


@admin.action(description="Approve and publish…", permissions=["change"])
def approve_profiles(modeladmin, request, queryset):
    return with_form(
        modeladmin, request, queryset, ApproveForm, "Approve and publish", "approve", "Published"
    )


@admin.action(description="Reject…", permissions=["change"])
def reject_profiles(modeladmin, request, queryset):
    return with_form(modeladmin, request, queryset, RejectForm, "Reject", "reject", "Rejected")


@admin.action(description="Request changes…", permissions=["change"])
def request_changes(modeladmin, request, queryset):
    return with_form(
        modeladmin,
        request,
        queryset,
        RequestChangesForm,
        "Request changes",
        "request_changes",
        "Asked for changes to",
    )


@admin.action(description="Hide…", permissions=["change"])
def hide_profiles(modeladmin, request, queryset):
    return with_form(modeladmin, request, queryset, NoteForm, "Hide", "hide", "Hid")


@admin.action(description="Unhide (publish again)", permissions=["change"])
def unhide_profiles(modeladmin, request, queryset):
    return direct(modeladmin, request, queryset, "unhide", "Published again")


@admin.action(description="Restore: the reports were unfounded", permissions=["change"])
def restore_from_reports(modeladmin, request, queryset):
    """One step for a listing that reports hid wrongly: published again, its open reports
    dismissed (they count on each reporter's record), the family told."""
    return apply_step(
        modeladmin,
        request,
        queryset,
        lambda profile: restore_after_unfounded_reports(profile, by=request.user),
        "Restored",
    )


@admin.action(description="Mark released…", permissions=["change"])
def mark_released(modeladmin, request, queryset):
    return with_form(
        modeladmin, request, queryset, NoteForm, "Mark released", "mark_released", "Hid"
    )


@admin.action(description="Mark transferred…", permissions=["change"])
def mark_transferred(modeladmin, request, queryset):
    return with_form(
        modeladmin,
        request,
        queryset,
        TransferForm,
        "Mark transferred",
        "mark_transferred",
        "Sent back to review",
    )


@admin.action(description="Expire", permissions=["change"])
def expire_profiles(modeladmin, request, queryset):
    return direct(modeladmin, request, queryset, "expire", "Expired")


@admin.action(description="Erase (takedown)…", permissions=["change"])
def erase_profiles(modeladmin, request, queryset):
    return with_form(
        modeladmin, request, queryset, EraseForm, "Erase (takedown)", "erase", "Erased"
    )


# The workflow step each action takes, to offer only the allowed ones on the change page.
ACTION_STEPS = {
    "approve_profiles": "approve",
    "reject_profiles": "reject",
    "request_changes": "request_changes",
    "hide_profiles": "hide",
    "unhide_profiles": "unhide",
    "restore_from_reports": "unhide",
    "mark_released": "mark_released",
    "mark_transferred": "mark_transferred",
    "expire_profiles": "expire",
    "erase_profiles": "erase",
}


def action_allowed(name, profile):
    if name == "restore_from_reports" and profile.hidden_reason not in HIDDEN_BY_REPORTS:
        return False
    return name in ACTION_STEPS and profile.can(ACTION_STEPS[name])


# --- The profile admin ----------------------------------------------------------------------


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = (
        "thumbnail",
        "name",
        "number",
        "facility_name",
        "jurisdiction",
        "waiting",
        "flags",
    )
    list_display_links = ("thumbnail", "name")
    list_filter = (
        QueueFilter,
        OpenReportsFilter,
        "facility__jurisdiction__listing_policy",
        "hidden_reason",
        "facility__jurisdiction",
    )
    list_select_related = ("facility__jurisdiction",)
    search_fields = (
        "first_name",
        "last_name",
        "preferred_name",
        "=inmate_number",
        "=public_id",
        "submitter_email",
    )
    list_per_page = 50
    show_full_result_count = False
    actions = [
        approve_profiles,
        reject_profiles,
        request_changes,
        hide_profiles,
        unhide_profiles,
        restore_from_reports,
        mark_released,
        mark_transferred,
        expire_profiles,
        erase_profiles,
    ]
    inlines = [ReportInline, ProfileEventInline]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 4, "cols": 80})},
    }
    # The listing's lists, as the family chose them: boxes to tick, not JSON to type.
    LIST_FIELDS = {"interests": Interest, "languages": Language, "looking_for": LookingFor}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        choices = self.LIST_FIELDS.get(db_field.name)
        if choices is not None:
            return forms.MultipleChoiceField(
                choices=choices.choices,
                widget=forms.CheckboxSelectMultiple,
                required=db_field.name != "interests",
                label=db_field.verbose_name.capitalize(),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    fieldsets = (
        (
            "Review",
            {
                "fields": (
                    ("status", "hidden_reason"),
                    "flags",
                    "possible_duplicates",
                    "photo_large",
                )
            },
        ),
        (
            "The person",
            {
                "fields": (
                    ("first_name", "last_name", "preferred_name"),
                    "inmate_number",
                    "inmate_locator",
                    "facility",
                    "date_of_birth",
                    ("gender", "gender_self_description"),
                    ("release_date", "release_date_kind"),
                    "offense_summary",
                )
            },
        ),
        ("The listing", {"fields": ("bio", "interests", "languages", "looking_for")}),
        (
            "Submitter and consent",
            {
                "fields": (
                    "submitter_name",
                    "submitter_email",
                    "submitter_relationship",
                    "consent_attestation",
                    "consent_record",
                )
            },
        ),
        (
            "Last verification",
            {
                "fields": (
                    ("custody_verified_on", "custody_verification_method"),
                    "custody_verification_note",
                    "consent_method",
                    "consent_note",
                )
            },
        ),
        (
            "Dates",
            {
                "classes": ("collapse",),
                "fields": (
                    "public_id",
                    "submitted_at",
                    "published_at",
                    "verified_at",
                    "expires_at",
                    "updated_at",
                ),
            },
        ),
    )
    # Set by the workflow (actions), by the submitter, or by the upload pipeline: never typed.
    readonly_fields = (
        "photo_large",
        "status",
        "hidden_reason",
        "flags",
        "possible_duplicates",
        "inmate_locator",
        "submitter_name",
        "submitter_email",
        "submitter_relationship",
        "consent_attestation",
        "consent_record",
        "custody_verified_on",
        "custody_verification_method",
        "custody_verification_note",
        "consent_method",
        "consent_note",
        "public_id",
        "submitted_at",
        "published_at",
        "verified_at",
        "expires_at",
        "updated_at",
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_duplicate_flag()
            .annotate(
                open_report_count=Count("reports", filter=Q(reports__status=Report.Status.OPEN)),
                hidden_by_reports=HIDDEN_BY_REPORTS_NOW,
            )
        )

    def get_ordering(self, request):
        # A listing that reports hid waits for review first: a family may have been wronged.
        return (HIDDEN_BY_REPORTS_NOW.desc(), "submitted_at", "id")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []  # a mailed-in request: staff type what the letter says
        fields = list(self.readonly_fields)
        if obj is not None and obj.status == S.ERASED:
            return [f.name for f in Profile._meta.concrete_fields] + fields
        # A published listing changes facility through "mark transferred", which re-queues it.
        if obj is not None and obj.status not in (S.PENDING, S.CHANGES_REQUESTED):
            fields.append("facility")
        return fields

    # Staff enter a listing that arrived by mail (a letter from the person, or a nonprofit's
    # request): the same model validation, then the same review step as the family's form.
    add_fieldsets = (
        (
            "The request by mail",
            {
                "description": "A letter in the person's own hand (or a signed consent form) is "
                "the consent record: attach its scan, or describe it in the note. The listing "
                "goes to the queue like any other and is published only after the usual checks.",
                "fields": ("consent_document", "consent_note", "submitter_name"),
            },
        ),
        (
            "The person",
            {
                "fields": (
                    ("first_name", "last_name", "preferred_name"),
                    "inmate_number",
                    "facility",
                    "date_of_birth",
                    ("gender", "gender_self_description"),
                    ("release_date", "release_date_kind"),
                    "offense_summary",
                )
            },
        ),
        ("The listing", {"fields": ("bio", "interests", "languages", "looking_for")}),
    )
    autocomplete_fields = ("facility",)

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else super().get_fieldsets(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = MailedInListingForm
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.arrived_by = "mail"
            obj.submitted_at = timezone.now()
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False  # erase instead: it keeps the record that the listing existed and why

    # --- Columns ---

    @admin.display(description="Photo")
    def thumbnail(self, profile):
        url = profile.thumbnail_url or profile.photo_url
        if not url:
            return format_html('<span class="{}">No photo</span>', "pp-no-photo")
        return format_html('<img src="{}" alt="" class="pp-thumb">', url)

    @admin.display(description="Name", ordering="last_name")
    def name(self, profile):
        if profile.preferred_name:
            return f"{profile.first_name} {profile.last_name} ({profile.preferred_name})"
        return f"{profile.first_name} {profile.last_name}"

    @admin.display(description="Number", ordering="inmate_number")
    def number(self, profile):
        return profile.inmate_number

    @admin.display(description="Facility", ordering="facility__name")
    def facility_name(self, profile):
        return profile.facility.display_name

    @admin.display(description="Jurisdiction", ordering="facility__jurisdiction__code")
    def jurisdiction(self, profile):
        return profile.facility.jurisdiction.code

    @admin.display(description="Waiting (or status)", ordering="submitted_at")
    def waiting(self, profile):
        if profile.status == S.PENDING:
            return timesince(profile.submitted_at, depth=1)
        return profile.get_status_display()

    @admin.display(description="Flags")
    def flags(self, profile):
        flags = []
        if profile.duplicate_of_id or getattr(profile, "has_duplicate", False):
            flags.append(("pp-flag pp-flag-duplicate", "Duplicate?"))
        policy = profile.facility.jurisdiction.listing_policy
        if policy == Jurisdiction.ListingPolicy.WARN:
            flags.append(("pp-flag pp-flag-warn", "Warn: jurisdiction"))
        elif policy == Jurisdiction.ListingPolicy.REFUSED:
            flags.append(("pp-flag pp-flag-refused", "Refused: jurisdiction"))
        if getattr(profile, "hidden_by_reports", False):
            flags.append(("pp-flag pp-flag-reports", "Hidden by a report: review first"))
        open_reports = getattr(profile, "open_report_count", 0)
        if open_reports:
            label = "1 report" if open_reports == 1 else f"{open_reports} reports"
            flags.append(("pp-flag pp-flag-reports", label))
        if not flags:
            return "—"
        return format_html_join(" ", '<span class="{}">{}</span>', flags)

    # --- Change page ---

    @admin.display(description="Photo")
    def photo_large(self, profile):
        if not profile.photo:
            return "No photo was submitted."
        return format_html(
            '<a href="{0}"><img src="{0}" alt="Submitted photo" class="pp-photo-large"></a>',
            profile.photo_url,
        )

    @admin.display(description="Consent in the person's hand")
    def consent_record(self, profile):
        parts = []
        if profile.consent_form_received_at:
            parts.append(
                format_html(
                    "Signed consent form received on {} (code {}).",
                    formats.date_format(timezone.localtime(profile.consent_form_received_at)),
                    profile.consent_code,
                )
            )
        if profile.consent_document:
            url = reverse("admin:profiles_profile_consent_document", args=[profile.pk])
            parts.append(format_html('<a href="{}">Open the scan</a>.', url))
        if not parts:
            return format_html(
                "None yet. The consent form's code is <strong>{}</strong>.", profile.consent_code
            )
        return format_html_join(" ", "{}", ((part,) for part in parts))

    def get_urls(self):
        return [
            path(
                "consent-received/",
                self.admin_site.admin_view(self.consent_received),
                name="profiles_profile_consent_received",
            ),
            path(
                "<int:pk>/consent-document/",
                self.admin_site.admin_view(self.consent_document),
                name="profiles_profile_consent_document",
            ),
            *super().get_urls(),
        ]

    def consent_received(self, request):
        """Type the code of a signed consent form that came back: the listing records it."""
        if request.method != "POST" or not self.has_change_permission(request):
            raise PermissionDenied
        code = "".join(request.POST.get("code", "").split()).upper()
        profile = Profile.objects.filter(consent_code=code).exclude(status=S.ERASED).first()
        if profile is None:
            self.message_user(
                request, f"No listing has the consent form code “{code}”.", messages.ERROR
            )
            return redirect("admin:index")
        if not profile.consent_form_received_at:
            profile.consent_form_received_at = timezone.now()
            profile.save(update_fields=["consent_form_received_at", "updated_at"])
            self.log_change(request, profile, f"Signed consent form received (code {code}).")
        self.message_user(
            request, f"Recorded the signed consent form of {profile}.", messages.SUCCESS
        )
        return redirect("admin:profiles_profile_change", profile.pk)

    def consent_document(self, request, pk):
        """The scan of the person's letter or form, to staff who may see the listing."""
        profile = get_object_or_404(Profile, pk=pk)
        if not self.has_view_or_change_permission(request, profile) or not profile.consent_document:
            raise Http404("No scan.")
        response = FileResponse(
            profile.consent_document.open("rb"),
            content_type=mimetypes.guess_type(profile.consent_document.name)[0]
            or "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'"
        response["Cache-Control"] = "private, no-store"
        return response

    @admin.display(description="Possible duplicates")
    def possible_duplicates(self, profile):
        others = Profile.objects.same_person_as(profile) | Profile.objects.filter(
            pk=profile.duplicate_of_id
        ).exclude(pk=profile.pk)
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a> ({})',
            (
                (
                    reverse("admin:profiles_profile_change", args=[other.pk]),
                    other,
                    other.get_status_display().lower(),
                )
                for other in others
            ),
        )
        return links or "None: no other active listing has this number in this jurisdiction."

    @admin.display(description="Official inmate locator")
    def inmate_locator(self, profile):
        jurisdiction = profile.facility.jurisdiction
        if not jurisdiction.inmate_locator_url:
            return f"No locator link is on file for {jurisdiction}."
        return format_html(
            '<a href="{}" target="_blank" rel="noopener noreferrer">Open the {} locator</a> '
            "and search for number <strong>{}</strong>.",
            jurisdiction.inmate_locator_url,
            jurisdiction,
            profile.inmate_number,
        )

    @admin.display(description="Consent attestation")
    def consent_attestation(self, profile):
        if not profile.consent_attested_at:
            return "The submitter did not attest the person's consent."
        return format_html(
            "{} attested on {} that the person agreed to be listed.",
            profile.submitter_name or "The submitter",
            profile.consent_attested_at.strftime("%B %d, %Y"),
        )

    def view_on_site(self, profile):
        if Profile.objects.public().filter(pk=profile.pk).exists():
            return profile.get_absolute_url()
        return None

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": "Moderation queue", **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        profile = self.get_object(request, object_id)
        actions = self.get_actions(request)
        extra_context = {
            **(extra_context or {}),
            # Only the decisions the listing's status allows.
            "moderation_actions": [
                (name, description)
                for name, (_func, _name, description) in actions.items()
                if profile is not None and action_allowed(name, profile)
            ],
            "changelist_all_url": reverse("admin:profiles_profile_changelist") + "?status=all",
        }
        return super().change_view(request, object_id, form_url, extra_context)


# --- Reports --------------------------------------------------------------------------------


class ReportStatusFilter(StatusFilter):
    statuses = Report.Status
    default = Report.Status.OPEN


def close_reports(modeladmin, request, queryset, status, resolution, done):
    closed = 0
    for report in queryset.filter(status=Report.Status.OPEN):
        report.close(by=request.user, status=status, resolution=resolution)
        closed += 1
    skipped = queryset.count() - closed
    modeladmin.message_user(request, f"{done} {closed} report(s).", messages.SUCCESS)
    if skipped:
        modeladmin.message_user(
            request, f"{skipped} report(s) were already closed.", messages.WARNING
        )


@admin.action(description="Resolve: staff changed the listing", permissions=["change"])
def resolve_reports(modeladmin, request, queryset):
    close_reports(
        modeladmin, request, queryset, Report.Status.RESOLVED, Report.Resolution.ACTED, "Resolved"
    )


@admin.action(description="Dismiss: nothing to change", permissions=["change"])
def dismiss_reports(modeladmin, request, queryset):
    close_reports(
        modeladmin,
        request,
        queryset,
        Report.Status.DISMISSED,
        Report.Resolution.NO_ACTION,
        "Dismissed",
    )


@admin.action(
    description="Dismiss and restore the listing hidden by reports", permissions=["change"]
)
def restore_listings(modeladmin, request, queryset):
    """One step for a listing that reports hid wrongly: publish it again, close its reports."""
    for profile in Profile.objects.filter(pk__in=queryset.values("profile")):
        try:
            restore_after_unfounded_reports(profile, by=request.user)
        except InvalidTransition as refused:
            modeladmin.message_user(request, f"Not changed: {profile}: {refused}", messages.ERROR)
            continue
        modeladmin.message_user(request, f"Restored {profile}.", messages.SUCCESS)


class UnfoundedReporterFilter(admin.SimpleListFilter):
    title = "reporter's record"
    parameter_name = "reporter_record"

    def lookups(self, request, model_admin):
        return [("unfounded", "Has reports dismissed before")]

    def queryset(self, request, queryset):
        if self.value() == "unfounded":
            return queryset.filter(unfounded_by_reporter__gt=0)
        return queryset


# The reporters' labels are sentences; the list needs a glance.
SHORT_REASONS = {
    Report.Reason.TAKEDOWN: "Takedown: about me or my family",
    Report.Reason.MONEY_REQUEST: "Money request or scam",
    Report.Reason.RELEASED: "Released",
    Report.Reason.TRANSFERRED: "Transferred",
    Report.Reason.WRONG_ADDRESS: "Wrong address",
    Report.Reason.INAPPROPRIATE: "Inappropriate content",
}


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "short_reason",
        "listing",
        "listing_status",
        "open_for_listing",
        "reporter_record",
        "status",
    )
    list_filter = (ReportStatusFilter, "reason", UnfoundedReporterFilter)
    list_select_related = ("profile",)
    ordering = ("created_at", "id")
    search_fields = ("=profile__public_id", "=profile__inmate_number", "profile__last_name")
    actions = [resolve_reports, dismiss_reports, restore_listings]
    fields = (
        "listing",
        "reason",
        "details",
        "contact_email",
        "reporter_identity",
        "reporter_record",
        "created_at",
        "status",
        "resolution",
        "resolution_note",
        "resolved_by",
        "resolved_at",
    )
    readonly_fields = tuple(f for f in fields if f != "resolution_note")

    def get_queryset(self, request):
        open_reports = (
            Report.objects.filter(profile=OuterRef("profile"), status=Report.Status.OPEN)
            .order_by()
            .values("profile")
            .annotate(n=Count("id"))
            .values("n")
        )
        unfounded = (
            Report.objects.filter(
                reporter_key=OuterRef("reporter_key"), status=Report.Status.DISMISSED
            )
            .order_by()
            .values("reporter_key")
            .annotate(n=Count("id"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                open_for_profile=Subquery(open_reports),
                unfounded_by_reporter=Subquery(unfounded),
            )
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": "Reports to review", **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    @admin.display(description="Reporter's account")
    def reporter_identity(self, report):
        # Only for a reporter who chose to be contacted: the others asked nothing of staff, and
        # a writer reporting a listing must not fear being named to whoever reads the report.
        if not report.contact_email:
            return "Not shown: the reporter gave no contact address."
        if report.reporter is None:
            return "Not signed in."
        return report.reporter.email

    @admin.display(description="Reporter's dismissed reports", ordering="unfounded_by_reporter")
    def reporter_record(self, report):
        # Counted by the reporter's key (an account or a hashed network address), never named:
        # someone who keeps hiding listings with unfounded reports shows here.
        count = getattr(report, "unfounded_by_reporter", None) or 0
        if not count:
            return "None"
        return format_html(
            '<span class="pp-flag pp-flag-reports">{} dismissed as unfounded</span>', count
        )

    @admin.display(description="Reason", ordering="reason")
    def short_reason(self, report):
        return SHORT_REASONS.get(report.reason, report.reason)

    @admin.display(description="Listing", ordering="profile__last_name")
    def listing(self, report):
        url = reverse("admin:profiles_profile_change", args=[report.profile_id])
        return format_html('<a href="{}">{}</a>', url, report.profile)

    @admin.display(description="Listing status")
    def listing_status(self, report):
        return report.profile.get_status_display()

    @admin.display(description="Open on listing")
    def open_for_listing(self, report):
        return report.open_for_profile or 0
