"""The admin refuses what the family's form refuses, with the same message: the rules are the
model's (field validators and Profile.clean), not the public form's."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.utils import timezone

from profiles.forms import SubmissionForm
from profiles.models import Profile
from tests.factories import FacilityFactory, JurisdictionFactory, ProfileFactory
from tests.profiles.submission import submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def texas():
    jurisdiction = JurisdictionFactory(
        code="US-TX",
        state="TX",
        policy={
            "inmate_number_label": "TDCJ Number",
            "inmate_number_regex": r"^\d{6,8}$",
            "inmate_number_example": "01234567",
        },
    )
    return FacilityFactory(jurisdiction=jurisdiction)


def admin_errors(profile, superuser, **changes):
    """Save `changes` through the admin's own change form; its errors by field."""
    request = RequestFactory().post("/")
    request.user = superuser
    model_admin = site._registry[Profile]
    form_class = model_admin.get_form(request, profile, change=True)
    form = form_class(instance=profile)
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update(changes)
    bound = form_class(data, instance=profile)
    assert not bound.is_valid()
    return bound.errors


def public_form_errors(facility, **changes):
    form = SubmissionForm(submission(facility, **changes))
    assert not form.is_valid()
    return form.errors


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(email="root@example.com", password="x")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("inmate_number", "A-1"),
        ("date_of_birth", (timezone.localdate().replace(year=timezone.localdate().year - 17))),
        ("first_name", "Ana\nMaria"),
        ("last_name", "Lopez\r\nBcc: x@example.com"),
        ("bio", "Please send a money order to my mother. " * 3),
    ],
)
def test_the_admin_refuses_what_the_public_form_refuses_with_its_message(
    texas, superuser, field, value
):
    profile = ProfileFactory(facility=texas, inmate_number="01234567")

    admin = admin_errors(profile, superuser, **{field: value})
    public = public_form_errors(texas, **{field: value})

    assert admin[field] == public[field]
    profile.refresh_from_db()
    assert getattr(profile, field) != value


def test_a_valid_change_saves_through_the_admin(client, texas, superuser):
    profile = ProfileFactory(facility=texas, inmate_number="01234567")
    request = RequestFactory().post("/")
    request.user = superuser
    form_class = site._registry[Profile].get_form(request, profile, change=True)
    data = {name: form_class(instance=profile)[name].value() for name in form_class.base_fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["inmate_number"] = " 123 4567 "

    form = form_class(data, instance=profile)

    assert form.is_valid(), form.errors
    assert form.save().inmate_number == "1234567"
