"""How django-allauth fits Penpals: sign-up confirmations, the one rule for `next`, and failed
sign-ins throttled so that a stranger cannot lock a writer out.

Failed sign-ins count three ways (settings.ACCOUNT_RATE_LIMITS):
- per client address ("login_failed", per ip): one address guessing many accounts gets a 429;
- per account and address together ("login_failed", per key; the key is the pair): one
  address guessing one account gets a 429, and the owner, signing in from anywhere else, is
  not affected;
- per account from everywhere ("login_failed_account"): many addresses guessing one account.
  Past that limit the right password is not refused: it is not enough either, and the writer
  is sent a sign-in code by e-mail to finish signing in (allauth's login-by-code stage).
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core import ratelimit
from allauth.core.exceptions import ImmediateHttpResponse
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from penpals.redirects import is_safe_path
from profiles.ratelimit import client_address, too_many_attempts_page

THROTTLE_MINUTES = 15
ACCOUNT_LIMIT_ACTION = "login_failed_account"


def too_many_attempts(request, reason, offer_password_reset=False):
    return too_many_attempts_page(
        request,
        reason=reason,
        window=THROTTLE_MINUTES * 60,
        offer_password_reset=offer_password_reset,
    )


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        # allauth's rate limits count the same address as the site's (TRUSTED_PROXY_COUNT).
        return client_address(request)

    # Penpals writes "e-mail" on its pages and in its e-mails; allauth's own messages follow
    # (and so do the message templates in templates/account/messages/).
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "cannot_remove_primary_email": gettext_lazy(
            "You cannot remove your primary e-mail address."
        ),
        "duplicate_email": gettext_lazy("This e-mail address is already on your account."),
        "email_password_mismatch": gettext_lazy(
            "That e-mail address and password do not match an account."
        ),
        "email_taken": gettext_lazy("An account with this e-mail address already exists."),
        "max_email_addresses": gettext_lazy("You cannot add more than %d e-mail addresses."),
        "unknown_email": gettext_lazy("No account uses this e-mail address."),
        "unverified_primary_email": gettext_lazy(
            "Your primary e-mail address must be confirmed first."
        ),
    }

    def save_user(self, request, user, form, commit=True):
        data = form.cleaned_data
        user.display_name = data["display_name"]
        user.time_zone = data.get("time_zone", "")
        user.language = request.LANGUAGE_CODE
        # The form refuses anyone who is not 18 or who does not accept the guidelines.
        user.adult_confirmed_at = user.guidelines_accepted_at = timezone.now()
        return super().save_user(request, user, form, commit=commit)

    def is_safe_url(self, url):
        # Sign-in, sign-up and the admin's sign-in follow the project's one rule for `next`.
        return is_safe_path(allauth_context.request, url)

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth keys its per-account count ("key") by this; keyed by the account *and* the
        # client address, a stranger's failures lock out only the stranger. A password reset
        # clears the same pair (allauth calls this for the address being reset).
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:" + (
            self.get_client_ip(request)
        )

    def pre_authenticate(self, request, **credentials):
        # allauth reports the failed-sign-in limit as a form error (HTTP 200); an attacker's
        # script, and the tests, should see a real 429 instead.
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            if error.code != "too_many_login_attempts":
                raise
            raise ImmediateHttpResponse(
                too_many_attempts(
                    request,
                    _(
                        "There have been too many failed sign-in attempts for this account "
                        "from your network."
                    ),
                    offer_password_reset=True,
                )
            ) from error

    def authentication_failed(self, request, **credentials):
        super().authentication_failed(request, **credentials)
        ratelimit.consume(request, action=ACCOUNT_LIMIT_ACTION, key=_login(credentials))

    def _delete_login_attempts_cached_email(self, request, **credentials):
        # A password reset proves the owner holds the mailbox: clear the account-wide count too.
        super()._delete_login_attempts_cached_email(request, **credentials)
        ratelimit.clear(request, action=ACCOUNT_LIMIT_ACTION, key=_login(credentials))

    def is_login_by_code_required(self, login):
        if super().is_login_by_code_required(login):
            return True
        from allauth.account.internal.flows.login import get_authentication_records

        records = get_authentication_records(self.request, login.user)
        by_password = bool(records) and records[-1]["method"] == "password"
        return by_password and account_under_attack(self.request, login.user.email)


def _login(credentials):
    return credentials.get("email", "").strip().lower()


def account_under_attack(request, email):
    """True when failed sign-ins for this account, from all addresses together, are past the
    account-wide limit: a password alone then no longer signs in."""
    return not ratelimit.consume(
        request, action=ACCOUNT_LIMIT_ACTION, key=email.strip().lower(), dry_run=True
    )
