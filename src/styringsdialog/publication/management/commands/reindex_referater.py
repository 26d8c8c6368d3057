"""styringsdialog reindex-referater: rebuild the public search index from the current versions."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from styringsdialog.publication.search import rebuild_index


class Command(BaseCommand):
    help = "Genopbyg søgeindekset for offentliggjorte referater (fx efter en gendannelse af databasen)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            n = rebuild_index()
        self.stdout.write(f"Søgeindekset er genopbygget: {n} referater ({connection.vendor}).")
