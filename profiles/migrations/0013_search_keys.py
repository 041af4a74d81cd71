import django.contrib.postgres.search
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import TextField
from django.db.models.functions import Cast


def fill_search_keys(apps, schema_editor):
    # PostgreSQL only, as search_vector: SQLite searches with LIKE and has no GIN indexes.
    if schema_editor.connection.vendor != "postgresql":
        return
    Profile = apps.get_model("profiles", "Profile")
    # The page cache's triggers would bump its version once a row; `migrate` bumps it once at
    # the end (pagecache.install_triggers).
    schema_editor.execute("ALTER TABLE profiles_profile DISABLE TRIGGER USER")
    # profiles.search.keys_vector() as of this migration.
    Profile.objects.filter(search_vector__isnull=False).update(
        search_keys=SearchVector(
            "first_name", "last_name", "preferred_name", weight="A", config="english"
        )
        + SearchVector(Cast("interests", TextField()), weight="B", config="english")
    )
    schema_editor.execute("ALTER TABLE profiles_profile ENABLE TRIGGER USER")
    schema_editor.execute(
        "CREATE INDEX profile_search_keys ON profiles_profile USING gin (search_keys)"
    )


def drop_search_keys_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS profile_search_keys")


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0012_public_pages_version_moves_to_pagecache"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="search_keys",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill_search_keys, drop_search_keys_index, elidable=False),
    ]
