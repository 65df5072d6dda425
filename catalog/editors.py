"""The Editor permission group: curates the catalogue, cannot manage users."""

from django.apps import apps as global_apps

EDITOR_GROUP = "Editor"
EDITOR_APPS = ("catalog", "comparisons")


def ensure_editor_group(apps=global_apps, **kwargs) -> None:
    """Create or refresh the Editor group with every permission of the catalogue apps.

    Runs after each ``migrate`` (post_migrate), so new models' permissions join the group.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    wanted = set(
        Permission.objects.filter(content_type__app_label__in=EDITOR_APPS).values_list(
            "pk", flat=True
        )
    )
    if set(group.permissions.values_list("pk", flat=True)) != wanted:
        group.permissions.set(wanted)
