"""What a profile may hold, whoever writes it: the family's form, the admin or an import.

Attached to the model's fields (and `Profile.clean`), so every path refuses the same things with
the same messages.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from penpals.scams import money_request

ADULT_AGE = 18
OLDEST_AGE = 110
MONEY_MESSAGE = _(
    "Listings cannot ask for money, money orders, gift cards or payment apps. Penpals is for "
    "letters only; please remove this part."
)


def age_on(born, today):
    """Completed years. Someone born on 29 February turns a year older on 1 March."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def validate_single_line(value):
    # Names go into e-mail subjects, where a line break is refused (BadHeaderError, a 500).
    if "\n" in value or "\r" in value:
        raise ValidationError(_("Write the name on one line."), code="line_break")


def validate_no_money_request(value):
    """A listing is for letters, never for money (trust-and-safety item 3)."""
    if money_request(value):
        raise ValidationError(MONEY_MESSAGE, code="money_request")


def validate_adult_birth_date(born):
    today = timezone.localdate()
    if born > today:
        raise ValidationError(_("The date of birth is in the future."), code="future")
    if age_on(born, today) < ADULT_AGE:
        raise ValidationError(
            _("Penpals lists adults only: they must be %(age)d or older.") % {"age": ADULT_AGE},
            code="under_18",
        )
    if age_on(born, today) > OLDEST_AGE:
        raise ValidationError(_("Check the year of birth."), code="too_old")


def validate_not_in_the_future(day):
    if day > timezone.localdate():
        raise ValidationError(_("This date is in the future."), code="future")
