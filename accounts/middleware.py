from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.models import TIME_ZONES


def writer_time_zone(get_response):
    """Dates and times in the signed-in writer's own time zone; the site's for everyone else
    (whose pages may be cached for all visitors alike)."""

    def middleware(request):
        zone = getattr(request.user, "time_zone", "")
        if zone in TIME_ZONES:
            timezone.activate(ZoneInfo(zone))
        try:
            return get_response(request)
        finally:
            timezone.deactivate()

    return middleware
