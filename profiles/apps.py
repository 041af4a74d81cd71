from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = "Profiles"

    def ready(self):
        from penpals.pagecache import install_triggers

        # After every migrate: the page cache's version triggers (see penpals.pagecache).
        post_migrate.connect(install_triggers, sender=self, dispatch_uid="pagecache-triggers")
