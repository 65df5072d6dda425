"""A curated comparison is CuratedComparison: ``Comparison`` is the comparison a page computes
(``comparisons.results``). Rows, links and permissions are kept: the table, its many-to-many
table and content type are renamed, and the permissions' codenames follow the model's name."""

from django.db import migrations

ACTIONS = ("add", "change", "delete", "view")


def rename_permissions(old: str, new: str, new_label: str):
    def rename(apps, schema_editor):
        Permission = apps.get_model("auth", "Permission")
        olds = [f"{action}_{old}" for action in ACTIONS]
        for permission in Permission.objects.filter(
            content_type__app_label="comparisons", codename__in=olds
        ):
            action = permission.codename.split("_", 1)[0]
            taken = Permission.objects.filter(
                content_type=permission.content_type, codename=f"{action}_{new}"
            )
            if not taken.exists():
                permission.codename = f"{action}_{new}"
                permission.name = f"Can {action} {new_label}"
                permission.save(update_fields=["codename", "name"])

    return rename


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("comparisons", "0002_comparison_viewers"),
    ]

    operations = [
        migrations.RenameModel("Comparison", "CuratedComparison"),
        migrations.RunPython(
            rename_permissions("comparison", "curatedcomparison", "curated comparison"),
            rename_permissions("curatedcomparison", "comparison", "comparison"),
        ),
    ]
