"""Staff see e-mails that are waiting or that failed, and can send a failed one again."""

from django.contrib import admin, messages

from .models import OutgoingEmail
from .tasks import send_again


class StatusFilter(admin.SimpleListFilter):
    """Opens on the failed sends: the ones that need a person."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*OutgoingEmail.Status.choices, ("all", "All")]

    def value(self):
        return super().value() or OutgoingEmail.Status.FAILED

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset
        return queryset.filter(status=self.value())

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


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
