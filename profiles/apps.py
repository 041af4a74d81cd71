from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = "Profiles"

    def ready(self):
        from facilities.models import Facility, Jurisdiction, MailPolicy
        from penpals.pagecache import bump_public_pages
        from profiles.models import Profile

        # What the cached public pages show; querysets cover the writes that send no signal.
        for model in (Profile, Facility, Jurisdiction, MailPolicy):
            for signal in (post_save, post_delete):
                signal.connect(
                    bump_public_pages, sender=model, dispatch_uid=f"pagecache-{model.__name__}"
                )
