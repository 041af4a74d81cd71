"""Listings and consent that arrive by mail, and the queue that makes moderators' day shorter."""

import io
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from moderation.services import decide
from profiles.models import InvalidTransition, Profile
from tests.factories import FacilityFactory, JurisdictionFactory, ProfileFactory
from tests.moderation.test_admin_actions import approve_form, run_action

pytestmark = pytest.mark.django_db
ADD = reverse("admin:profiles_profile_add")


def checked(page, value):
    """Whether the radio button with `value` is chosen on `page`."""
    return bool(re.search(rf'<input type="radio"[^>]*value="{value}"[^>]*checked', page))


def status(profile, name="page"):
    return reverse(f"status:{name}", args=[profile.status_token])


# --- The family prints a consent form; staff record its code when it comes back ---------------


def test_a_pending_listing_offers_a_printable_consent_form_with_its_code(client, settings):
    settings.PENPALS_POSTAL_ADDRESS = "Penpals|P.O. Box 41|Chicago, IL 60690"
    profile = ProfileFactory(first_name="Marcus", last_name="Reed", inmate_number="A123456")

    page = client.get(status(profile))
    response = client.get(status(profile, "consent_form"))

    assert page.status_code == 200
    assert status(profile, "consent_form") in page.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ("Marcus Reed", "A123456", profile.consent_code, "P.O. Box 41"):
        assert expected in text
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1


def test_no_consent_form_once_published_or_without_a_postal_address(client, settings):
    published = ProfileFactory(status="approved")
    settings.PENPALS_POSTAL_ADDRESS = ""
    pending = ProfileFactory()

    assert client.get(status(published, "consent_form")).status_code == 404
    assert client.get(status(pending, "consent_form")).status_code == 404
    page = client.get(status(pending))
    assert page.status_code == 200
    assert b"consent-form.pdf" not in page.content


def test_staff_record_a_returned_form_by_its_code_and_approve_with_it(moderator_client, moderator):
    profile = ProfileFactory()
    code = profile.consent_code

    response = moderator_client.post(
        reverse("admin:profiles_profile_consent_received"),
        {"code": f" {code[:4].lower()} {code[4:]} "},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:profiles_profile_change", args=[profile.pk])
    profile.refresh_from_db()
    assert profile.consent_form_received_at is not None
    assert LogEntry.objects.filter(object_id=str(profile.pk), user=moderator).exists()
    form_page = run_action(moderator_client, "approve_profiles", [profile], _from_change="1")
    assert checked(form_page.content.decode(), "signed_form")
    run_action(
        moderator_client,
        "approve_profiles",
        [profile],
        form={**approve_form(), "consent_method": "signed_form"},
    )
    profile.refresh_from_db()
    assert profile.status == Profile.Status.APPROVED
    assert profile.consent_method == "signed_form"


def test_an_unknown_code_changes_nothing_and_says_so(moderator_client):
    profile = ProfileFactory()

    response = moderator_client.post(
        reverse("admin:profiles_profile_consent_received"), {"code": "NOSUCHCD"}, follow=True
    )

    assert response.status_code == 200
    assert "No listing has the consent form code" in response.content.decode()
    profile.refresh_from_db()
    assert profile.consent_form_received_at is None


def test_signed_form_consent_needs_the_form_to_have_come_back(staff):
    profile = ProfileFactory()

    with pytest.raises(InvalidTransition, match="signed consent form came back"):
        decide(
            profile,
            "approve",
            by=staff,
            verified_on=profile.submitted_at.date(),
            verification_method="state_locator",
            consent_method="signed_form",
        )
    profile.refresh_from_db()
    assert profile.status == Profile.Status.PENDING


# --- Listings that arrive by mail ---------------------------------------------------------------


def mailed_request(facility, **overrides):
    data = {
        "consent_note": "Letter dated November 3 in his own hand, asking to be listed.",
        "submitter_name": "Books Through Bars",
        "first_name": "Luis",
        "last_name": "Ortega",
        "preferred_name": "",
        "inmate_number": "123456",
        "facility": facility.pk,
        "date_of_birth": "1979-02-11",
        "gender": "man",
        "gender_self_description": "",
        "release_date": "",
        "release_date_kind": "unknown",
        "offense_summary": "",
        "bio": "I read everything I can find about the ocean, and I draw the birds I see "
        "from the yard. I would like to hear about the places you have lived.",
        "interests": ["reading", "art"],
        "languages": ["english", "spanish"],
        "looking_for": ["friendship"],
        "reports-TOTAL_FORMS": "0",
        "reports-INITIAL_FORMS": "0",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_staff_enter_a_mailed_in_request_which_waits_for_the_usual_review(moderator_client):
    facility = FacilityFactory()
    scan = SimpleUploadedFile("Luis Ortega letter.pdf", b"%PDF-1.4 scan", "application/pdf")

    response = moderator_client.post(ADD, mailed_request(facility, consent_document=scan))

    assert response.status_code == 302, response.context["adminform"].form.errors
    profile = Profile.objects.get()
    assert profile.status == Profile.Status.PENDING
    assert profile.arrived_by == "mail"
    assert profile.submitter_email == ""
    assert profile.languages == ["english", "spanish"]
    assert "Ortega" not in profile.consent_document.name  # a random name
    assert profile.has_consent_record
    assert not Profile.objects.public().exists()
    assert mail.outbox == []  # nobody to e-mail: the decisions are mailed by staff


def test_a_mailed_in_request_needs_a_consent_record(moderator_client):
    response = moderator_client.post(
        ADD, mailed_request(FacilityFactory(), consent_note="", consent_document="")
    )

    assert response.status_code == 200
    assert "record of the person" in response.content.decode()
    assert not Profile.objects.exists()


def test_a_mailed_in_request_is_validated_like_the_family_form(moderator_client):
    texas = JurisdictionFactory(
        code="US-TX",
        state="TX",
        policy={"inmate_number_regex": r"^\d{6,8}$", "inmate_number_example": "01234567"},
    )

    response = moderator_client.post(
        ADD, mailed_request(FacilityFactory(jurisdiction=texas), inmate_number="AB-1")
    )

    assert response.status_code == 200
    assert "looks like 01234567" in response.content.decode()
    assert not Profile.objects.exists()


def test_only_pdf_and_image_scans_are_kept(moderator_client):
    scan = SimpleUploadedFile("letter.html", b"<script>alert(1)</script>", "text/html")

    response = moderator_client.post(ADD, mailed_request(FacilityFactory(), consent_document=scan))

    assert response.status_code == 200
    assert not Profile.objects.exists()


def test_the_scan_is_shown_to_staff_only(client, moderator_client, alice):
    facility = FacilityFactory()
    moderator_client.post(
        ADD,
        mailed_request(
            facility, consent_document=SimpleUploadedFile("l.pdf", b"%PDF-1.4 x", "application/pdf")
        ),
    )
    profile = Profile.objects.get()
    url = reverse("admin:profiles_profile_consent_document", args=[profile.pk])

    staff_view = moderator_client.get(url)
    client.force_login(alice)

    assert staff_view.status_code == 200
    assert staff_view["Content-Type"] == "application/pdf"
    assert staff_view["X-Content-Type-Options"] == "nosniff"
    assert client.get(url).status_code == 302  # to the admin's sign-in, never the file


# --- The queue -----------------------------------------------------------------------------------


def test_the_front_page_counts_the_work_waiting(moderator_client):
    ProfileFactory.create_batch(2)
    hidden = ProfileFactory(status="approved")
    decide(hidden, "hide", reason="takedown_report")

    page = moderator_client.get(reverse("admin:index"))

    assert page.status_code == 200
    work = {label: count for label, count, _ in page.context["work"]}
    assert work["Listings waiting for a decision"] == 2
    assert work["Listings hidden by a report, waiting for review"] == 1
    assert "Record it" in page.content.decode()
    assert "Enter a listing that arrived by mail" in page.content.decode()


def test_approve_and_next_opens_the_next_listing_waiting(moderator_client):
    first, second = ProfileFactory.create_batch(2)

    response = moderator_client.post(
        reverse("admin:profiles_profile_changelist"),
        {
            "action": "approve_profiles",
            "_selected_action": [first.pk],
            "select_across": "0",
            "_from_change": "1",
            "_next": "1",
            **approve_form(),
            "apply": "1",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:profiles_profile_change", args=[second.pk])
    first.refresh_from_db()
    assert first.status == Profile.Status.APPROVED


def test_the_approve_form_offers_the_locator_that_fits(moderator_client):
    bop = JurisdictionFactory(code="US-BOP", name="Federal Bureau of Prisons", state="")
    federal = ProfileFactory(facility=FacilityFactory(jurisdiction=bop))
    state = ProfileFactory()

    federal_page = run_action(moderator_client, "approve_profiles", [federal]).content.decode()
    state_page = run_action(moderator_client, "approve_profiles", [state]).content.decode()

    assert checked(federal_page, "bop_locator")
    assert "state_locator" not in federal_page
    assert checked(state_page, "state_locator")
    assert "bop_locator" not in state_page
    # No form came back yet: "signed consent form received" is not offered.
    assert 'value="signed_form"' not in state_page


def test_a_consent_code_already_in_use_is_drawn_again(monkeypatch):
    taken = ProfileFactory().consent_code
    draws = iter(["ACDEFGH3"])
    monkeypatch.setattr("profiles.models.new_consent_code", lambda: next(draws))

    profile = ProfileFactory(consent_code=taken)

    assert profile.consent_code == "ACDEFGH3"
