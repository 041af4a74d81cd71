"""Staff see e-mails that are waiting or that failed, and can send a failed one again."""

from django.contrib import admin, messages

from penpals.admin_site import StatusFilter as BaseStatusFilter

from .models import OutgoingEmail
from .tasks import send_again


class StatusFilter(BaseStatusFilter):
    """Opens on the failed sends: the ones that need a person."""

    statuses = OutgoingEmail.Status
    default = OutgoingEmail.Status.FAILED


@admin.action(description="Send again", permissions=["change"])
def send_selected_again(modeladmin, request, queryset):
    failed = queryset.filter(status=OutgoingEmail.Status.FAILED)
    count = 0
    for email in failed:
        send_again(email)
        count += 1
    modeladmin.message_user(request, f"Queued {count} e-mail(s) to send again.", messages.SUCCESS)


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipients", "subject", "status", "attempts", "last_error")
    list_filter = (StatusFilter,)
    search_fields = ("recipients", "subject")
    ordering = ("-created_at", "-id")
    actions = [send_selected_again]
    fields = (
        "status",
        "recipients",
        "subject",
        "created_at",
        "attempts",
        "last_attempt_at",
        "last_error",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": "Outgoing e-mail", **(extra_context or {})}
        return super().changelist_view(request, extra_context)
