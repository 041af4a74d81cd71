from django import template

from moderation.reports import ReportForm

register = template.Library()


@register.simple_tag
def new_report_form():
    """An empty report form, for the include on every profile page."""
    return ReportForm(auto_id="report_%s")
