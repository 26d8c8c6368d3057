from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class JobsConfig(AppConfig):
    name = "styringsdialog.jobs"
    verbose_name = "Baggrundsjob"

    def ready(self) -> None:
        post_migrate.connect(create_cache_table, sender=self)


def create_cache_table(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """``migrate`` also creates the database cache's table when a cache uses it
    (``STYRINGSDIALOG_CACHE_URL=db://``, the default in production); a no-op otherwise."""
    from django.conf import settings
    from django.core.management import call_command

    if any(c["BACKEND"].endswith("db.DatabaseCache") for c in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)
