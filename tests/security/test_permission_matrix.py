"""Every URL the project defines, for every role, with real object ids (issue 12).

The URLs are read from the URL resolver, so a new URL is covered as soon as it exists: it
fails `test_every_url_has_an_expectation` until its line is added to EXPECTED, and the failure
prints that line. Admin pages of registered models follow rules over the role's model
permissions (ADMIN_RULES); each still gets a real request. The roles: a visitor, writer A (who
owns the letter and the saved profile), writer B, a moderator, a directory editor and a
superuser.
"""

import re
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from accounts.models import SavedProfile
from facilities.models import DirectoryChange, MailPolicy
from letters.models import CorrespondenceLogEntry, Letter
from moderation.models import Report
from outbox.models import OutgoingEmail
from tests.factories import (
    FacilityFactory,
    ProfileFactory,
    PublicProfileFactory,
    ReturnAddressFactory,
    UserFactory,
    WriterFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "writer_a", "writer_b", "moderator", "directory_editor", "superuser")
WRITERS = ("writer_a", "writer_b")
STAFF = ("moderator", "directory_editor", "superuser")


@dataclass(frozen=True)
class Expect:
    method: str
    statuses: dict
    query: str = ""  # formatted with the world's ids, e.g. "to={public_id}"
    data: dict = field(default_factory=dict)

    def for_role(self, role):
        return self.statuses[role]


def expect(method="GET", *, query="", others=None, **statuses):
    """Statuses by role; `others` fills the roles not named."""
    unknown = set(statuses) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    filled = {role: statuses.get(role, others) for role in ROLES}
    assert None not in filled.values(), (
        f"no status for {[r for r, s in filled.items() if s is None]}"
    )
    return Expect(method, filled, query)


def everyone(status, method="GET", **kwargs):
    return expect(method, others=status, **kwargs)


def signed_in(status, method="GET", **kwargs):
    """Anonymous visitors are sent to sign in; anyone signed in gets `status`."""
    return expect(method, anonymous=302, others=status, **kwargs)


def owner_only(status, method="GET"):
    """Writer A's letter: A gets `status`, every other signed-in person a 404, not a 403."""
    return expect(method, anonymous=302, writer_a=status, others=404)


def staff_only(status, method="GET", **kwargs):
    """The admin: people who are not staff are sent to the admin's sign-in."""
    return expect(method, anonymous=302, writer_a=302, writer_b=302, others=status, **kwargs)


# One line per URL pattern: its name (or, for an unnamed one, its route).
EXPECTED = {
    # Site pages
    "home": everyone(200),
    "about": everyone(200),
    "privacy": everyone(200),
    "safety": everyone(200),
    "guidelines": everyone(200),
    "set_language": everyone(302),  # GET changes nothing, back to the page (the switcher POSTs)
    "healthz": everyone(200),
    "readyz": everyone(200),
    "javascript-catalog": everyone(200),
    # Photos only through signed, expiring links: an unsigned name is unknown to everyone.
    "photo": everyone(404),
    # Public directory, profiles and reports
    "profiles:list": everyone(200),
    "profiles:detail": everyone(200),
    "profiles:submit_start": everyone(200),
    "profiles:submit": everyone(200),
    "reports:create": everyone(200),
    "facilities:list": everyone(200),
    "facilities:detail": everyone(200),
    "facilities:search": everyone(200, query="q=albion"),
    # The submitter's status link: the token is the credential, whoever is signed in.
    "status:page": everyone(200),
    "status:consent_form": everyone(404),  # published already: nothing left to consent to
    "status:edit": everyone(200),
    "status:transfer": everyone(200),
    "status:renew": everyone(405),  # POST only
    "status:withdraw": everyone(200),  # the confirmation page; POST withdraws
    "status:released": everyone(405),
    # A writer's letters: the owner only; staff included, nobody else reads them.
    "letters:list": signed_in(200),
    "letters:new": signed_in(200, query="to={public_id}"),
    "letters:log_received": signed_in(400, "POST"),
    "letters:log_returned": signed_in(400, "POST"),
    "letters:edit": owner_only(200),
    "letters:autosave": owner_only(400, "POST"),
    "letters:pdf": owner_only(409),  # not ready to print yet
    "letters:ready": owner_only(302, "POST"),
    "letters:sent": owner_only(400, "POST"),  # no date sent: refused with a message
    "letters:merge": owner_only(409, "POST"),  # no version: "the letter changed meanwhile"
    "letters:restore": owner_only(302, "POST"),
    # A writer's account
    "accounts:profile": signed_in(200),
    "accounts:saved": signed_in(200),
    "accounts:toggle_saved": signed_in(302, "POST"),
    "accounts:export": signed_in(200),
    "accounts:delete": signed_in(200),
    # django-allauth
    "account_login": expect(anonymous=200, others=302),
    "account_signup": expect(anonymous=200, others=302),
    "account_logout": expect(anonymous=302, others=200),
    "account_inactive": everyone(200),
    "account_reauthenticate": signed_in(200),
    "account_email": signed_in(200),
    "account_email_verification_sent": everyone(200),
    "account_change_password": signed_in(200),
    "account_set_password": signed_in(302),  # everyone has a password: go to change it
    "account_reset_password": everyone(200),
    "account_reset_password_done": everyone(200),
    "account_reset_password_from_key": everyone(200),  # a forged key: the "broken link" page
    "account_reset_password_from_key_done": everyone(200),
    "account_confirm_email": everyone(200),  # a forged key: the "broken link" page
    "account_confirm_login_code": everyone(302),  # no sign-in waiting for a code
    # The admin site's own pages (model pages follow ADMIN_RULES)
    "admin:index": staff_only(200),
    # To the rate-limited sign-in page; a signed-in writer is refused, not asked again.
    "admin:login": expect(anonymous=302, writer_a=403, writer_b=403, others=302),
    "admin:logout": staff_only(405),  # POST only
    "admin:password_change": staff_only(200),
    "admin:password_change_done": staff_only(200),
    "admin:jsi18n": staff_only(200),
    "admin:autocomplete": staff_only(
        200, query="app_label=facilities&model_name=mailpolicy&field_name=facility&term=a"
    ),
    "admin:view_on_site": staff_only(302),
    "admin:app_list": staff_only(200, directory_editor=404),  # the profiles app
    "admin:profiles_profile_consent_received": staff_only(403),  # POST only, by the queue's box
    "admin:profiles_profile_consent_document": staff_only(404),  # this listing has no scan
    "admin/(?P<url>.*)$": staff_only(404),
    # Uploaded photos, served by Django in development: only when penpals.urls was first
    # imported with DEBUG on, which depends on the order the test modules load in.
    "^media/(?P<path>.*)$": everyone(404),
}
SOMETIMES_ABSENT = {"^media/(?P<path>.*)$"}

# Admin pages of registered models: what each needs from the role's model permissions, and
# what a model's admin switches off for everyone (listings come from families; history and
# reports are never deleted; directory changes are decided, not edited).
ADMIN_RULES = {
    "changelist": ("view", "change"),
    "change": ("view", "change"),
    "history": ("view", "change"),
    "add": ("add",),
    "delete": ("delete",),
    "password_change": ("change",),
}
ADMIN_SWITCHED_OFF = {
    "profiles.profile": {"delete"},  # added by staff only for requests that came by mail
    "moderation.report": {"add", "delete"},
    "letters.returnedmailreport": {"add", "change"},
    "facilities.mailpolicy": {"delete"},
    "facilities.directorychange": {"add", "change", "delete"},
    # django-tasks-db's own admin: task results are read, never written by hand.
    "django_tasks_database.dbtaskresult": {"add", "change", "delete"},
    "outbox.outgoingemail": {"add"},  # the site writes e-mails; staff send failed ones again
}
# App labels may hold underscores (django_tasks_database); the shortest one that fits wins.
ADMIN_MODEL_URL = re.compile(
    r"^admin:(?P<app>[a-z_]+?)_(?P<model>[a-z]+)_"
    r"(?P<page>changelist|add|history|delete|change|password_change)$"
)


# --- Reading the resolver ---------------------------------------------------------------------


def url_patterns(patterns=None, prefix="", namespace=None):
    """(key, route) for every URL pattern; the key is the name, or the route if unnamed."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if namespace and pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}"
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if pattern.name:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), route
            else:
                yield route, route


def admin_model_key(key, route):
    """(app_label.model, page) for an admin page of a registered model, else None."""
    match = ADMIN_MODEL_URL.match(key)
    if match:
        label = f"{match['app']}.{match['model']}"
        page = match["page"]
        if match["app"] == "auth" and page == "password_change":
            return "accounts.user", page
        return label, page
    match = re.match(r"^admin/(?P<app>\w+)/(?P<model>\w+)/<path:object_id>/$", route)
    if match:
        return f"{match['app']}.{match['model']}", "object_redirect"
    return None


def registered_admin_models():
    return {model._meta.label_lower: model for model in admin.site._registry}


# --- The world every role meets ---------------------------------------------------------------


@pytest.fixture
def world(db, settings):
    # As in production: the task results admin rebuilds each task with its backend.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    writer_a = WriterFactory(email="writer.a@example.com")
    writer_b = WriterFactory(email="writer.b@example.com")
    ReturnAddressFactory(user=writer_a)
    moderator = UserFactory(email="moderator@example.com", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    editor = UserFactory(email="editor@example.com", is_staff=True)
    editor.groups.add(Group.objects.get(name="Directory editors"))
    superuser = UserFactory(email="root@example.com", is_staff=True, is_superuser=True)

    facility = FacilityFactory(mail_street="PO Box 1", mail_city="Town", mail_zip="12345")
    public = PublicProfileFactory(facility=facility)
    ProfileFactory(facility=facility)  # pending: in the moderation queue
    letter = Letter.objects.create(writer=writer_a, profile=public, body="Dear Sam,\n\nHello.")
    letter.save_draft(base_version=1, snapshot=True, body="Dear Sam,\n\nHello again.")
    revision = letter.revisions.get()
    refused = letter.revisions.create(body="Another tab's text.", version=1, reason="refused")
    SavedProfile.objects.create(user=writer_a, profile=public)
    report = Report.objects.create(profile=public, reason="wrong_address", reporter_key="ip:x")
    returned = CorrespondenceLogEntry.objects.create(
        writer=writer_a,
        profile=public,
        kind=CorrespondenceLogEntry.Kind.RETURNED,
        date=public.submitted_at.date(),
        reported_to_staff=True,
    )
    policy = MailPolicy.objects.get(jurisdiction=facility.jurisdiction)
    change = DirectoryChange.propose(
        policy, ["notes"], by=editor, source_url="https://doc.example.gov/"
    )
    from allauth.account.models import EmailAddress
    from django_tasks_db.models import DBTaskResult

    outgoing = OutgoingEmail.objects.create(
        recipients="family@example.com", subject="Your listing", message={}, status="failed"
    )
    task_result = DBTaskResult.objects.create(
        args_kwargs={"args": [outgoing.pk], "kwargs": {}},
        task_path="outbox.tasks.deliver",
        backend_name="default",
        run_after=timezone.now(),
    )

    objects = {
        "accounts.user": writer_a,
        "auth.group": Group.objects.get(name="Moderators"),
        "account.emailaddress": EmailAddress.objects.get(user=writer_a),
        "facilities.jurisdiction": facility.jurisdiction,
        "facilities.facility": facility,
        "facilities.mailpolicy": policy,
        "facilities.directorychange": change,
        "profiles.profile": public,
        "moderation.report": report,
        "letters.returnedmailreport": returned,
        "outbox.outgoingemail": outgoing,
        "django_tasks_database.dbtaskresult": task_result,
    }
    params = {
        "public_id": public.public_id,
        "token": public.status_token,
        "slug": facility.slug,
        "pk": letter.pk,
        "revision_pk": revision.pk,
        "refused_pk": refused.pk,
        "key": "forged-key",
        "uidb36": "zz",
        "content_type_id": ContentType.objects.get_for_model(public).pk,
        "object_id": public.pk,
        "app_label": "profiles",
        "url": "nowhere/",
        "path": "profiles/photos/nothing.jpg",
        "name": "profiles/photos/nothing.jpg",
    }
    users = {
        "anonymous": None,
        "writer_a": writer_a,
        "writer_b": writer_b,
        "moderator": moderator,
        "directory_editor": editor,
        "superuser": superuser,
    }
    return {"objects": objects, "params": params, "users": users}


def path_for(route, params):
    """The route with real values: `<conv:name>` and `(?P<name>...)` filled in."""

    def value(name):
        return str(params[name])

    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: value(m.group(1)), route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: value(m.group(1)), path)
    return "/" + path.replace("^", "").replace("$", "")


def client_for(world, role):
    client = Client(raise_request_exception=False)
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    return client


def admin_expectation(user, label, page):
    """What a role gets on an admin page of a registered model (see ADMIN_RULES)."""
    if page == "object_redirect":
        return 302  # to the change page, or to the admin's sign-in
    if user is None or not user.is_staff:
        return 302
    app_label, model = label.split(".")
    allowed = any(user.has_perm(f"{app_label}.{action}_{model}") for action in ADMIN_RULES[page])
    switched_off = ADMIN_SWITCHED_OFF.get(label, set())
    if page in switched_off or (page == "change" and "change" in switched_off):
        allowed = page == "change" and user.has_perm(f"{app_label}.view_{model}")
    return 200 if allowed else 403


def request(client, route, spec, params):
    url = path_for(route, params)
    if spec.query:
        url += "?" + spec.query.format(**params)
    if spec.method == "POST":
        return client.post(url, spec.data)
    return client.get(url)


def patterns_with_expectations(world, role):
    """(key, route, method, expected status) for every URL pattern."""
    models = registered_admin_models()
    user = world["users"][role]
    for key, route in url_patterns():
        admin_page = admin_model_key(key, route)
        if admin_page and admin_page[0] in models:
            label, page = admin_page
            params = {**world["params"], "object_id": world["objects"][label].pk}
            params["id"] = params["object_id"]
            yield key, route, "GET", admin_expectation(user, label, page), params
        elif key in EXPECTED:
            spec = EXPECTED[key]
            yield key, route, spec, spec.for_role(role), world["params"]


# --- The tests --------------------------------------------------------------------------------


def test_every_url_has_an_expectation(world):
    models = registered_admin_models()
    keys = list(url_patterns())
    missing = [
        (key, route)
        for key, route in keys
        if key not in EXPECTED and not ((page := admin_model_key(key, route)) and page[0] in models)
    ]
    lines = []
    for key, route in missing:
        observed = {}
        for role in ROLES:
            try:
                response = client_for(world, role).get(path_for(route, world["params"]))
                observed[role] = response.status_code
            except KeyError as unknown:
                observed[role] = f"<add {unknown} to the world's params>"
        statuses = ", ".join(f"{role}={status}" for role, status in observed.items())
        lines.append(f'    "{key}": expect("GET", {statuses}),')
    assert not missing, (
        "URL patterns without an expected status per role. Add these lines to EXPECTED in "
        "tests/security/test_permission_matrix.py (GET statuses as observed now: check that "
        "each is what should happen, and use POST for a view that changes something):\n"
        + "\n".join(lines)
    )
    stale = set(EXPECTED) - SOMETIMES_ABSENT - {key for key, _ in keys}
    assert not stale, f"EXPECTED names URLs that no longer exist: {sorted(stale)}"


def test_every_registered_admin_model_has_pages_in_the_matrix(world):
    missing = set(registered_admin_models()) - set(world["objects"])
    assert not missing, (
        f"Admin models without an object in the world fixture: {sorted(missing)}. Create one "
        "in `world` and add it to `objects`."
    )


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_status_on_every_url(world, role):
    client = client_for(world, role)
    wrong = []
    for key, route, spec, expected, params in patterns_with_expectations(world, role):
        if isinstance(spec, str):
            url = path_for(route, params)
            response = client.get(url)
        else:
            response = request(client, route, spec, params)
            url = response.request["PATH_INFO"]
        if response.status_code != expected:
            wrong.append(f"{key} ({url}): expected {expected}, got {response.status_code}")
    assert not wrong, f"As {role}:\n" + "\n".join(wrong)
