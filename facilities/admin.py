"""Directory data in the admin: jurisdictions, facilities, mail policies, and the four-eyes
approvals that every change to where letters go, or the rules they are checked against, needs.

Saving a facility's address or a mail policy does not change it: it proposes the change
(`DirectoryChange`) with a source link. The public pages, the letter editor and the PDF keep
the approved values until a second staff member approves; both are recorded.
"""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from facilities.models import (
    ChangeRefused,
    DirectoryChange,
    Facility,
    Jurisdiction,
    MailPolicy,
    four_eyes_fields,
)
from penpals.admin_site import StatusFilter

ADDRESSING = (
    "inmate_number_label",
    "inmate_number_regex",
    "inmate_number_example",
    "name_order",
    "mailing_address_template",
    "facility_name_no_abbreviation",
    "physical_address_accepts_mail",
    "legal_mail_address",
    "publications_address",
)
PROCESSING = (
    "requires_central_processing",
    "processor",
    "delivery_form",
    "originals_destroyed_after_days",
)
ENVELOPE_AND_CONTENT = (
    "return_address_full_name_required",
    "return_address_labels_allowed",
    "allowed_envelope_colors",
    "max_pages",
    "max_pages_counts_envelope",
    "max_paper_size",
    "allowed_paper_colors",
    "allowed_ink",
    "max_photos",
    "max_photo_size",
    "allows_polaroids",
    "allows_cards",
    "card_rules",
    "prohibited_items",
    "content_rules",
    "e_messaging",
)
PROVENANCE = (
    "is_general_guidance",
    "source_urls",
    "source_grade",
    "last_verified",
    "address_changed_at",
    "notes",
)


class ProposalForm(forms.ModelForm):
    """The admin form, plus what a proposed change needs: its source, and a note."""

    change_source_url = forms.URLField(
        label="Source of this change",
        required=False,
        assume_scheme="https",
        max_length=500,
        help_text="Required when the address or the rules change: the official page or "
        "document you checked. A second staff member checks it before the change is public.",
    )
    change_note = forms.CharField(
        label="Note for the reviewer", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def guarded_changes(self):
        """The fields this save would change that need a second person: for a new row, all."""
        if self.instance.pk is None:
            model_fields = {f.name for f in self._meta.model._meta.concrete_fields}
            return [f for f in self.fields if f in model_fields]
        guarded = four_eyes_fields(self._meta.model)
        return [f for f in self.changed_data if f in guarded]

    def clean(self):
        cleaned = super().clean()
        wants_review = self.guarded_changes() or cleaned.get("verified_against_source")
        if wants_review and not cleaned.get("change_source_url"):
            self.add_error(
                "change_source_url",
                "Give the link where you checked this: a change to a mailing address or its "
                "rules needs a source before a second staff member can approve it.",
            )
        return cleaned


class MailPolicyForm(ProposalForm):
    verified_against_source = forms.BooleanField(
        label="I checked these rules against the source today",
        required=False,
        help_text="With no other change, this asks a second staff member to confirm the check, "
        "which then updates 'last verified'.",
    )


PROPOSAL_FIELDSET = (
    "Four eyes: changes to the address or the rules wait for a second staff member",
    {"fields": ("pending_changes", "change_source_url", "change_note")},
)


class FourEyesAdmin(admin.ModelAdmin):
    """Saves what is not guarded; proposes what is (see the module docstring)."""

    def save_model(self, request, obj, form, change):
        fields = form.guarded_changes()
        verify = form.cleaned_data.get("verified_against_source", False)
        if fields or verify:
            request._directory_change = DirectoryChange.propose(
                obj,
                fields,
                by=request.user,
                source_url=form.cleaned_data["change_source_url"],
                note=form.cleaned_data["change_note"],
                verification_only=not fields,
            )
        if not change:
            return  # a new row exists only once approved
        if fields:
            stored = type(obj).objects.get(pk=obj.pk)
            for name in fields:
                attname = obj._meta.get_field(name).attname
                setattr(obj, attname, getattr(stored, attname))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if form.instance.pk is not None:
            super().save_related(request, form, formsets, change)

    def log_addition(self, request, obj, message):
        proposal = getattr(request, "_directory_change", None)
        return super().log_addition(request, proposal or obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:
            return self._proposed(request)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if getattr(request, "_directory_change", None):
            return self._proposed(request)
        return super().response_change(request, obj)

    def _proposed(self, request):
        proposal = request._directory_change
        self.message_user(
            request,
            f"Proposed as {proposal}. The site keeps showing the current address and rules "
            "until another staff member approves it.",
            messages.SUCCESS,
        )
        return redirect("admin:facilities_directorychange_change", proposal.pk)

    @admin.display(description="Changes waiting for approval")
    def pending_changes(self, obj):
        if obj is None or obj.pk is None:
            return "None"
        pending = DirectoryChange.objects.filter(
            content_type__model=obj._meta.model_name,
            object_id=obj.pk,
            status=DirectoryChange.Status.PENDING,
        )
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:facilities_directorychange_change", args=[p.pk]), p) for p in pending),
        )
        return links or "None"


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "state", "listing_policy", "inmate_locator_url")
    list_filter = ("listing_policy",)
    list_editable = ("listing_policy",)
    search_fields = ("code", "name", "state")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Facility)
class FacilityAdmin(FourEyesAdmin):
    form = ProposalForm
    list_display = (
        "name",
        "physical_city",
        "physical_state",
        "jurisdiction",
        "facility_type",
        "bop_code",
        "is_open",
    )
    list_filter = ("is_open", "facility_type", "edited_by_staff", "jurisdiction", "physical_state")
    list_select_related = ("jurisdiction",)
    search_fields = ("name", "short_name", "physical_city", "bop_code", "hifld_id", "slug")
    readonly_fields = (
        "hifld_id",
        "source",
        "updated_at",
        "address_changed_at",
        "mail_policy",
        "pending_changes",
    )
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        PROPOSAL_FIELDSET,
        (None, {"fields": ("name", "short_name", "slug", "jurisdiction", "facility_type")}),
        ("Status", {"fields": ("is_open", "security_level", "telephone")}),
        (
            "Physical address (never used for mail where the policy says so)",
            {"fields": ("physical_street", "physical_city", "physical_state", "physical_zip")},
        ),
        (
            "Mail address (only when mail goes to the facility at another address)",
            {"fields": ("mail_street", "mail_street2", "mail_city", "mail_state", "mail_zip")},
        ),
        ("Mail policy", {"fields": ("mail_policy",)}),
        (
            "Source",
            {
                "fields": (
                    "bop_code",
                    "hifld_id",
                    "source",
                    "edited_by_staff",
                    "address_changed_at",
                    "updated_at",
                )
            },
        ),
    )

    def save_model(self, request, obj, form, change):
        # Staff corrections (a camp's P.O. box, a renamed prison) must survive `make run`.
        if "edited_by_staff" not in form.changed_data:
            obj.edited_by_staff = True
        super().save_model(request, obj, form, change)

    @admin.display(description="Mail policy")
    def mail_policy(self, facility):
        if facility.pk is None:
            return "The jurisdiction's, unless an override is added once the facility exists."
        override = MailPolicy.objects.filter(facility=facility).first()
        if override is not None:
            url = reverse("admin:facilities_mailpolicy_change", args=[override.pk])
            return format_html('This facility\'s own override: <a href="{}">{}</a>', url, override)
        add_url = reverse("admin:facilities_mailpolicy_add")
        return format_html(
            'The jurisdiction\'s. <a href="{}?facility={}&amp;jurisdiction={}">Propose an '
            "override for this facility</a> where its rules differ.",
            add_url,
            facility.pk,
            facility.jurisdiction_id,
        )


@admin.register(MailPolicy)
class MailPolicyAdmin(FourEyesAdmin):
    form = MailPolicyForm
    list_display = (
        "__str__",
        "jurisdiction",
        "facility",
        "is_general_guidance",
        "source_grade",
        "last_verified",
    )
    list_filter = ("is_general_guidance", "source_grade", "processor", "jurisdiction")
    list_select_related = ("jurisdiction", "facility")
    search_fields = ("jurisdiction__name", "jurisdiction__code", "facility__name")
    autocomplete_fields = ("facility",)
    readonly_fields = ("last_verified", "address_changed_at", "pending_changes")
    fieldsets = (
        PROPOSAL_FIELDSET,
        (None, {"fields": ("jurisdiction", "facility", "verified_against_source")}),
        ("Addressing", {"fields": ADDRESSING}),
        ("Processing", {"fields": PROCESSING}),
        ("Envelope and content", {"fields": ENVELOPE_AND_CONTENT}),
        ("Provenance", {"fields": PROVENANCE}),
    )

    def has_delete_permission(self, request, obj=None):
        return False  # removing a policy changes addresses; it would bypass the approval


@admin.action(description="Approve (make public)", permissions=["approve"])
def approve_changes(modeladmin, request, queryset):
    decide(
        modeladmin, request, queryset, lambda change: change.approve(by=request.user), "Approved"
    )


@admin.action(description="Reject", permissions=["approve"])
def reject_changes(modeladmin, request, queryset):
    decide(modeladmin, request, queryset, lambda change: change.reject(by=request.user), "Rejected")


def decide(modeladmin, request, queryset, step, done):
    for change in queryset:
        try:
            step(change)
        except ChangeRefused as refused:
            modeladmin.message_user(request, f"{change}: {refused}", messages.ERROR)
            continue
        modeladmin.log_change(request, change, f"{done} (proposed by {change.proposed_by})")
        target = change.target
        if target is not None and done == "Approved":
            modeladmin.log_change(
                request,
                target,
                f"Approved {change} proposed by {change.proposed_by}; source {change.source_url}",
            )
        modeladmin.message_user(request, f"{done} {change}.", messages.SUCCESS)


class DirectoryChangeStatusFilter(StatusFilter):
    statuses = DirectoryChange.Status
    default = DirectoryChange.Status.PENDING


@admin.register(DirectoryChange)
class DirectoryChangeAdmin(admin.ModelAdmin):
    """The four-eyes queue and the audit history of directory data: read-only, decided by
    actions that refuse the proposer."""

    list_display = ("__str__", "what", "proposed_by", "proposed_at", "status", "decided_by")
    list_filter = (DirectoryChangeStatusFilter,)
    list_select_related = ("content_type", "proposed_by", "decided_by")
    actions = [approve_changes, reject_changes]
    fields = (
        "what",
        "difference",
        "source_link",
        "note",
        "status",
        "proposed_by",
        "proposed_at",
        "decided_by",
        "decided_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_approve_permission(self, request):
        return request.user.has_perm("facilities.approve_directorychange")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = self.get_object(request, object_id)
        pending = change is not None and change.status == DirectoryChange.Status.PENDING
        own = change is not None and change.proposed_by_id == request.user.pk
        extra_context = {
            **(extra_context or {}),
            "can_decide": pending and not own and self.has_approve_permission(request),
            "waiting_for_someone_else": pending and own,
            "changelist_url": reverse("admin:facilities_directorychange_changelist"),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="What")
    def what(self, change):
        target = change.target
        if target is None:
            return f"A new {change.content_type.model_class()._meta.verbose_name}"
        url = reverse(f"admin:facilities_{change.content_type.model}_change", args=[target.pk])
        return format_html('<a href="{}">{}</a>', url, target)

    @admin.display(description="Change")
    def difference(self, change):
        if change.verification_only:
            return "No change: the rules were checked against the source."
        model = change.content_type.model_class()
        rows = (
            (model._meta.get_field(name).verbose_name, change.previous.get(name, "—"), value)
            for name, value in change.changes.items()
        )
        return format_html(
            '<table class="pp-diff"><tr><th>Field</th><th>Now</th><th>Proposed</th></tr>{}</table>',
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )

    @admin.display(description="Source")
    def source_link(self, change):
        return format_html(
            '<a href="{0}" rel="noopener noreferrer" target="_blank">{0}</a>', change.source_url
        )
