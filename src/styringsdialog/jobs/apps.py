from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "styringsdialog.jobs"
    verbose_name = "Baggrundsjob"
