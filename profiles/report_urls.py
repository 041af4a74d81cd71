"""Mounted by the project under /profiles/: `path("profiles/", include("profiles.report_urls"))`."""

from django.urls import path

from . import reports

app_name = "reports"

urlpatterns = [
    path("<slug:public_id>/report/", reports.report, name="create"),
]
