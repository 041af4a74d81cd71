"""E-mail to the family who submitted a listing: the private link to manage it."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


def status_url(profile):
    # SITE_URL, not the request's Host header: a forged Host must not end up in e-mails.
    return settings.SITE_URL.rstrip("/") + profile.get_status_url()


def send_status_link(profile, *, duplicate=False):
    context = {"profile": profile, "status_url": status_url(profile), "duplicate": duplicate}
    send_mail(
        subject=f"Your Penpals listing for {profile.first_name} {profile.last_name}",
        message=render_to_string("profiles/email/submitted.txt", context),
        html_message=render_to_string("profiles/email/submitted.html", context),
        from_email=None,
        recipient_list=[profile.submitter_email],
    )
