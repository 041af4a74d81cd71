"""Model factories shared by every test module."""

import datetime
from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from facilities.models import Facility, Jurisdiction, MailPolicy

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"writer{n}@example.com")
    display_name = factory.Faker("first_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


# --- Facilities -------------------------------------------------------------------------------
# A jurisdiction comes with a general-guidance mail policy (pass `policy=False` to skip it, or a
# dict of MailPolicy fields to change it), so `FacilityFactory()` alone can be addressed.

GENERAL_TEMPLATE = """{name} #{number}
{facility_name}
{mail_street}
{mail_street2}
{mail_city}, {mail_state} {mail_zip}"""


class MailPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MailPolicy

    jurisdiction = factory.SubFactory("tests.factories.JurisdictionFactory", policy=False)
    is_general_guidance = True
    inmate_number_label = "ID Number"
    inmate_number_regex = r"^[A-Z0-9][A-Z0-9-]{0,19}$"
    inmate_number_example = "123456"
    mailing_address_template = GENERAL_TEMPLATE
    source_grade = MailPolicy.SourceGrade.DEFAULT
    last_verified = datetime.date(2026, 11, 1)


class JurisdictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jurisdiction
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"US-T{n}")
    name = factory.Sequence(lambda n: f"Test Department of Corrections {n}")
    state = "ZZ"

    @factory.post_generation
    def policy(obj, create, extracted, **kwargs):
        if create and extracted is not False and not obj.mail_policies.exists():
            MailPolicyFactory(jurisdiction=obj, **(extracted or {}), **kwargs)


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    jurisdiction = factory.SubFactory(JurisdictionFactory)
    name = factory.Sequence(lambda n: f"Test Correctional Facility {n}")
    slug = factory.Sequence(lambda n: f"test-correctional-facility-{n}")
    facility_type = Facility.Type.STATE
    physical_street = "100 Main Street"
    physical_city = "Springfield"
    physical_state = factory.LazyAttribute(lambda o: o.jurisdiction.state)
    physical_zip = "12345"


# --- Profiles -------------------------------------------------------------------------------
class ProfileFactory(factory.django.DjangoModelFactory):
    """A pending profile as a family submits it."""

    class Meta:
        model = "profiles.Profile"

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    inmate_number = factory.Sequence(lambda n: f"{100000 + n}")
    facility = factory.SubFactory(FacilityFactory)
    date_of_birth = factory.LazyFunction(lambda: date(1985, 6, 15))
    gender = "man"
    bio = (
        "I enjoy reading history, drawing, and learning Spanish. I would like to hear about "
        "your life outside, your town and the books you are reading."
    )
    interests = factory.LazyFunction(lambda: ["reading", "art"])
    languages = factory.LazyFunction(lambda: ["english"])
    looking_for = factory.LazyFunction(lambda: ["friendship"])
    submitter_name = "Rosa Family"
    submitter_email = factory.Sequence(lambda n: f"family{n}@example.com")
    submitter_relationship = "sister"
    consent_attested_at = factory.LazyFunction(timezone.now)


class PublicProfileFactory(ProfileFactory):
    """An approved, freshly verified profile: visible in the directory."""

    status = "approved"
    verified_at = factory.LazyFunction(timezone.now)
    published_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=365))
    custody_verified_on = factory.LazyFunction(timezone.localdate)
    custody_verification_method = "state_locator"
    consent_method = "signed_form"


# --- Writers (accounts) ---------------------------------------------------------------------


class WriterFactory(UserFactory):
    """A writer who can sign in through the site: allauth needs a verified, primary address."""

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class ReturnAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.ReturnAddress"

    user = factory.SubFactory(WriterFactory)
    first_name = "Jordan"
    last_name = "Whitfield"
    street = "PO Box 4417"
    city = "Dayton"
    state = "OH"
    zip_code = "45401"


# --- Moderation -----------------------------------------------------------------------------
def approve(profile, staff, **overrides):
    """Staff approve `profile` as the moderation queue does: custody checked today on the
    state's locator, consent by letter (each overridable)."""
    from moderation.services import decide

    fields = {
        "by": staff,
        "verified_on": timezone.localdate(),
        "verification_method": "state_locator",
        "consent_method": "letter",
    }
    return decide(profile, "approve", **{**fields, **overrides})
