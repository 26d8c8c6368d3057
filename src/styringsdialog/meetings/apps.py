from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "styringsdialog.meetings"
    verbose_name = "Dialogmøder"
