"""The Editor permission group: curates the catalogue, cannot manage users."""

from django.apps import apps as global_apps
from django.db.models import Q

EDITOR_GROUP = "Editor"
EDITOR_APPS = ("catalog", "comparisons")
# Beyond the catalogue: the admin's login log (django-axes), to see who is guessing
# passwords, and lifting a lockout (deleting its access attempt).
EDITOR_EXTRA_PERMISSIONS = (
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
    ("axes", "view_accesslog"),
    ("axes", "view_accessfailurelog"),
)


def ensure_editor_group(apps=global_apps, **kwargs) -> None:
    """Create or refresh the Editor group with every permission of the catalogue apps.

    Runs after each ``migrate`` (post_migrate), so new models' permissions join the group.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    extra = Q()
    for app_label, codename in EDITOR_EXTRA_PERMISSIONS:
        extra |= Q(content_type__app_label=app_label, codename=codename)
    wanted = set(
        Permission.objects.filter(Q(content_type__app_label__in=EDITOR_APPS) | extra).values_list(
            "pk", flat=True
        )
    )
    if set(group.permissions.values_list("pk", flat=True)) != wanted:
        group.permissions.set(wanted)
