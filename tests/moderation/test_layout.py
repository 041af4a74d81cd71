"""Where rules live: profiles never reaches into moderation (moderation may use profiles)."""

import ast
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_profiles_never_imports_moderation():
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / "profiles").rglob("*.py")
        for module in imported_modules(path)
        if module == "moderation" or module.startswith("moderation.")
    ]

    assert offenders == []


# The apps whose migrations the move touches, taken back to before it (pagecache's first
# migration comes after profiles' later ones).
MOVED_BY = ("profiles", "moderation", "pagecache")


@pytest.mark.django_db(transaction=True)
def test_moving_the_moderation_records_keeps_every_row():
    executor = MigrationExecutor(connection)
    before = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in MOVED_BY] + [
        ("profiles", "0008_photo_uploads_kept_between_round_trips")
    ]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Profile = old.get_model("profiles", "Profile")
    Facility = old.get_model("facilities", "Facility")
    profile = Profile.objects.create(
        first_name="Sam",
        last_name="Rivera",
        inmate_number="1",
        facility=Facility.objects.create(
            jurisdiction=old.get_model("facilities", "Jurisdiction").objects.create(
                code="US-ZZ", name="Test DOC"
            ),
            name="Test Prison",
            slug="test-prison",
            facility_type="state",
        ),
    )
    old.get_model("profiles", "ProfileEvent").objects.create(
        profile=profile, from_status="pending", to_status="approved", note="Checked."
    )
    old.get_model("profiles", "Report").objects.create(
        profile=profile, reason="takedown", reporter_key="ip:x", details="Not me."
    )
    old.get_model("profiles", "Notice").objects.create(
        profile=profile, kind="renewal_reminder", key="1:2027-01-01"
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from django.contrib.contenttypes.models import ContentType

    from moderation.models import Notice, ProfileEvent, Report

    assert ProfileEvent.objects.get().note == "Checked."
    assert Report.objects.get().details == "Not me."
    assert Notice.objects.get().key == "1:2027-01-01"
    assert ContentType.objects.get_for_model(Report).app_label == "moderation"
