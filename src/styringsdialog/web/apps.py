from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "styringsdialog.web"
    verbose_name = "Web"
