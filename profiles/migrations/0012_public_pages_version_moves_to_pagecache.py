from django.db import migrations


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="pagecache", model="publicpagesversion").delete()
    ContentType.objects.filter(app_label="profiles", model="publicpagesversion").update(
        app_label="pagecache"
    )


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="pagecache", model="publicpagesversion").update(
        app_label="profiles"
    )


class Migration(migrations.Migration):
    """The public pages' version belongs to the page cache app now. The table keeps its name
    (the triggers name it); pagecache's first migration takes it over."""

    dependencies = [
        ("profiles", "0011_submitter_language"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PublicPagesVersion")],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
