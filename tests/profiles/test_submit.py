import io
import re
import time
from datetime import date, timedelta

import pytest
from django.core import mail, signing
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from profiles.forms import TIMESTAMP_SALT
from profiles.models import PhotoUpload, Profile
from tests.factories import FacilityFactory, JurisdictionFactory, ProfileFactory
from tests.profiles.images import (
    image_bytes,
    jpeg_with_gps_xmp_and_comment,
    png_html_polyglot,
    upload,
)
from tests.profiles.submission import started, submission

pytestmark = pytest.mark.django_db
URL = reverse("profiles:submit")


@pytest.fixture
def facility():
    return FacilityFactory()


def test_the_start_page_says_who_can_be_listed_what_staff_check_how_long_and_the_cost(client):
    JurisdictionFactory(
        code="US-FL", name="Florida Department of Corrections", listing_policy="refused"
    )

    response = client.get(reverse("profiles:submit_start"))

    assert response.status_code == 200
    html = response.content.decode()
    for promise in (
        "Adults (18 or older)",
        "Only someone who asked to be listed, or agreed to it",
        "Staff confirm in the official inmate locator",
        "usually within a week",
        "What it costs",
        "Nothing, for you or for them",
        "Not people held by the Florida Department of Corrections",
    ):
        assert promise in html
    assert f'href="{URL}"' in html


def test_the_form_is_anonymous_and_asks_for_consent_first(client, facility):
    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "agreed to it" in html
    # The consent rule comes before the sixty-odd other controls, not after them.
    assert html.index('name="consent"') < html.index('name="state"') < html.index('name="bio"')


def test_the_form_page_stays_small_whatever_the_number_of_facilities(client):
    texas = JurisdictionFactory(code="US-TX", state="TX")
    for n in range(300):
        FacilityFactory(jurisdiction=texas, name=f"Texas Unit {n:03}")
    FacilityFactory(jurisdiction=JurisdictionFactory(code="US-OH", state="OH"), name="Ohio One")

    empty = client.get(URL)
    chosen = client.get(URL, {"facility": "texas-unit-none"})

    assert empty.status_code == chosen.status_code == 200
    assert len(empty.content) < 60_000
    assert "Texas Unit 001" not in empty.content.decode()
    assert "Choose a state first" in empty.content.decode()


def test_a_facility_from_the_facilities_directory_link_lists_its_states_facilities(client):
    ohio = JurisdictionFactory(code="US-OH", state="OH")
    chosen = FacilityFactory(jurisdiction=ohio, name="Marion Correctional Institution")
    FacilityFactory(jurisdiction=ohio, name="Noble Correctional Institution")
    FacilityFactory(jurisdiction=JurisdictionFactory(code="US-TX", state="TX"), name="Coffield")

    response = client.get(URL, {"facility": chosen.slug})

    html = response.content.decode()
    assert response.status_code == 200
    assert f'value="{chosen.slug}" selected' in html
    assert "Noble Correctional Institution" in html
    assert "Coffield" not in html
    assert '<option value="OH" selected>Ohio</option>' in html


def test_the_facility_can_be_chosen_from_the_facilities_directory_link(client, facility):
    response = client.get(URL, {"facility": facility.slug})

    assert response.context["form"]["facility"].value() == facility.slug


def test_a_valid_submission_is_pending_and_not_public(client, facility, photo_storage):
    response = client.post(URL, submission(facility))

    profile = Profile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == profile.get_status_url()
    assert profile.status == "pending"
    assert profile.facility == facility
    assert profile.interests == ["art", "science"]
    assert profile.consent_attested_at is not None
    assert profile.photo and profile.photo_thumbnail
    assert not Profile.objects.public().exists()


def test_the_submitter_gets_the_status_link_by_email_in_text_and_html(client, facility, settings):
    settings.SITE_URL = "https://penpals.example.org"
    client.post(URL, submission(facility))

    profile = Profile.objects.get()
    (message,) = mail.outbox
    link = f"https://penpals.example.org/profiles/status/{profile.status_token}/"
    assert message.to == ["denise@example.com"]
    assert link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and link in html


def test_a_mail_server_failure_still_saves_the_listing_and_keeps_the_email(
    client, facility, settings
):
    from outbox.models import OutgoingEmail
    from tests.outbox.smtp import closed_port

    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    response = client.post(URL, submission(facility))

    # Not a 500: the family would send the listing again and create a duplicate.
    profile = Profile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == profile.get_status_url()
    assert client.get(response["Location"]).status_code == 200
    # Kept for staff to send again (a worker would retry it by itself; see tests/outbox).
    (email,) = OutgoingEmail.objects.all()
    assert email.recipients == "denise@example.com" and email.last_error


def test_success_shows_what_happens_next_on_the_status_page(client, facility):
    response = client.post(URL, submission(facility), follow=True)

    assert b"we received the listing" in response.content
    assert b"Nothing is public until then" in response.content


def test_server_controlled_fields_cannot_be_posted(client, facility):
    client.post(
        URL,
        submission(facility, status="approved", public_id="chosen", verified_at="2026-01-01"),
    )

    profile = Profile.objects.get()
    assert profile.status == "pending"
    assert profile.public_id != "chosen"
    assert profile.verified_at is None


def errors_for(client, data):
    response = client.post(URL, data)
    assert response.status_code == 400
    assert not Profile.objects.exists()
    return response.context["form"].errors


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_name", ""),
        ("last_name", ""),
        ("inmate_number", ""),
        ("facility", ""),
        ("facility", "no-such-prison"),
        ("date_of_birth", ""),
        ("date_of_birth", "not a date"),
        ("gender", ""),
        ("gender", "robot"),
        ("bio", ""),
        ("bio", "Too short."),
        ("bio", "x" * 3001),
        ("languages", []),
        ("looking_for", []),
        ("looking_for", ["marriage"]),
        ("interests", ["smuggling"]),
        ("submitter_name", ""),
        ("submitter_email", "not-an-email"),
        ("submitter_relationship", ""),
        ("consent", ""),
    ],
)
def test_each_missing_or_bad_field_is_refused_with_a_message(client, facility, field, value):
    errors = errors_for(client, submission(facility, **{field: value}))

    assert errors[field]


@pytest.mark.parametrize("field", ["first_name", "last_name", "preferred_name"])
def test_a_name_with_a_line_break_is_refused_not_a_500(client, facility, field):
    # The names go into e-mail subjects, where a line break would inject a header.
    response = client.post(URL, submission(facility, **{field: "Marc\nBcc: x@example.com"}))

    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Profile.objects.exists()
    assert not mail.outbox


def test_a_rejected_form_keeps_everything_typed(client, facility):
    data = submission(facility, consent="")
    response = client.post(URL, data)

    html = response.content.decode()
    for value in ("Marcus", "Holloway", "A123456", "denise@example.com", "teaching myself"):
        assert value in html
    assert f'value="{facility.slug}" selected' in html
    assert re.search(r'name="languages" value="spanish"[^>]*checked', html)
    assert not re.search(r'name="languages" value="french"[^>]*checked', html)


def test_an_inmate_number_in_the_wrong_format_shows_an_example(client):
    jurisdiction = JurisdictionFactory(
        policy={
            "inmate_number_label": "Register No.",
            "inmate_number_regex": r"^\d{5}-\d{3}$",
            "inmate_number_example": "12345-678",
        }
    )
    facility = FacilityFactory(jurisdiction=jurisdiction)

    errors = errors_for(client, submission(facility, inmate_number="ABC"))

    assert "12345-678" in str(errors["inmate_number"])


def test_the_inmate_number_is_stored_in_the_jurisdictions_format(client):
    jurisdiction = JurisdictionFactory(
        policy={"inmate_number_regex": r"^\d{5}-\d{3}$", "inmate_number_example": "12345-678"}
    )
    facility = FacilityFactory(jurisdiction=jurisdiction)

    client.post(URL, submission(facility, inmate_number="12345678"))

    assert Profile.objects.get().inmate_number == "12345-678"


@pytest.mark.parametrize("code", ["US-IN", "US-FL", "US-MO", "US-TX"])
def test_refused_jurisdictions_are_refused_with_the_explanation(client, code):
    jurisdiction = JurisdictionFactory(
        code=code,
        listing_policy="refused",
        listing_policy_explanation="This department disciplines people for pen-pal listings.",
    )
    facility = FacilityFactory(jurisdiction=jurisdiction)

    errors = errors_for(client, submission(facility, confirm_listing_risk="on"))

    assert "disciplines people for pen-pal listings" in str(errors["facility"])


def test_a_warn_jurisdiction_shows_the_warning_and_needs_a_confirmation(client):
    jurisdiction = JurisdictionFactory(
        listing_policy="warn", listing_policy_explanation="Listings have led to discipline."
    )
    facility = FacilityFactory(jurisdiction=jurisdiction)

    response = client.post(URL, submission(facility))
    assert response.status_code == 400
    assert b"Listings have led to discipline." in response.content
    assert not Profile.objects.exists()

    client.post(URL, submission(facility, confirm_listing_risk="on"))
    assert Profile.objects.count() == 1


def test_a_person_under_18_cannot_be_listed(client, facility):
    today = timezone.localdate()
    almost_18 = today.replace(year=today.year - 18) + timedelta(days=1)

    errors = errors_for(client, submission(facility, date_of_birth=almost_18.isoformat()))

    assert "18 or older" in str(errors["date_of_birth"])


def test_a_person_who_turns_18_today_can_be_listed(client, facility):
    today = timezone.localdate()
    eighteenth = date(today.year - 18, today.month, min(today.day, 28))

    client.post(URL, submission(facility, date_of_birth=eighteenth.isoformat()))

    assert Profile.objects.count() == 1


@pytest.mark.parametrize(
    "bio_addition",
    [
        "Please send money orders to my account.",
        "Gift cards help a lot.",
        "My CashApp is $marcus123.",
        "You can Venmo my cousin.",
        "Send me money for commissary.",
        "Western Union works too.",
    ],
)
def test_bios_asking_for_money_are_refused(client, facility, bio_addition):
    data = submission(facility)
    errors = errors_for(client, {**data, "bio": data["bio"] + " " + bio_addition})

    assert "money" in str(errors["bio"])


def test_self_described_gender_needs_a_description(client, facility):
    errors = errors_for(client, submission(facility, gender="self_described"))

    assert errors["gender_self_description"]


def test_a_release_date_needs_its_kind_and_must_not_be_past(client, facility):
    future = (timezone.localdate() + timedelta(days=400)).isoformat()
    assert errors_for(client, submission(facility, release_date=future))["release_date_kind"]
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert errors_for(client, submission(facility, release_date=past))["release_date"]


def test_a_photo_needs_the_date_it_was_taken(client, facility):
    assert errors_for(client, submission(facility, photo_taken_on=""))["photo_taken_on"]


def test_a_tiff_photo_named_jpg_is_refused_with_what_is_accepted(client, facility):
    errors = errors_for(client, submission(facility, photo=upload(image_bytes("TIFF"))))

    assert "JPEG, PNG or WebP" in str(errors["photo"])


def test_the_honeypot_drops_the_submission_silently(client, facility):
    response = client.post(URL, submission(facility, website="http://spam.example"))

    assert response.status_code == 200
    assert b"Thank you" in response.content
    assert not Profile.objects.exists()
    assert mail.outbox == []


def test_a_submission_faster_than_a_person_is_dropped_silently(client, facility, settings):
    settings.PENPALS_SUBMIT_MIN_SECONDS = 4

    response = client.post(URL, submission(facility, started=started(seconds_ago=1)))

    assert response.status_code == 200
    assert b"Thank you" in response.content
    assert not Profile.objects.exists()


def test_a_forged_start_time_is_dropped_silently(client, facility):
    response = client.post(URL, submission(facility, started="1700000000:forged"))

    assert response.status_code == 200
    assert b"Thank you" in response.content
    assert not Profile.objects.exists()


def test_the_rate_limit_gives_a_clear_429_and_creates_nothing(client, facility, settings):
    settings.PENPALS_SUBMIT_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post(URL, submission(facility, consent="")).status_code == 400

    response = client.post(URL, submission(facility))

    assert response.status_code == 429
    assert b"Too many" in response.content
    assert response["Retry-After"]
    assert not Profile.objects.exists()


def test_the_rate_limit_is_per_address_and_ignores_forwarded_for(client, facility, settings):
    settings.PENPALS_SUBMIT_RATE_LIMIT = 1
    client.post(URL, submission(facility, consent=""), REMOTE_ADDR="203.0.113.5")

    spoofed = client.post(
        URL, submission(facility), REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.1"
    )
    other = client.post(URL, submission(facility), REMOTE_ADDR="203.0.113.6")

    assert spoofed.status_code == 429
    assert other.status_code == 302


def test_behind_a_trusted_proxy_the_rate_limit_counts_each_forwarded_client(
    client, facility, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.PENPALS_SUBMIT_RATE_LIMIT = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    client.post(URL, submission(facility, consent=""), HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)

    again = client.post(
        URL, submission(facility), HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5", **proxy
    )
    other = client.post(URL, submission(facility), HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy)

    assert again.status_code == 429
    assert other.status_code == 302


def test_a_second_active_listing_is_kept_as_a_duplicate_and_the_submitter_told(client, facility):
    first = ProfileFactory(facility=facility, inmate_number="A123456")

    response = client.post(URL, submission(facility), follow=True)

    second = Profile.objects.exclude(pk=first.pk).get()
    assert second.duplicate_of == first
    assert second.status == "pending"
    assert b"already listed" in response.content
    assert "already listed" in mail.outbox[0].body


def test_a_duplicate_is_found_across_facilities_of_the_same_jurisdiction(client, facility):
    elsewhere = FacilityFactory(jurisdiction=facility.jurisdiction)
    first = ProfileFactory(facility=elsewhere, inmate_number="A123456")

    client.post(URL, submission(facility, inmate_number="a123456"))

    assert Profile.objects.exclude(pk=first.pk).get().duplicate_of == first


def test_a_withdrawn_listing_is_not_a_duplicate(client, facility):
    ProfileFactory(facility=facility, inmate_number="A123456", status="withdrawn")

    response = client.post(URL, submission(facility))

    assert response.status_code == 302
    assert Profile.objects.count() == 2
    assert Profile.objects.filter(duplicate_of__isnull=False).count() == 0


def test_the_same_number_in_another_jurisdiction_is_not_a_duplicate(client, facility):
    ProfileFactory(inmate_number="A123456")

    response = client.post(URL, submission(facility))

    assert response.status_code == 302
    assert Profile.objects.count() == 2
    assert Profile.objects.filter(duplicate_of__isnull=False).count() == 0


def test_stored_photos_of_a_submission_carry_no_html_and_no_gps(client, facility, photo_storage):
    polyglot = client.post(
        URL, submission(facility, photo=upload(png_html_polyglot(), name="x.png"))
    )
    with_gps = client.post(
        URL,
        submission(facility, inmate_number="B7", photo=upload(jpeg_with_gps_xmp_and_comment())),
    )

    assert (polyglot.status_code, with_gps.status_code) == (302, 302)
    assert Profile.objects.count() == 2
    for profile in Profile.objects.all():
        for stored in (profile.photo, profile.photo_thumbnail):
            data = stored.read()
            assert b"<script" not in data
            assert dict(Image.open(io.BytesIO(data)).getexif()) == {}
            assert stored.name.startswith("profiles/") and stored.name.endswith(".jpg")


# --- Issue 11: a photo is never silently lost; errors say what to do; the form expires ------


def kept_key(response):
    match = re.search(r'name="photo_upload" value="([^"]+)"', response.content.decode())
    assert match, "the page does not carry the kept photo"
    return match.group(1)


def test_the_photo_is_optional_and_a_listing_without_one_shows_initials(client, facility):
    response = client.post(URL, submission(facility, photo=None, photo_taken_on=""))

    assert response.status_code == 302
    profile = Profile.objects.get()
    assert not profile.photo and not profile.photo_thumbnail
    assert profile.initials == "MH"


def test_a_photo_sent_with_an_error_is_kept_and_shown_and_used_on_the_next_try(
    client, facility, photo_storage
):
    first = client.post(URL, submission(facility, bio="Too short."))

    assert first.status_code == 400
    html = first.content.decode()
    assert "Your photo is kept while you fix the rest" in html
    assert 'src="data:image/jpeg;base64,' in html
    assert "and so is the photo" in html
    upload = PhotoUpload.objects.get(key=kept_key(first))

    second = client.post(URL, submission(facility, photo=None, photo_upload=upload.key))

    assert second.status_code == 302
    profile = Profile.objects.get()
    assert profile.photo.name == upload.photo.name
    assert profile.photo_thumbnail.name == upload.thumbnail.name
    assert default_storage.exists(profile.photo.name)
    assert default_storage.exists(profile.photo_thumbnail.name)
    assert not PhotoUpload.objects.exists()


def test_a_warning_jurisdiction_keeps_every_field_and_the_photo_on_the_first_round_trip(client):
    pennsylvania = JurisdictionFactory(
        code="US-PA", state="PA", listing_policy="warn", listing_policy_explanation="Ask first."
    )
    facility = FacilityFactory(jurisdiction=pennsylvania, name="SCI Chester")

    first = client.post(URL, submission(facility))

    assert first.status_code == 400
    html = first.content.decode()
    assert "Ask first." in html
    assert "Read the warning about the" in html
    assert "Marcus" in html and "teaching myself" in html
    second = client.post(
        URL,
        submission(facility, photo=None, photo_upload=kept_key(first), confirm_listing_risk="on"),
    )
    assert second.status_code == 302
    assert Profile.objects.get().photo


def test_a_photo_kept_more_than_a_day_ago_is_asked_for_again_not_dropped(client, facility):
    first = client.post(URL, submission(facility, bio="Too short."))
    key = kept_key(first)
    PhotoUpload.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))

    second = client.post(URL, submission(facility, photo=None, photo_upload=key))

    assert second.status_code == 400
    assert "The photo you chose earlier was not kept" in second.content.decode()
    assert not Profile.objects.exists()


def test_an_unknown_photo_key_is_refused_with_the_same_message(client, facility):
    response = client.post(URL, submission(facility, photo=None, photo_upload="guessed"))

    assert response.status_code == 400
    assert response.context["form"].errors["photo"][0].startswith("The photo you chose earlier")


def test_a_kept_photo_can_be_removed_before_sending(
    client, facility, photo_storage, django_capture_on_commit_callbacks
):
    first = client.post(URL, submission(facility, bio="Too short."))
    upload = PhotoUpload.objects.get()
    names = [upload.photo.name, upload.thumbnail.name]
    assert all(default_storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(
            URL, submission(facility, photo=None, photo_upload=kept_key(first), remove_photo="on")
        )

    assert second.status_code == 302
    assert not Profile.objects.get().photo
    assert not PhotoUpload.objects.exists()
    assert not any(default_storage.exists(name) for name in names)


def test_show_facilities_keeps_everything_and_shows_no_errors_yet(client):
    ohio = JurisdictionFactory(code="US-OH", state="OH")
    FacilityFactory(jurisdiction=ohio, name="Marion Correctional Institution")
    data = submission(FacilityFactory(), facility="", state="OH", show_facilities="1", bio="")

    response = client.post(URL, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" not in html
    assert "Marion Correctional Institution" in html
    assert "Marcus" in html and "denise@example.com" in html
    assert "Your photo is kept" in html
    assert not Profile.objects.exists()


def test_errors_are_specific_and_the_summary_links_to_each_field(client, facility):
    data = submission(facility)
    for field in ("first_name", "inmate_number", "date_of_birth", "bio", "submitter_email"):
        data[field] = ""
    data["languages"] = []
    data.pop("consent")

    response = client.post(URL, data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required" not in html
    for message in (
        "Enter their first name as the prison has it.",
        "Enter their ID Number.",
        "Enter their date of birth.",
        "Write a few lines about them, in their words.",
        "Choose at least one language they can write letters in.",
        "Confirm that they agreed to be listed.",
    ):
        assert message in html
    summary = html[html.index("There is a problem") :]
    anchors = re.findall(r'<a href="#([\w-]+)">', summary[: summary.index("</ul>")])
    assert len(anchors) >= 6  # one per message above
    for anchor in anchors:
        assert f'id="{anchor}"' in html
    assert 'tabindex="-1" autofocus data-error-summary' in html


def test_the_number_format_of_the_chosen_prison_system_is_shown(client):
    texas = JurisdictionFactory(
        code="US-TX",
        state="TX",
        policy={
            "inmate_number_label": "TDCJ Number",
            "inmate_number_regex": r"^\d{6,8}$",
            "inmate_number_example": "01234567",
        },
    )
    facility = FacilityFactory(jurisdiction=texas)

    page = client.get(URL, {"facility": facility.slug})
    refused = client.post(URL, submission(facility, inmate_number="A-1"))

    assert "A TDCJ Number looks like 01234567." in page.content.decode()
    assert "A TDCJ Number looks like 01234567." in " ".join(
        refused.context["form"].errors["inmate_number"]
    )


def test_a_form_opened_more_than_a_day_ago_is_refused_with_a_message_and_kept(client, facility):
    stale = started(seconds_ago=24 * 3600 + 60)

    response = client.post(URL, submission(facility, started=stale))

    assert response.status_code == 400
    html = response.content.decode()
    assert "This form was opened more than a day ago" in html
    assert "Marcus" in html
    # The form comes back with a start time of now, not the stale one it was sent.
    fresh = re.search(r'name="started" value="([^"]+)"', html).group(1)
    issued = int(signing.TimestampSigner(salt=TIMESTAMP_SALT).unsign(fresh))
    assert fresh != stale
    assert abs(time.time() - issued) < 60
    assert not Profile.objects.exists()


def test_a_start_time_cannot_be_used_for_a_second_listing(client, facility):
    token = started()
    client.post(URL, submission(facility, started=token))
    replay = client.post(URL, submission(facility, started=token, inmate_number="B765432"))

    assert replay.status_code == 200
    assert b"Thank you" in replay.content
    assert Profile.objects.count() == 1


@pytest.mark.parametrize(
    "field", ["facility", "photo_upload", "state", "started", "confirm_listing_risk"]
)
def test_a_nul_byte_in_a_hidden_or_chosen_field_is_a_400_not_a_500(client, facility, field):
    # PostgreSQL refuses NUL bytes in a query: such a value must never reach one.
    response = client.post(URL, submission(facility, **{field: "ab\x00cd"}))

    assert response.status_code < 500


def test_a_nul_byte_in_the_facility_link_is_ignored(client):
    response = client.get(URL, {"facility": "sci\x00chester"})

    assert response.status_code == 200
