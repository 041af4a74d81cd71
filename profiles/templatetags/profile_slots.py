"""Slots on profile pages that other parts of Penpals fill in (Save, Report this profile).

`{% optional_include "includes/save_button.html" %}` renders the template with the current
context when it exists, and nothing (or the fallback) until the feature that provides it lands.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.template.loader import TemplateDoesNotExist, get_template

register = template.Library()


def _find(name):
    try:
        return get_template(name)
    except TemplateDoesNotExist:
        return None


# Looked up once per process, not once per card (templates only appear with a deploy);
# in development every lookup is fresh so a new template shows up at once.
_find_once = lru_cache(maxsize=32)(_find)


@register.simple_tag(takes_context=True)
def optional_include(context, name, fallback=None):
    find = _find if settings.DEBUG else _find_once
    tmpl = find(name) or (fallback and find(fallback))
    if tmpl is None:
        return ""
    return tmpl.render(context.flatten(), context.get("request"))
