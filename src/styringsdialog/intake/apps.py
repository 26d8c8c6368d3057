from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "styringsdialog.intake"
    verbose_name = "Dokumentationspakker og indlæsning"

    def ready(self) -> None:
        from styringsdialog.intake import briefing, panels
        from styringsdialog.intake.services import on_meeting_held
        from styringsdialog.registry import briefing as registry_briefing
        from styringsdialog.registry import events
        from styringsdialog.registry import panels as registry_panels

        events.register_meeting_held_listener(on_meeting_held)
        registry_briefing.register_briefing_source("styringsrapport", briefing.package_points)

        registry_panels.register_kommune_panel(panels.kommune_panel)
        registry_panels.register_kommune_fingerprint(panels.kommune_fingerprint)
        registry_panels.register_organisation_panel(panels.organisation_panel)
