from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "styringsdialog.publication"
    verbose_name = "Offentliggørelse"
