from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "styringsdialog.records"
    verbose_name = "Journalisering (ESDH)"
