"""Model factories shared by every test module."""

import factory
from django.contrib.auth import get_user_model

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
