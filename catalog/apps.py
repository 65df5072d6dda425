from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Catalogue"

    def ready(self) -> None:
        from catalog.editors import ensure_editor_group

        # After every app's permissions exist, so the group always has them all.
        post_migrate.connect(ensure_editor_group, dispatch_uid="catalog.ensure_editor_group")
