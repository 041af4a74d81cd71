from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PagecacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from pagecache import install_triggers

        # After every migrate: SQLite drops a table's triggers when a migration rebuilds it,
        # and a deploy's new templates must retire every cached page.
        post_migrate.connect(install_triggers, sender=self, dispatch_uid="pagecache-triggers")
