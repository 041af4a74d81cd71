"""`import_facilities`: every open state and federal prison, idempotent, never deleting."""

import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from facilities.addressing import policy_for
from facilities.importer import run_import, title_case
from facilities.models import Facility, Jurisdiction, MailPolicy
from profiles.models import Profile
from tests.facilities.conftest import SAMPLE_IDS


@pytest.fixture(scope="class")
def full_import(django_db_setup, django_db_blocker):
    """The whole shipped data imported once for a class of tests, with the import's report and
    how long it took. Written in a transaction around the class's tests (each still rolls back
    its own changes) and rolled back after the last of them."""
    with django_db_blocker.unblock(), transaction.atomic():
        started = time.monotonic()
        report = run_import()
        yield report, time.monotonic() - started
        transaction.set_rollback(True)


@pytest.mark.django_db
class TestFullImport:
    def test_it_loads_every_open_state_and_federal_facility_quickly(self, full_import):
        report, elapsed = full_import

        assert elapsed < 30
        assert report.created == Facility.objects.open().count() == 2141
        assert report.unmatched_bop_codes == []
        assert (
            Facility.objects.filter(jurisdiction__code="US-BOP").exclude(mail_street="").count()
            == 79
        )
        assert Jurisdiction.objects.count() == 56
        # Every jurisdiction can address mail: its own policy or the general-guidance default.
        assert MailPolicy.objects.filter(facility__isnull=True).count() == 56
        researched = MailPolicy.objects.filter(is_general_guidance=False)
        assert set(researched.values_list("jurisdiction__code", flat=True)) == {
            "US-BOP", "US-PA", "US-TX", "US-FL", "US-NC", "US-VA", "US-MI"
        }  # fmt: skip
        assert all(p.source_urls and p.source_grade != "default" for p in researched)

    def test_a_second_full_import_creates_and_changes_nothing(self, full_import):
        before = list(Facility.objects.order_by("pk").values())

        report = run_import()

        assert (report.created, report.updated, report.closed) == (0, 0, 0)
        assert report.unchanged == 2141
        assert list(Facility.objects.order_by("pk").values()) == before


def test_changed_row_is_updated_in_place(sample_data):
    sample_data.load()
    albion = Facility.objects.get(hifld_id=SAMPLE_IDS["SCI ALBION"])
    sample_data.row(albion.hifld_id)["ADDRESS"] = "10745 ROUTE 18"
    sample_data.write()

    report = sample_data.load()

    assert (report.created, report.updated, report.unchanged) == (0, 1, len(SAMPLE_IDS) - 1)
    albion.refresh_from_db()
    assert albion.physical_street == "10745 ROUTE 18"
    assert albion.slug == "sci-albion-pa"  # URLs do not move
    assert albion.address_changed_at is not None  # the facility page says so


def test_facility_that_leaves_the_data_is_closed_not_deleted(sample_data):
    sample_data.load()
    holmes = Facility.objects.get(hifld_id=SAMPLE_IDS["HOLMES CORRECTIONAL INSTITUTION"])
    profile = Profile.objects.create(
        first_name="John", last_name="Doe", inmate_number="123456", facility=holmes
    )
    sample_data.row(holmes.hifld_id)["STATUS"] = "CLOSED"
    sample_data.write()

    report = sample_data.load()

    assert report.closed == 1
    holmes.refresh_from_db()
    assert not holmes.is_open
    assert Profile.objects.get(pk=profile.pk).facility == holmes
    assert holmes not in Facility.objects.open()
    assert sample_data.load().closed == 0  # closing is reported once


def test_bop_mail_address_is_attached_by_institution(sample):
    aliceville = sample["FCI ALICEVILLE"]
    assert (aliceville.bop_code, aliceville.mail_street) == ("ALI", "P.O. BOX 4000")
    assert aliceville.physical_street == "11070 HIGHWAY 14"
    assert sample["FCI ALICEVILLE CAMP"].mail_street == ""


def test_staff_edits_to_policies_survive_a_reimport_unless_refreshed(sample_data):
    sample_data.load()
    texas = Jurisdiction.objects.get(code="US-TX")
    texas.listing_policy = Jurisdiction.ListingPolicy.REFUSED
    texas.save()
    policy = policy_for(Facility.objects.get(hifld_id=SAMPLE_IDS["COFFIELD UNIT"]))
    policy.max_photos = 3
    policy.save()

    sample_data.load()
    texas.refresh_from_db()
    policy.refresh_from_db()
    assert (texas.listing_policy, policy.max_photos) == ("refused", 3)

    report = sample_data.load(refresh_policies=True)
    texas.refresh_from_db()
    policy.refresh_from_db()
    assert (texas.listing_policy, policy.max_photos) == ("warn", 10)
    assert report.policies_refreshed == 56


def test_command_reports_what_it_did(db, tmp_path, sample_data):
    out = StringIO()
    call_command("import_facilities", data_dir=str(sample_data.path), stdout=out)
    assert f"Facilities: {len(SAMPLE_IDS)} created, 0 updated, 0 closed, 0 unchanged" in (
        out.getvalue()
    )
    out = StringIO()
    call_command("import_facilities", data_dir=str(sample_data.path), stdout=out)
    assert f"0 created, 0 updated, 0 closed, {len(SAMPLE_IDS)} unchanged" in out.getvalue()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("FCI ALICEVILLE", "FCI Aliceville"),
        ("FCI MCDOWELL CAMP", "FCI McDowell Camp"),
        ("ANSON CI - FEMALE", "Anson CI - Female"),
        (
            "NORTH CAROLINA CORRECTIONAL INSTITUTION FOR WOMEN",
            "North Carolina Correctional Institution for Women",
        ),
        ("INDIANA WOMEN'S PRISON", "Indiana Women's Prison"),
        ("FSL LA TUNA (EL PASO)", "FSL La Tuna (El Paso)"),
        ("AVERY-MITCHELL CORRECTIONAL INSTITUTION", "Avery-Mitchell Correctional Institution"),
    ],
)
def test_names_are_title_cased_for_reading(raw, expected):
    assert title_case(raw) == expected


def test_facility_staff_edited_keeps_their_changes_through_a_reimport(sample_data):
    sample_data.load()
    camp = Facility.objects.get(hifld_id=SAMPLE_IDS["FCI ALICEVILLE CAMP"])
    camp.mail_street, camp.mail_city, camp.mail_state, camp.mail_zip = (
        "P.O. BOX 4000", "ALICEVILLE", "AL", "35442"
    )  # fmt: skip
    camp.edited_by_staff = True
    camp.save()
    sample_data.rows.remove(sample_data.row(camp.hifld_id))
    sample_data.write()

    report = sample_data.load()

    camp.refresh_from_db()
    assert (report.kept, report.closed) == (1, 0)
    assert camp.mail_street == "P.O. BOX 4000"
    assert camp.is_open
