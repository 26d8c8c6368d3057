from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "styringsdialog.meetings"
    verbose_name = "Dialogmøder"

    def ready(self) -> None:
        from styringsdialog.meetings import briefing, panels
        from styringsdialog.registry import briefing as registry_briefing
        from styringsdialog.registry import panels as registry_panels

        registry_panels.register_kommune_panel(panels.overdue_agreements_panel)
        registry_panels.register_kommune_panel(panels.kommune_meetings_panel)
        registry_panels.register_kommune_fingerprint(panels.kommune_fingerprint)
        registry_panels.register_organisation_panel(panels.organisation_panel)
        registry_panels.register_department_panel(panels.department_panel)
        registry_briefing.register_briefing_source(
            "aftaler_sidste_aar", briefing.last_year_agreements
        )
        registry_briefing.register_briefing_source("aftaler_aabne", briefing.open_agreements)
        registry_briefing.register_briefing_source("sager", briefing.open_cases)
        from styringsdialog.meetings import retention

        retention.register()  # h16b: referat drafts and comments (styringsdialog retention)
