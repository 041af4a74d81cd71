from django.db import models


class PublicPagesVersion(models.Model):
    """One row: the version of everything the public pages show (see pagecache)."""

    version = models.BigIntegerField(default=1)

    class Meta:
        verbose_name = "public pages version"
        # Its first name, from when it lived in profiles: the triggers of every deployed
        # database name this table, and a rename would break writes until they are rebuilt.
        db_table = "profiles_publicpagesversion"

    def __str__(self):
        return f"Public pages, version {self.version}"
