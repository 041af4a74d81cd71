"""Staff see returned mail that writers reported, never the letters themselves: a writer's
letters are private, and moderation does not need them."""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from letters.models import ReturnedMailReport


@admin.register(ReturnedMailReport)
class ReturnedMailReportAdmin(admin.ModelAdmin):
    list_display = ("date", "return_reason", "profile_link", "created_at")
    list_filter = ("return_reason",)
    list_select_related = ("profile",)
    date_hierarchy = "created_at"
    fields = ("date", "return_reason", "profile_link", "created_at")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind="returned", reported_to_staff=True)

    @admin.display(description="profile")
    def profile_link(self, report):
        if report.profile is None:
            return "(deleted)"
        try:
            url = reverse("admin:profiles_profile_change", args=[report.profile_id])
        except NoReverseMatch:  # the profiles admin is not registered
            return str(report.profile)
        return format_html('<a href="{}">{}</a>', url, report.profile)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
