import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

# A run with a digit in it, up to a space or a slash: 12345-678, #A123456, 33733, AB1234.
NUMBER = re.compile(r"[^\s/]*\d[^\s/]*")


@register.filter
def keep_numbers_whole(line):
    """An envelope line whose numbers never break across two lines: "12345-" above "678"
    would be copied onto an envelope as two things. The rest wraps as it must."""
    parts, end = [], 0
    for match in NUMBER.finditer(line):
        parts.append(conditional_escape(line[end : match.start()]))
        parts.append(format_html('<span class="text-nowrap">{}</span>', match.group()))
        end = match.end()
    parts.append(conditional_escape(line[end:]))
    return mark_safe("".join(parts))  # noqa: S308 (each part is escaped above)
