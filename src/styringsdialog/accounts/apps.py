from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "styringsdialog.accounts"
    verbose_name = "Brugere og roller"
