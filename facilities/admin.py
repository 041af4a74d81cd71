from django.contrib import admin
from django.db import models
from django.utils import timezone

from facilities.models import Facility, Jurisdiction, MailPolicy

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
PROVENANCE = ("is_general_guidance", "source_urls", "source_grade", "last_verified", "notes")


class MailPolicyOverrideInline(admin.StackedInline):
    model = MailPolicy
    fk_name = "facility"
    extra = 0
    max_num = 1
    verbose_name = "mail policy override"
    verbose_name_plural = "mail policy override (replaces the jurisdiction's policy)"
    readonly_fields = ("last_verified",)
    fieldsets = (
        ("Addressing", {"fields": ADDRESSING}),
        ("Processing", {"fields": PROCESSING, "classes": ["collapse"]}),
        ("Envelope and content", {"fields": ENVELOPE_AND_CONTENT, "classes": ["collapse"]}),
        ("Provenance", {"fields": PROVENANCE}),
    )


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "state", "listing_policy", "inmate_locator_url")
    list_filter = ("listing_policy",)
    list_editable = ("listing_policy",)
    search_fields = ("code", "name", "state")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
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
    readonly_fields = ("hifld_id", "source", "updated_at")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MailPolicyOverrideInline]
    fieldsets = (
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
        (
            "Source",
            {"fields": ("bop_code", "hifld_id", "source", "edited_by_staff", "updated_at")},
        ),
    )

    def save_model(self, request, obj, form, change):
        # Staff corrections (a camp's P.O. box, a renamed prison) must survive `make run`.
        if "edited_by_staff" not in form.changed_data:
            obj.edited_by_staff = True
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        # A policy staff have saved is a policy staff have checked: stamp today's date.
        for policy in formset.save(commit=False):
            policy.jurisdiction_id = form.instance.jurisdiction_id
            policy.last_verified = timezone.localdate()
            policy.save()
        for policy in formset.deleted_objects:
            policy.delete()


@admin.register(MailPolicy)
class MailPolicyAdmin(admin.ModelAdmin):
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
    readonly_fields = ("last_verified",)
    fieldsets = (
        (None, {"fields": ("jurisdiction", "facility")}),
        ("Addressing", {"fields": ADDRESSING}),
        ("Processing", {"fields": PROCESSING}),
        ("Envelope and content", {"fields": ENVELOPE_AND_CONTENT}),
        ("Provenance", {"fields": PROVENANCE}),
    )

    def save_model(self, request, obj, form, change):
        obj.last_verified = timezone.localdate()
        super().save_model(request, obj, form, change)
