"""How django-allauth fits Penpals: sign-up confirmations, and a 429 page for brute force."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone

THROTTLE_MINUTES = 15


def too_many_attempts(request, reason, offer_password_reset=False):
    """A 429 page with the reason in plain words."""
    context = {
        "reason": reason,
        "retry_after_minutes": THROTTLE_MINUTES,
        "offer_password_reset": offer_password_reset,
    }
    response = render(request, "accounts/too_many_attempts.html", context, status=429)
    response["Retry-After"] = str(THROTTLE_MINUTES * 60)
    return response


class AccountAdapter(DefaultAccountAdapter):
    # Penpals writes "e-mail" on its pages and in its e-mails; allauth's own messages follow
    # (and so do the message templates in templates/account/messages/).
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "cannot_remove_primary_email": "You cannot remove your primary e-mail address.",
        "duplicate_email": "This e-mail address is already on your account.",
        "email_password_mismatch": "That e-mail address and password do not match an account.",
        "email_taken": "An account with this e-mail address already exists.",
        "max_email_addresses": "You cannot add more than %d e-mail addresses.",
        "unknown_email": "No account uses this e-mail address.",
        "unverified_primary_email": "Your primary e-mail address must be confirmed first.",
    }

    def save_user(self, request, user, form, commit=True):
        data = form.cleaned_data
        user.display_name = data["display_name"]
        user.time_zone = data.get("time_zone", "")
        # The form refuses anyone who is not 18 or who does not accept the guidelines.
        user.adult_confirmed_at = user.guidelines_accepted_at = timezone.now()
        return super().save_user(request, user, form, commit=commit)

    def pre_authenticate(self, request, **credentials):
        # allauth reports the failed-sign-in limit as a form error (HTTP 200); an attacker's
        # script, and the tests, should see a real 429 instead. Other writers are unaffected:
        # the limit counts per client address and per e-mail address typed.
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            if error.code != "too_many_login_attempts":
                raise
            raise ImmediateHttpResponse(
                too_many_attempts(
                    request,
                    "There have been too many failed sign-in attempts for this account or "
                    "from your network.",
                    offer_password_reset=True,
                )
            ) from error
