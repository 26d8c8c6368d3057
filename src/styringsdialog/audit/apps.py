from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit log: who viewed, downloaded, created, changed or deleted what (append-only)."""

    name = "styringsdialog.audit"
    verbose_name = "Revisionslog"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from styringsdialog.audit import guard, receivers, retention

        connection_created.connect(guard.install_sqlite_function)
        receivers.connect_models()
        retention.register()
