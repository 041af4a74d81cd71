"""Mounted by the project under /profiles/status/: the family's private status link."""

from django.urls import path

from . import status

app_name = "status"

urlpatterns = [
    path("<slug:token>/", status.status, name="page"),
    path("<slug:token>/edit/", status.edit, name="edit"),
    path("<slug:token>/renew/", status.renew, name="renew"),
    path("<slug:token>/withdraw/", status.withdraw, name="withdraw"),
    path("<slug:token>/released/", status.released, name="released"),
    path("<slug:token>/transfer/", status.transfer, name="transfer"),
    path("<slug:token>/consent-form.pdf", status.consent_form, name="consent_form"),
]
