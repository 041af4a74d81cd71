"""Directory editors: a group of its own for facility and mail-policy data, which moderators
no longer change. A change to where letters go needs a second staff member's approval
(facilities.DirectoryChange); directory editors propose and approve each other's changes."""

from django.db import migrations

EDITORS = "Directory editors"
MODERATORS = "Moderators"
EDITOR_PERMISSIONS = [
    ("facilities", "jurisdiction", ("view", "change")),
    ("facilities", "facility", ("view", "add", "change")),
    ("facilities", "mailpolicy", ("view", "add", "change")),
    ("facilities", "directorychange", ("view", "approve")),
]
# Moderators still read facilities and policies (to check a listing's address), nothing more.
TAKEN_FROM_MODERATORS = [
    ("facilities", "change_jurisdiction"),
    ("facilities", "add_facility"),
    ("facilities", "change_facility"),
    ("facilities", "add_mailpolicy"),
    ("facilities", "change_mailpolicy"),
]


def permissions(apps, pairs):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations ran; these are needed now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in pairs
    ]


def split_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(
        permissions(
            apps,
            [
                (app_label, f"{action}_{model}")
                for app_label, model, actions in EDITOR_PERMISSIONS
                for action in actions
            ],
        )
    )
    moderators = Group.objects.filter(name=MODERATORS).first()
    if moderators is not None:
        moderators.permissions.remove(*permissions(apps, TAKEN_FROM_MODERATORS))


def join_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=EDITORS).delete()
    moderators = Group.objects.filter(name=MODERATORS).first()
    if moderators is not None:
        moderators.permissions.add(*permissions(apps, TAKEN_FROM_MODERATORS))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("facilities", "0005_four_eyes_directory_changes"),
        # The Moderators group, which this migration takes facility editing from.
        ("profiles", "0004_moderators_group"),
    ]

    operations = [migrations.RunPython(split_roles, join_roles)]
