"""Generated input to every public form and query parameter: a 4xx or a page, never a 500.

Field names come from the form classes themselves, so a field added to a form is fuzzed too.
Values mix arbitrary text with the shapes that broke things before: NUL characters (which
PostgreSQL refuses), impossible dates, huge numbers, path tricks and markup. Run on SQLite and
PostgreSQL like the rest of the suite; in CI the examples are derandomized so a run is
repeatable, locally they vary (and Hypothesis keeps any failure it finds in .hypothesis/).
"""

import os

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.forms import LoginForm, ResetPasswordForm, ReturnAddressForm, SignupForm
from letters.forms import LetterForm, MarkSentForm, ReceivedForm, ReturnedForm
from letters.models import Letter
from moderation.reports import ReportForm
from profiles.forms import DirectoryFilterForm, ProfileForm, SubmissionForm, TransferForm
from tests.factories import (
    FacilityFactory,
    PublicProfileFactory,
    ReturnAddressFactory,
    WriterFactory,
)

pytestmark = pytest.mark.django_db

EXAMPLES = 20
NASTY = [
    "",
    "\x00",
    "a\x00b",
    "%00",
    "0",
    "-1",
    "9" * 40,
    "1e309",
    "NaN",
    "2026-02-30",
    "99999-01-01",
    "0000-00-00",
    "1900-01-01",
    "../../etc/passwd",
    "//evil.example/",
    "javascript:alert(1)",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\u202egnp.exe",
    "\r\nSet-Cookie: x=1",
    "x" * 5000,
    "[]",
    '{"a": 1}',
    "on",
]
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
VALUE = st.one_of(st.sampled_from(NASTY), TEXT)


def fields_of(*form_classes, prefix=""):
    names = []
    for form_class in form_classes:
        names += [f"{prefix}{name}" for name in form_class.base_fields]
    return names + ["next", "unexpected"]


def signup_fields():
    # allauth adds the e-mail and password fields when the form is built.
    return fields_of(SignupForm) + ["email", "password1", "password2"]


# (method, path template, field names, who asks). Paths use the world's ids.
TARGETS = [
    ("GET", "/profiles/", fields_of(DirectoryFilterForm), None),
    ("GET", "/facilities/", ["q", "state", "page"], None),
    ("GET", "/facilities/search.json", ["q"], None),
    ("GET", "/profiles/list-a-loved-one/", ["facility"], None),
    ("GET", "/profiles/submit/", ["facility"], None),
    ("POST", "/profiles/submit/", [*fields_of(SubmissionForm), "show_facilities"], None),
    ("GET", "/profiles/{public_id}/", ["next"], None),
    ("POST", "/profiles/{public_id}/report/", fields_of(ReportForm), None),
    ("POST", "/profiles/status/{token}/edit/", [*fields_of(ProfileForm), "show_facilities"], None),
    ("POST", "/profiles/status/{token}/transfer/", fields_of(TransferForm), None),
    ("GET", "/accounts/login/", ["next"], None),
    ("POST", "/accounts/login/", fields_of(LoginForm) + ["login", "password"], None),
    ("POST", "/accounts/signup/", signup_fields(), None),
    ("POST", "/accounts/password/reset/", fields_of(ResetPasswordForm) + ["email"], None),
    ("POST", "/accounts/saved/{public_id}/", ["action", "next"], "writer"),
    (
        "POST",
        "/accounts/profile/",
        ["section", "name-display_name", *fields_of(ReturnAddressForm, prefix="address-")],
        "writer",
    ),
    ("POST", "/accounts/delete/", ["password", "confirm"], "writer"),
    ("POST", "/i18n/setlang/", ["language", "next"], None),
    ("POST", "/i18n/setlang/", ["language", "next"], "writer"),
    ("GET", "/jsi18n/", ["language"], None),
    ("GET", "/letters/new/", ["to"], "writer"),
    ("POST", "/letters/{letter}/", fields_of(LetterForm), "writer"),
    ("POST", "/letters/{letter}/autosave", fields_of(LetterForm), "writer"),
    ("POST", "/letters/{letter}/sent", fields_of(MarkSentForm), "writer"),
    ("POST", "/letters/log/received/", fields_of(ReceivedForm), "writer"),
    ("POST", "/letters/log/returned/", fields_of(ReturnedForm), "writer"),
]


@pytest.fixture
def world(db):
    writer = WriterFactory()
    ReturnAddressFactory(user=writer)
    profile = PublicProfileFactory(facility=FacilityFactory())
    letter = Letter.objects.create(writer=writer, profile=profile, body="Dear Sam,")
    return {
        "writer": writer,
        "ids": {"public_id": profile.public_id, "token": profile.status_token, "letter": letter.pk},
    }


def payloads(names):
    """Some of `names`, each with a value or a list of values (for multiple choices)."""
    return st.dictionaries(
        st.sampled_from(names), st.one_of(VALUE, st.lists(VALUE, max_size=3)), max_size=8
    )


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("CI") == "true",
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize(
    ("method", "path", "names", "who"), TARGETS, ids=[f"{t[0]} {t[1]}" for t in TARGETS]
)
def test_generated_input_never_gets_a_500(world, method, path, names, who):
    client = Client(raise_request_exception=False)
    if who:
        client.force_login(world[who])
    url = path.format(**world["ids"])

    @FUZZ
    @given(data=payloads(names))
    def check(data):
        cache.clear()  # rate limits would answer 429 before the input is read
        send = client.get if method == "GET" else client.post
        response = send(url, data)
        assert response.status_code < 500, f"{method} {url} {data!r}"

    check()
