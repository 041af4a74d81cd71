"""The Moderators group: what moderation needs, and nothing about user accounts."""

from django.db import migrations

GROUP_NAME = "Moderators"
# (app_label, model, actions). No delete anywhere: profiles are erased by a workflow step that
# keeps the audit trail, and the history itself is read-only.
PERMISSIONS = [
    ("profiles", "profile", ("view", "change")),
    ("profiles", "profileevent", ("view",)),
    ("profiles", "report", ("view", "change")),
    ("facilities", "jurisdiction", ("view", "change")),
    ("facilities", "facility", ("view", "add", "change")),
    ("facilities", "mailpolicy", ("view", "add", "change")),
]


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations ran; this group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    codenames = [
        (app_label, f"{action}_{model}")
        for app_label, model, actions in PERMISSIONS
        for action in actions
    ]
    permissions = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in codenames
    ]
    group.permissions.set(permissions)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("facilities", "0001_initial"),
        ("profiles", "0003_reports_and_notices"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
