"""The admin site, with one guard in front of every admin view.

The admin turns query parameters straight into database lookups (list filters, the date
drill-down, search, autocomplete, the selected rows of an action), so odd input that forms
would refuse reaches the database there: a NUL character, which PostgreSQL refuses in any
text, or a year past 9999, which Python's dates refuse. Checking once, where every admin view
is wrapped, covers every filter and every model admin, including ones added later.
"""

import datetime
import re
from functools import wraps

from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import BadRequest

DATE_PART = re.compile(r"^(?P<field>.+)__(?P<part>year|month|day)$")


def refuse_odd_input(request):
    """Raise BadRequest (a 400 page) for input no admin page can use."""
    params = [*request.GET.lists(), *request.POST.lists()]
    for key, values in params:
        if "\x00" in key or any("\x00" in value for value in values):
            raise BadRequest("NUL character in an admin parameter.")
    dates = {}
    for key, values in request.GET.lists():
        match = DATE_PART.match(key)
        if match:
            value = values[-1]
            if not value.isdigit() or len(value) > 4:
                raise BadRequest(f"{key} is not a date part.")
            dates.setdefault(match["field"], {})[match["part"]] = int(value)
    for field, parts in dates.items():
        try:
            datetime.date(parts.get("year", 2000), parts.get("month", 1), parts.get("day", 1))
        except ValueError as error:
            raise BadRequest(f"{field}: {error}.") from error


class PenpalsAdminSite(AdminSite):
    site_header = "Penpals moderation"
    site_title = "Penpals admin"
    index_title = "Moderation and directory data"

    def index(self, request, extra_context=None):
        """The work waiting, first: listings to decide, reports (takedowns first), returned
        mail, and the box for a returned consent form's code."""
        from moderation.queue import work_waiting

        extra_context = {**(extra_context or {}), "work": work_waiting(request.user)}
        return super().index(request, extra_context)

    def admin_view(self, view, cacheable=False):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            refuse_odd_input(request)
            return view(request, *args, **kwargs)

        return super().admin_view(guarded, cacheable)


class PenpalsAdminConfig(AdminConfig):
    default_site = "penpals.admin_site.PenpalsAdminSite"


class StatusFilter(admin.SimpleListFilter):
    """A status filter that opens on `default` (the work waiting) instead of everything; "All"
    shows everything. Subclasses name the `statuses` (TextChoices) and the `default`."""

    title = "status"
    parameter_name = "status"
    statuses = None
    default = None

    def lookups(self, request, model_admin):
        return [*self.statuses.choices, ("all", "All")]

    def value(self):
        return super().value() or self.default

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
