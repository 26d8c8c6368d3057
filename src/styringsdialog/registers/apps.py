from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "styringsdialog.registers"
    verbose_name = "Registre, afstemning og beboerprofiler"

    def ready(self) -> None:
        from styringsdialog.registers import briefing, panels
        from styringsdialog.registry import briefing as registry_briefing
        from styringsdialog.registry import panels as registry_panels

        registry_panels.register_kommune_panel(panels.kommune_panel)
        registry_panels.register_kommune_fingerprint(panels.kommune_fingerprint)
        registry_panels.register_department_panel(panels.department_panel)
        registry_briefing.register_briefing_source(
            "register_afstemning", briefing.register_differences
        )
        registry_briefing.register_briefing_source("kvarterprofil", briefing.kvarterprofiles)
