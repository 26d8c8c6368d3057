from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "styringsdialog.intake"
    verbose_name = "Dokumentationspakker og indlæsning"

    def ready(self) -> None:
        from styringsdialog.intake import panels
        from styringsdialog.registry import panels as registry_panels

        registry_panels.register_kommune_panel(panels.kommune_panel)
        registry_panels.register_organisation_panel(panels.organisation_panel)
