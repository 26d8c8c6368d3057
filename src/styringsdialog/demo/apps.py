from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Orchestrates the demo: registry world, demo users and (when present) the seed meeting."""

    name = "styringsdialog.demo"
    verbose_name = "Demo"
