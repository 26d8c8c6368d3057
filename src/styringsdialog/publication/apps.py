from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "styringsdialog.publication"
    verbose_name = "Offentliggørelse"

    def ready(self) -> None:
        from styringsdialog.meetings import hooks
        from styringsdialog.publication import meeting_hooks

        hooks.register_meeting_action(meeting_hooks.publish_action)
        hooks.register_meeting_panel(meeting_hooks.published_versions_panel)
        hooks.register_meeting_action(meeting_hooks.records_action)
        hooks.register_case_action(meeting_hooks.case_records_action)
