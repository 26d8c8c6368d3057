from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Backup and restore of a whole installation (database content and stored files)."""

    name = "styringsdialog.operations"
    verbose_name = "Drift"
