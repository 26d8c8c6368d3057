from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "styringsdialog.registry"
    verbose_name = "Register"
