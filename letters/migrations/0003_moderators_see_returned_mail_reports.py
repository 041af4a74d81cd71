"""Moderators see the returned mail that writers reported: it is how a release or a transfer
reaches staff, and only superusers could see it before."""

from django.db import migrations

GROUP_NAME = "Moderators"


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations ran; this one is needed now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label="letters", codename="view_returnedmailreport"
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="letters", codename="view_returnedmailreport"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0002_returned_mail_report_for_staff"),
        ("profiles", "0004_moderators_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
