"""Mounted by the project under /profiles/: the report form on every public profile."""

from django.urls import path

from . import reports

app_name = "reports"

urlpatterns = [
    path("<slug:public_id>/report/", reports.report, name="create"),
]
