import django.core.validators
from django.db import migrations, models

import profiles.models


def give_each_listing_a_code(apps, schema_editor):
    Profile = apps.get_model("profiles", "Profile")
    used = set()
    for profile in Profile.objects.only("pk").iterator():
        code = profiles.models.new_consent_code()
        while code in used:
            code = profiles.models.new_consent_code()
        used.add(code)
        Profile.objects.filter(pk=profile.pk).update(consent_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0009_moderation_records_move_to_their_app"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="arrived_by",
            field=models.CharField(
                choices=[("form", "The family's form"), ("mail", "A letter (mailed-in request)")],
                default="form",
                help_text="How the request to be listed reached Penpals.",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="profile",
            name="consent_form_received_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When staff recorded that the person's signed consent form came back.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="profile",
            name="consent_document",
            field=models.FileField(
                blank=True,
                help_text="A scan of the person's letter or signed form (PDF, JPEG or PNG). Staff only, never published.",
                upload_to=profiles.models.consent_document_name,
                validators=[
                    django.core.validators.FileExtensionValidator(["pdf", "jpg", "jpeg", "png"]),
                    profiles.models.validate_consent_document_size,
                ],
            ),
        ),
        # Existing listings each get their own code before the column becomes unique.
        migrations.AddField(
            model_name="profile",
            name="consent_code",
            field=models.CharField(editable=False, max_length=8, null=True),
        ),
        migrations.RunPython(give_each_listing_a_code, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="profile",
            name="consent_code",
            field=models.CharField(
                default=profiles.models.new_consent_code,
                editable=False,
                max_length=8,
                unique=True,
            ),
        ),
    ]
