"""Where letters go changes only with a source and a second staff member's approval (finding 1
of issue 12: one moderator account could send every letter in a prison system to a P.O. box of
its choosing, and saving stamped the rules as verified today)."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from facilities.addressing import placeholder_address
from facilities.models import DirectoryChange, Facility, MailPolicy
from tests.facilities.test_admin import policy_post_data
from tests.factories import (
    FacilityFactory,
    JurisdictionFactory,
    PublicProfileFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DIVERTED = "{name} #{number}\nPROBE PO BOX 666\nRENO, NV 89501"
SOURCE = "https://doc.example.gov/mail"
OLD_DATE = datetime.date(2020, 1, 1)


def staff_in(group, email):
    user = UserFactory(email=email, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return staff_in("Directory editors", "editor@example.com")


@pytest.fixture
def second_editor(db):
    return staff_in("Directory editors", "second.editor@example.com")


@pytest.fixture
def person(db):
    jurisdiction = JurisdictionFactory(policy={"last_verified": OLD_DATE})
    return PublicProfileFactory(facility=FacilityFactory(jurisdiction=jurisdiction))


def policy_of(person):
    return MailPolicy.objects.get(jurisdiction=person.facility.jurisdiction)


def propose_template(client, policy, template=DIVERTED, **extra):
    url = reverse("admin:facilities_mailpolicy_change", args=[policy.pk])
    return client.post(url, policy_post_data(policy, mailing_address_template=template, **extra))


def approve(client, change):
    return client.post(
        reverse("admin:facilities_directorychange_changelist"),
        {"action": "approve_changes", "_selected_action": [change.pk]},
        follow=True,
    )


def public_address_pages(client, person):
    """The profile page (as a visitor) and the facility page, both served (200)."""
    client.logout()
    pages = [client.get(person.get_absolute_url()), client.get(person.facility.get_absolute_url())]
    assert [page.status_code for page in pages] == [200, 200]
    # As text: addresses keep their digit runs in spans, so they never break across lines.
    return strip_tags("".join(page.text for page in pages))


def test_a_moderator_cannot_change_a_mailing_address(client, person):
    moderator = staff_in("Moderators", "moderator@example.com")
    client.force_login(moderator)
    policy = policy_of(person)

    response = propose_template(client, policy, change_source_url=SOURCE)

    assert response.status_code == 403
    assert "PROBE" not in "\n".join(placeholder_address(person.facility))
    assert not DirectoryChange.objects.exists()
    for codename in ("change_mailpolicy", "add_mailpolicy", "change_facility", "add_facility"):
        assert not moderator.has_perm(f"facilities.{codename}")


def test_a_moderator_still_reads_facilities_and_policies(client, person):
    client.force_login(staff_in("Moderators", "moderator@example.com"))
    policy = policy_of(person)

    assert (
        client.get(reverse("admin:facilities_mailpolicy_change", args=[policy.pk])).status_code
        == 200
    )


def test_an_address_change_needs_a_source(client, editor, person):
    client.force_login(editor)

    response = propose_template(client, policy_of(person))

    assert response.status_code == 200
    assert "needs a source" in response.text
    assert not DirectoryChange.objects.exists()


def test_a_proposed_address_is_not_public_until_a_second_person_approves(
    client, editor, second_editor, person, alice
):
    client.force_login(editor)
    policy = policy_of(person)

    response = propose_template(client, policy, change_source_url=SOURCE)

    assert response.status_code == 302
    change = DirectoryChange.objects.get()
    assert response["Location"] == reverse(
        "admin:facilities_directorychange_change", args=[change.pk]
    )
    policy.refresh_from_db()
    assert "PROBE" not in policy.mailing_address_template
    assert policy.last_verified == OLD_DATE
    assert "PROBE" not in public_address_pages(client, person)
    # The letter editor reads the same approved row.
    client.force_login(alice)
    letter = client.post(f"/letters/new/?to={person.public_id}")
    editor_page = client.get(letter["Location"])
    assert editor_page.status_code == 200
    assert "PROBE" not in editor_page.text

    # The proposer cannot approve their own change.
    client.force_login(editor)
    refused = approve(client, change)
    assert refused.status_code == 200
    assert any("second staff member" in str(m) for m in refused.context["messages"])
    change.refresh_from_db()
    assert change.status == "pending"
    assert "PROBE" not in public_address_pages(client, person)

    client.force_login(second_editor)
    approved = approve(client, change)

    assert approved.status_code == 200
    change.refresh_from_db()
    assert (change.status, change.proposed_by, change.decided_by) == (
        "approved",
        editor,
        second_editor,
    )
    policy.refresh_from_db()
    assert policy.mailing_address_template == DIVERTED
    assert policy.last_verified == timezone.localdate()
    assert SOURCE in policy.source_urls
    pages = public_address_pages(client, person)
    assert "PROBE PO BOX 666" in pages
    assert "Mailing address last changed" in pages
    # The audit history names both people.
    log = LogEntry.objects.filter(object_id=str(policy.pk)).latest("action_time")
    assert log.user == second_editor
    assert editor.email in log.change_message


def test_saving_only_unrelated_facility_data_changes_nothing_public(client, editor, person):
    facility = person.facility
    client.force_login(editor)

    client.post(
        reverse("admin:facilities_facility_change", args=[facility.pk]),
        {
            "name": facility.name,
            "slug": facility.slug,
            "jurisdiction": facility.jurisdiction_id,
            "facility_type": facility.facility_type,
            "is_open": "on",
            "physical_street": facility.physical_street,
            "physical_city": facility.physical_city,
            "physical_state": facility.physical_state,
            "physical_zip": facility.physical_zip,
            "mail_street": "PO BOX 666",
            "mail_city": "RENO",
            "mail_state": "NV",
            "mail_zip": "89501",
            "telephone": "555-0100",
            "change_source_url": SOURCE,
        },
    )

    facility.refresh_from_db()
    assert facility.telephone == "555-0100"  # not part of the address: saved at once
    assert facility.mail_street == ""  # the address waits for approval
    assert DirectoryChange.objects.get().changes == {
        "mail_street": "PO BOX 666",
        "mail_city": "RENO",
        "mail_state": "NV",
        "mail_zip": "89501",
    }


def test_a_change_to_a_row_that_moved_since_is_refused(client, editor, second_editor, person):
    client.force_login(editor)
    policy = policy_of(person)
    propose_template(client, policy, change_source_url=SOURCE)
    policy.mailing_address_template = "{name}\n{number}\n{facility_name}"
    policy.save()  # e.g. the import refreshed it meanwhile

    client.force_login(second_editor)
    response = approve(client, DirectoryChange.objects.get())

    assert any("changed since" in str(m) for m in response.context["messages"])
    policy.refresh_from_db()
    assert "PROBE" not in policy.mailing_address_template


def test_a_new_facility_exists_only_once_approved(client, editor, second_editor, person):
    client.force_login(editor)
    data = {
        "name": "New Hope Correctional Center",
        "slug": "new-hope-cc",
        "jurisdiction": person.facility.jurisdiction_id,
        "facility_type": "state",
        "is_open": "on",
        "physical_street": "1 Hope Road",
        "physical_city": "Hope",
        "physical_state": "ZZ",
        "physical_zip": "12345",
        "change_source_url": SOURCE,
    }

    response = client.post(reverse("admin:facilities_facility_add"), data)

    assert response.status_code == 302
    assert not Facility.objects.filter(slug="new-hope-cc").exists()
    client.force_login(second_editor)
    approve(client, DirectoryChange.objects.get())
    created = Facility.objects.get(slug="new-hope-cc")
    assert created.edited_by_staff
    assert client.get(created.get_absolute_url()).status_code == 200


def test_a_checked_policy_is_marked_verified_only_after_approval(
    client, editor, second_editor, person
):
    client.force_login(editor)
    policy = policy_of(person)
    url = reverse("admin:facilities_mailpolicy_change", args=[policy.pk])

    client.post(
        url, policy_post_data(policy, verified_against_source="on", change_source_url=SOURCE)
    )

    policy.refresh_from_db()
    assert policy.last_verified == OLD_DATE
    client.force_login(second_editor)
    approve(client, DirectoryChange.objects.get())
    policy.refresh_from_db()
    assert policy.last_verified == timezone.localdate()


def test_the_database_refuses_a_change_decided_by_its_proposer(editor, person):
    from django.db import IntegrityError, transaction

    change = DirectoryChange.propose(
        policy_of(person), ["notes"], by=editor, source_url=SOURCE, verification_only=True
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        DirectoryChange.objects.filter(pk=change.pk).update(decided_by=editor, status="approved")
