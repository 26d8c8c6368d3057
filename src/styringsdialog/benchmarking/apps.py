from django.apps import AppConfig


class BenchmarkingConfig(AppConfig):
    name = "styringsdialog.benchmarking"
    verbose_name = "Effektivitet og nøgletal"
