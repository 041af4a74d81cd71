"""Deleting a writer's account and every row that belongs to them (GDPR Art. 17)."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils.translation import gettext, gettext_lazy

from outbox.models import OutgoingEmail

# Session engines that keep sessions in the database table this module can search.
DATABASE_SESSION_ENGINES = {
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
}


def delete_sessions_of(user):
    """Delete every stored session signed in as `user` (other browsers and devices too).

    Sessions are opaque blobs, so each one is decoded; fine at Penpals' size. With a cache-only
    session engine the entries expire on their own and no longer match a user once deleted.
    """
    if settings.SESSION_ENGINE not in DATABASE_SESSION_ENGINES:
        return 0
    user_pk = str(user.pk)
    doomed = [
        session.pk
        for session in Session.objects.iterator(chunk_size=500)
        if str(session.get_decoded().get(SESSION_KEY)) == user_pk
    ]
    # Through the engine: cached_db keeps a copy of each session in the cache as well.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session_key in doomed:
        store(session_key=session_key).delete()
    return len(doomed)


def forget_rate_limits_of(request, user):
    """Drop the failed-sign-in counter kept under the writer's e-mail address."""
    from allauth.account.adapter import get_adapter

    get_adapter(request)._delete_login_attempts_cached_email(request, email=user.email)


# What the "account deleted" page calls each kind of row; other apps' models use their own
# (translated) verbose name.
KIND_NAMES = {
    "accounts.ReturnAddress": gettext_lazy("return addresses"),
    "accounts.SavedProfile": gettext_lazy("saved profiles"),
    "letters.Letter": gettext_lazy("letters"),
    "letters.LetterRevision": gettext_lazy("letter revisions"),
    "letters.CorrespondenceLogEntry": gettext_lazy("correspondence log entries"),
    "letters.ProhibitedItemsConfirmation": gettext_lazy("prohibited items confirmations"),
    "letters.ReturnedMailReport": gettext_lazy("returned mail reports"),
}


@transaction.atomic
def delete_account(request, user):
    """Delete `user` and everything that refers to them; returns what was deleted, by kind.

    Rows that point at the user with CASCADE (return address, saved profiles, e-mail addresses
    and their confirmations, admin log entries, letters) go with the user; reports they sent
    stay for the listing's review, anonymised.
    """
    from moderation.reports import anonymise_reports_of

    forget_rate_limits_of(request, user)
    sessions = delete_sessions_of(user)
    # E-mails to the writer still waiting in the queue, or failed: they hold links and names.
    emails, _ = OutgoingEmail.objects.filter(recipients__iexact=user.email).delete()
    reports = anonymise_reports_of(user)
    _, per_model = user.delete()
    deleted = {
        str(KIND_NAMES.get(label, apps.get_model(label)._meta.verbose_name_plural)): count
        for label, count in per_model.items()
        if count and label != user._meta.label
    }
    if sessions:
        deleted[gettext("sessions")] = sessions
    if emails:
        deleted[gettext("e-mails not yet sent")] = emails
    if reports:
        deleted[
            gettext("reports you sent (kept for the listing's review, no longer linked to you)")
        ] = reports
    return deleted
