"""E-mails of the submission flow, and the one way every e-mail of the site is built.

Every message has a plain-text and an HTML version rendered from `templates/emails/`. Sending
queues the message (settings.EMAIL_BACKEND is the outbox): call these inside the transaction of
the write they tell about, and the e-mail goes out if, and only if, that write is committed.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _


def one_line(text):
    """A subject with a line break raises BadHeaderError; names edited in the admin may hold one."""
    return " ".join(text.split())


def status_url(profile):
    """The absolute link to the submitter's private status page for this listing."""
    # SITE_URL, not the request's Host header: a forged Host must not end up in e-mails.
    return settings.SITE_URL.rstrip("/") + profile.get_status_url()


def lazy_format(message, **values):
    """`message % values`, translated only when read: a subject that send_email writes in the
    recipient's language."""
    return lazy(lambda: str(message) % values, str)()


def language_of(profile):
    """The language the family used on the form: every e-mail to them is written in it."""
    return profile.submitter_language or settings.LANGUAGE_CODE


def send_email(template, subject, recipient, context, *, language=None):
    """Queue `templates/emails/<template>.txt` and `.html` to `recipient`, written in
    `language` (the site's default when None), whatever the page or job that sends it."""
    context = {**context, "site_url": settings.SITE_URL.rstrip("/")}
    with translation.override(language or settings.LANGUAGE_CODE):
        message = EmailMultiAlternatives(
            # `subject` may be lazy: translated here, in the recipient's language.
            subject=one_line(f"Penpals: {subject}"),
            body=render_to_string(f"emails/{template}.txt", context),
            to=[recipient],
        )
        html = render_to_string(f"emails/{template}.html", context)
    message.attach_alternative(html, "text/html")
    message.send()


def send_status_link(profile, *, duplicate=False):
    """Right after a submission: what happens next, and the private link to manage the listing."""
    send_email(
        "submitted",
        lazy_format(
            _("Your listing for %(person)s"), person=f"{profile.first_name} {profile.last_name}"
        ),
        profile.submitter_email,
        {"profile": profile, "status_url": status_url(profile), "duplicate": duplicate},
        language=language_of(profile),
    )
