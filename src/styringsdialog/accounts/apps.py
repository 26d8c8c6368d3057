from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default = True
    name = "styringsdialog.accounts"
    verbose_name = "Brugere og roller"


class StyringsdialogAdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` with ``accounts.admin_site.SuperuserAdminSite`` as ``admin.site``
    (superusers only, Danish header)."""

    default = False
    default_site = "styringsdialog.accounts.admin_site.SuperuserAdminSite"
