from django.apps import AppConfig


class BenchmarkingConfig(AppConfig):
    name = "styringsdialog.benchmarking"
    verbose_name = "Effektivitet og nøgletal"

    def ready(self) -> None:
        from styringsdialog.benchmarking import briefing, panels
        from styringsdialog.registry import briefing as registry_briefing
        from styringsdialog.registry import panels as registry_panels

        registry_panels.register_kommune_panel(panels.kommune_panel)
        registry_panels.register_kommune_fingerprint(panels.kommune_fingerprint)
        registry_panels.register_organisation_panel(panels.organisation_panel)
        registry_panels.register_department_panel(panels.department_panel)
        registry_briefing.register_briefing_source("effektivitet", briefing.efficiency_range)
        registry_briefing.register_briefing_source("henlaeggelser", briefing.provisions)
        registry_briefing.register_briefing_source("husleje", briefing.high_rent)
        registry_briefing.register_briefing_source(
            "opsparede_henlaeggelser", briefing.accumulated_provisions
        )
