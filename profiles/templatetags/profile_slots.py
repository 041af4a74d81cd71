"""Slots on profile pages that other parts of Penpals fill in (Save, Report this profile).

`{% optional_include "includes/save_button.html" %}` renders the template with the current
context when it exists, and nothing (or the fallback) until the feature that provides it lands.
"""

from django import template
from django.template.loader import TemplateDoesNotExist, get_template

register = template.Library()


@register.simple_tag(takes_context=True)
def optional_include(context, name, fallback=None):
    try:
        tmpl = get_template(name)
    except TemplateDoesNotExist:
        if fallback is None:
            return ""
        tmpl = get_template(fallback)
    return tmpl.render(context.flatten(), context.get("request"))
