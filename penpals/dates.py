"""Dates and times as every page writes them (a template library every template has).

`{{ moment|when }}`: "today at 3:10 p.m.", "yesterday at 9:02 a.m.", or "November 3, 2026 at
3:10 p.m.", in the writer's time zone; dates alone use `|date`, which is "November 25, 2026"
(penpals/formats/en/formats.py).
"""

from datetime import timedelta

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def when(moment):
    if not moment:
        return ""
    local = timezone.localtime(moment)
    today = timezone.localdate()
    clock = formats.time_format(local)
    if local.date() == today:
        return _("today at %(time)s") % {"time": clock}
    if local.date() == today - timedelta(days=1):
        return _("yesterday at %(time)s") % {"time": clock}
    return _("%(date)s at %(time)s") % {"date": formats.date_format(local), "time": clock}
