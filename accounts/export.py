"""Everything Penpals holds about a writer, as JSON-ready data (GDPR Art. 20).

One function per section, each taking the writer and returning plain data. A new kind of data
(letters, the correspondence log) adds its function to SECTIONS; the view and the tests pick it up.
"""

from django.utils import timezone

FORMAT_VERSION = 1


def _when(value):
    return value.isoformat() if value else None


def account_section(user):
    from allauth.account.models import EmailAddress

    return {
        "email": user.email,
        "display_name": user.display_name,
        "time_zone": user.time_zone,
        "language": user.language,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "adult_confirmed_at": _when(user.adult_confirmed_at),
        "guidelines_accepted_at": _when(user.guidelines_accepted_at),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
    }


def return_address_section(user):
    from .models import ReturnAddress

    address = ReturnAddress.objects.filter(user=user).first()
    if address is None:
        return None
    return {
        "first_name": address.first_name,
        "last_name": address.last_name,
        "street": address.street,
        "street2": address.street2,
        "city": address.city,
        "state": address.state,
        "zip_code": address.zip_code,
        "updated_at": _when(address.updated_at),
    }


def saved_profiles_section(user):
    from .models import SavedProfile

    saved = SavedProfile.objects.saved_by_with_listing(user)
    return [
        {
            "profile_id": item.profile.public_id,
            "name": item.profile.display_name,
            "saved_at": _when(item.created_at),
            "currently_listed": item.is_listed,
        }
        for item in saved
    ]


def letters_section(user):
    from letters.export import letters_for_export

    return letters_for_export(user)


SECTIONS = {
    "account": account_section,
    "return_address": return_address_section,
    "saved_profiles": saved_profiles_section,
    "letters": letters_section,
}


def export_data(user):
    return {
        "format": "penpals-writer-export",
        "version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        **{name: section(user) for name, section in SECTIONS.items()},
    }
