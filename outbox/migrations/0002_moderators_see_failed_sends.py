"""Moderators see the outbox (failed sends first), send a failed e-mail again, or delete it."""

from django.db import migrations

GROUP_NAME = "Moderators"
ACTIONS = ("view", "change", "delete")


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations ran; the group needs them now.
    app_config = apps.get_app_config("outbox")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="outbox",
            codename__in=[f"{action}_outgoingemail" for action in ACTIONS],
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="outbox")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0001_outgoing_email"),
        ("profiles", "0004_moderators_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
