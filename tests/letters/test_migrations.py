"""The move of the prohibited-items checklist from each letter to the writer and facility."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("letters", "0003_moderators_see_returned_mail_reports")
AFTER = ("letters", "0004_prohibited_items_once_per_writer_and_facility")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True)
def test_the_latest_letters_ticks_become_the_writers_confirmation_for_that_facility(
    alice, pa_person, bop_person
):
    apps = migrate(BEFORE)
    Letter = apps.get_model("letters", "Letter")
    older = Letter.objects.create(
        writer_id=alice.pk, profile_id=pa_person.pk, confirmed_absent_items=["nudity"]
    )
    Letter.objects.create(
        writer_id=alice.pk,
        profile_id=pa_person.pk,
        confirmed_absent_items=["bound_material", "nudity"],
        updated_at=older.updated_at.replace(year=older.updated_at.year + 1),
    )
    Letter.objects.create(writer_id=alice.pk, profile_id=bop_person.pk, confirmed_absent_items=[])

    apps = migrate(AFTER)

    Confirmation = apps.get_model("letters", "ProhibitedItemsConfirmation")
    assert list(Confirmation.objects.values_list("facility_id", "items")) == [
        (pa_person.facility_id, ["bound_material", "nudity"])
    ]
