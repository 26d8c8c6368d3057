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
        hooks.register_page_action("case", meeting_hooks.case_records_action)
        hooks.register_page_action("agreement", meeting_hooks.agreement_records_action)
