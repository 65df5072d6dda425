from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Catalogue"

    def ready(self) -> None:
        from catalog import models
        from catalog.editors import ensure_editor_group
        from catalog.price_history import note_record_write
        from catalog.route_summary import note_write
        from catalog.search import refresh_on_write
        from catalog.version import bump_on_write

        # After every app's permissions exist, so the group always has them all.
        post_migrate.connect(ensure_editor_group, dispatch_uid="catalog.ensure_editor_group")
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(bump_on_write, dispatch_uid="catalog.bump_on_write")
        for sender in (
            models.LanguageModel,
            models.ModelAlias,
            models.Offering,
            models.Lab,
            models.ModelFamily,
        ):
            for signal in (post_save, post_delete):
                signal.connect(refresh_on_write, sender=sender, dispatch_uid="catalog.search")
        for sender in (models.Offering, models.LanguageModel, models.Provider):
            for signal in (post_save, post_delete):
                signal.connect(note_write, sender=sender, dispatch_uid="catalog.route_summary")
        for signal in (post_save, post_delete):
            signal.connect(
                note_record_write, sender=models.PriceRecord, dispatch_uid="catalog.price_history"
            )
