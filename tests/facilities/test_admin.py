"""Staff maintain jurisdictions, facilities and mail policies in the admin."""

import datetime

import pytest
from django.urls import reverse

from facilities.models import DirectoryChange
from tests.factories import FacilityFactory, MailPolicyFactory

OLD_DATE = datetime.date(2020, 1, 1)


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("admin:facilities_facility_changelist", {"q": "aliceville"}),
        ("admin:facilities_facility_changelist", {"facility_type__exact": "federal"}),
        ("admin:facilities_facility_changelist", {"physical_state": "PA", "is_open__exact": "1"}),
        ("admin:facilities_jurisdiction_changelist", {"q": "texas"}),
        ("admin:facilities_jurisdiction_changelist", {"listing_policy__exact": "refused"}),
        ("admin:facilities_mailpolicy_changelist", {"is_general_guidance__exact": "1"}),
        ("admin:facilities_mailpolicy_changelist", {"q": "US-PA"}),
    ],
)
def test_admin_lists_search_and_filter(admin_client, sample, url, params):
    assert admin_client.get(reverse(url), params).status_code == 200


def test_admin_search_finds_a_facility_by_city(admin_client, sample):
    response = admin_client.get(reverse("admin:facilities_facility_changelist"), {"q": "munising"})
    assert list(response.context["cl"].result_list) == [sample["ALGER CORRECTIONAL FACILITY"]]


def test_writers_cannot_reach_the_facility_admin(client, alice):
    client.force_login(alice)
    response = client.get(reverse("admin:facilities_facility_changelist"))
    assert response.status_code == 302


def policy_post_data(policy, **changes):
    data = {
        "jurisdiction": policy.jurisdiction_id,
        "facility": "",
        "inmate_number_label": policy.inmate_number_label,
        "inmate_number_regex": policy.inmate_number_regex,
        "inmate_number_example": policy.inmate_number_example,
        "name_order": policy.name_order,
        "mailing_address_template": policy.mailing_address_template,
        "physical_address_accepts_mail": "on",
        "processor": policy.processor,
        "delivery_form": policy.delivery_form,
        "return_address_full_name_required": "on",
        "return_address_labels_allowed": "on",
        "allowed_envelope_colors": "[]",
        "allowed_paper_colors": "[]",
        "allowed_ink": "[]",
        "allows_polaroids": "unknown",
        "allows_cards": "unknown",
        "prohibited_items": "[]",
        "source_urls": '["https://example.org/rules"]',
        "source_grade": "official",
        "is_general_guidance": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_saving_a_policy_proposes_the_change_and_never_stamps_last_verified(admin_client, db):
    policy = MailPolicyFactory(last_verified=OLD_DATE)
    url = reverse("admin:facilities_mailpolicy_change", args=[policy.pk])
    response = admin_client.post(
        url,
        policy_post_data(policy, max_photos="4", change_source_url="https://doc.example.gov/m"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    policy.refresh_from_db()
    assert policy.last_verified == OLD_DATE
    assert policy.max_photos is None  # waiting for a second staff member
    assert DirectoryChange.objects.get().changes["max_photos"] == 4


def test_admin_rejects_a_template_with_an_unknown_placeholder(admin_client, db):
    policy = MailPolicyFactory()
    url = reverse("admin:facilities_mailpolicy_change", args=[policy.pk])
    response = admin_client.post(
        url,
        policy_post_data(
            policy,
            mailing_address_template="{name}\n{street}",
            change_source_url="https://doc.example.gov/m",
        ),
    )
    assert response.status_code == 200
    assert "Unknown placeholders: {street}" in response.text


def test_saving_a_facility_in_the_admin_protects_it_from_the_import(admin_client, db):
    facility = FacilityFactory()
    data = {
        "name": facility.name,
        "telephone": "555-0100",
        "slug": facility.slug,
        "jurisdiction": facility.jurisdiction_id,
        "facility_type": facility.facility_type,
        "is_open": "on",
        "physical_street": facility.physical_street,
        "physical_city": facility.physical_city,
        "physical_state": facility.physical_state,
        "physical_zip": facility.physical_zip,
    }
    url = reverse("admin:facilities_facility_change", args=[facility.pk])
    assert admin_client.post(url, data).status_code == 302
    facility.refresh_from_db()
    # The telephone is not part of the address: saved at once, no approval needed.
    assert (facility.telephone, facility.edited_by_staff) == ("555-0100", True)
    assert not DirectoryChange.objects.exists()
