from django.apps import AppConfig


class UsersConfig(AppConfig):
    default = True
    name = "styringsdialog.users"
    verbose_name = "Brugeradministration og log-ind med SSO"
