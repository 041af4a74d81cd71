import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

# IANA names ("America/Chicago"), without the legacy aliases nobody picks.
TIME_ZONES = frozenset(
    name
    for name in zoneinfo.available_timezones()
    if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
)


def validate_time_zone(value):
    if value not in TIME_ZONES:
        raise ValidationError(_("Choose a time zone from the list."), code="invalid_time_zone")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).strip(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        user = self._create_user(email, password, **extra_fields)
        # Whoever runs `createsuperuser` has the server in hand: the address they typed needs no
        # confirmation e-mail before the first sign-in (every writer's does).
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user

    def get_by_natural_key(self, email):
        # Sign-in must not depend on how the address was capitalised at sign-up.
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account: a writer, or staff who moderate. The e-mail is the login."""

    # unique=True satisfies the auth framework; the Lower() constraint below is the real rule.
    email = models.EmailField("e-mail address", max_length=254, unique=True)
    display_name = models.CharField(
        max_length=60, blank=True, help_text="Shown to staff; never shown to the public."
    )
    is_staff = models.BooleanField(
        default=False, help_text="Can sign in to the admin site (moderators and administrators)."
    )
    is_active = models.BooleanField(
        default=True, help_text="Unset this instead of deleting the account."
    )
    date_joined = models.DateTimeField(default=timezone.now)
    # What the writer confirmed at sign-up. The date of birth itself is checked, not stored.
    adult_confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the writer confirmed being 18 or older."
    )
    guidelines_accepted_at = models.DateTimeField(
        null=True, blank=True, help_text="When the writer accepted the community guidelines."
    )
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text="Times on the writer's pages are shown in this zone (empty: the site's). "
        "Taken from the browser at sign-up or first sign-in; the writer can change it.",
    )
    language = models.CharField(
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text="The language the writer last chose or signed in with: e-mails sent outside "
        "a page (a listing they saved was hidden) are written in it. Empty: the site's.",
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                violation_error_message="An account with this e-mail address already exists.",
            ),
        ]

    def __str__(self):
        return self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).strip()

    def get_full_name(self):
        return self.display_name or self.email

    def get_short_name(self):
        return self.display_name or self.email.split("@")[0]


class ReturnAddress(models.Model):
    """A writer's private return address: printed only on the writer's own letters."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="return_address")
    first_name = models.CharField(
        max_length=60, help_text="Full first name: many prisons refuse initials."
    )
    last_name = models.CharField(max_length=60)
    street = models.CharField("street or P.O. box", max_length=120)
    street2 = models.CharField("address line 2", max_length=120, blank=True)
    city = models.CharField(max_length=80)
    state = models.CharField(max_length=2)
    zip_code = models.CharField("ZIP code", max_length=10)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "return addresses"

    def __str__(self):
        return f"Return address of {self.user}"

    @property
    def lines(self):
        """The envelope lines, blank ones dropped."""
        lines = [
            f"{self.first_name} {self.last_name}".strip(),
            self.street,
            self.street2,
            f"{self.city}, {self.state} {self.zip_code}".strip(" ,"),
        ]
        return [line for line in lines if line]


def has_return_address(user):
    """Whether `user` has a return address complete enough for an envelope."""
    address = getattr(user, "return_address", None)
    return address is not None and all(
        (address.first_name, address.last_name, address.street, address.city, address.state)
    )


class SavedProfileQuerySet(models.QuerySet):
    def ids_for(self, user):
        """The ids of the profiles `user` saved, in one query: lets a list page mark each card
        as saved without a query per card. Empty for visitors who are not signed in."""
        if not user.is_authenticated:
            return frozenset()
        return frozenset(self.filter(user=user).values_list("profile_id", flat=True))

    def saved_by_with_listing(self, user):
        """`user`'s saved profiles, newest first, each with `is_listed`: whether the profile is
        public right now (by the one rule, `Profile.objects.public()`)."""
        from profiles.models import Profile

        listed = Profile.objects.public().filter(pk=OuterRef("profile_id"))
        return (
            self.filter(user=user)
            .select_related("profile__facility")
            .annotate(is_listed=Exists(listed))
        )


class SavedProfile(models.Model):
    """A profile a writer bookmarked. It stays in the writer's list when the profile is hidden,
    so the writer learns of a release or transfer instead of the profile silently vanishing."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="saved_profiles")
    profile = models.ForeignKey(
        "profiles.Profile", on_delete=models.CASCADE, related_name="saved_by"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = SavedProfileQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "profile"], name="savedprofile_once_per_user"),
        ]

    def __str__(self):
        return f"{self.user} saved {self.profile_id}"
