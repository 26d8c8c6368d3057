from django.urls import path

from styringsdialog.meetings import (
    views_agenda,
    views_agreements,
    views_briefing,
    views_cases,
    views_configuration,
    views_invitation,
    views_meetings,
    views_minutes,
)

app_name = "meetings"
urlpatterns = [
    # meetings
    path("kommune/<str:code>/moeder/", views_meetings.kommune_meetings, name="kommune_meetings"),
    path(
        "kommune/<str:code>/indstillinger/",
        views_configuration.kommune_configuration,
        name="kommune_configuration",
    ),
    path("kommune/<str:code>/moeder/nyt/", views_meetings.meeting_create, name="meeting_create"),
    path(
        "organisation/<str:number>/moeder/",
        views_meetings.organisation_meetings,
        name="organisation_meetings",
    ),
    path("moeder/<int:pk>/", views_meetings.meeting_detail, name="meeting"),
    path("moeder/<int:pk>/oplysninger/", views_meetings.meeting_edit, name="meeting_edit"),
    path(
        "moeder/<int:pk>/status/<str:action>/", views_meetings.meeting_action, name="meeting_action"
    ),
    path("moeder/<int:pk>/deltagere/", views_meetings.participant_add, name="participant_add"),
    path(
        "moeder/<int:pk>/deltagere/<int:participant>/slet/",
        views_meetings.participant_remove,
        name="participant_remove",
    ),
    path("moeder/<int:pk>/kommentarer/", views_meetings.comment_add, name="comment_add"),
    path(
        "moeder/<int:pk>/kommentarer/<int:comment>/loest/",
        views_meetings.comment_resolve,
        name="comment_resolve",
    ),
    path(
        "moeder/<int:pk>/kommentarer/<int:comment>/svar/",
        views_minutes.comment_reply,
        name="comment_reply",
    ),
    # i10-invite: invitation, downloads, users as participants
    path("moeder/<int:pk>/indkaldelse/", views_invitation.invitation_send, name="invitation_send"),
    path("moeder/<int:pk>/dagsorden.pdf", views_invitation.agenda_pdf, name="agenda_pdf"),
    path("moeder/<int:pk>/kalender.ics", views_invitation.calendar_ics, name="calendar_ics"),
    path("moeder/<int:pk>/moedemappe.pdf", views_invitation.folder_pdf, name="folder_pdf"),
    path(
        "moeder/<int:pk>/deltagere/bruger/",
        views_invitation.participant_add_user,
        name="participant_add_user",
    ),
    # agenda
    path("moeder/<int:pk>/punkter/", views_agenda.item_add, name="item_add"),
    path("moeder/<int:pk>/punkter/<int:item>/titel/", views_agenda.item_rename, name="item_rename"),
    path("moeder/<int:pk>/punkter/<int:item>/flyt/", views_agenda.item_move, name="item_move"),
    path("moeder/<int:pk>/punkter/<int:item>/slet/", views_agenda.item_delete, name="item_delete"),
    path(
        "moeder/<int:pk>/punkter/<int:item>/referat/",
        views_minutes.minutes_edit,
        name="minutes_save",
    ),
    path(
        "moeder/<int:pk>/punkter/<int:item>/bilag/",
        views_agenda.attachment_upload,
        name="attachment_upload",
    ),
    path(
        "moeder/<int:pk>/bilag/<int:attachment>/",
        views_agenda.attachment_download,
        name="attachment",
    ),
    path(
        "moeder/<int:pk>/bilag/<int:attachment>/slet/",
        views_agenda.attachment_remove,
        name="attachment_remove",
    ),
    path("moeder/<int:pk>/sager/", views_agenda.case_link_add, name="case_link_add"),
    # agreements
    path("moeder/<int:pk>/aftaler/", views_agreements.agreement_add, name="agreement_add"),
    path(
        "kommune/<str:code>/aftaler/",
        views_agreements.kommune_agreements,
        name="kommune_agreements",
    ),
    path("aftaler/<int:pk>/", views_agreements.agreement_detail, name="agreement"),
    path("aftaler/<int:pk>/status/", views_agreements.agreement_status, name="agreement_status"),
    # cases
    path("kommune/<str:code>/sager/", views_cases.kommune_cases, name="kommune_cases"),
    path(
        "organisation/<str:org_number>/afdeling/<str:number>/sager/",
        views_cases.department_cases,
        name="department_cases",
    ),
    path("sager/<int:pk>/", views_cases.case_detail, name="case"),
    path("sager/<int:pk>/forloeb/", views_cases.case_entry_add, name="case_entry_add"),
    path("sager/<int:pk>/status/", views_cases.case_status, name="case_status"),
    # briefing
    path("organisation/<str:number>/briefing/", views_briefing.briefing, name="briefing"),
]
