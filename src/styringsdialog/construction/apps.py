from django.apps import AppConfig


class ConstructionConfig(AppConfig):
    name = "styringsdialog.construction"
    verbose_name = "Byggesager"

    def ready(self) -> None:
        from styringsdialog.construction import briefing, panels
        from styringsdialog.registry import briefing as registry_briefing
        from styringsdialog.registry import panels as registry_panels

        registry_panels.register_kommune_panel(panels.kommune_panel)
        registry_panels.register_kommune_fingerprint(panels.kommune_fingerprint)
        registry_briefing.register_briefing_source("byggesager", briefing.open_construction_cases)
