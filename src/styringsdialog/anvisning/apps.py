from django.apps import AppConfig


class AnvisningConfig(AppConfig):
    name = "styringsdialog.anvisning"
    verbose_name = "Anvisning"

    def ready(self) -> None:
        from styringsdialog.anvisning import briefing, panels, retention
        from styringsdialog.registry import briefing as registry_briefing
        from styringsdialog.registry import panels as registry_panels

        registry_panels.register_kommune_panel(panels.kommune_panel)
        registry_panels.register_organisation_panel(panels.organisation_panel)
        registry_panels.register_department_panel(panels.department_panel)
        registry_briefing.register_briefing_source("anvisning", briefing.anvisning_points)
        retention.register()
