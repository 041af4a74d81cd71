from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("profiles", "0012_public_pages_version_moves_to_pagecache"),
    ]

    # The table exists already: profiles' migration 0007 created it.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PublicPagesVersion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("version", models.BigIntegerField(default=1)),
                    ],
                    options={
                        "verbose_name": "public pages version",
                        "db_table": "profiles_publicpagesversion",
                    },
                ),
            ],
        ),
    ]
