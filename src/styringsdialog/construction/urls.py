from django.urls import path

from styringsdialog.construction import views

app_name = "construction"
urlpatterns = [
    path("kommune/<str:code>/byggesager/", views.kommune_construction, name="kommune"),
    path("byggesager/satser/", views.rates, name="rates"),
    path("byggesager/<int:pk>/", views.case_detail, name="case"),
    path("byggesager/<int:pk>/ret/", views.case_edit, name="case_edit"),
    path("byggesager/<int:pk>/milepael/", views.milestone_add, name="milestone_add"),
    path("byggesager/<int:pk>/haendelser/", views.event_add, name="event_add"),
    path(
        "byggesager/<int:pk>/haendelser/<int:event_pk>/status/",
        views.event_status,
        name="event_status",
    ),
    path("byggesager/<int:pk>/luk/", views.case_close, name="case_close"),
    path("byggesager/<int:pk>/dokumenter/", views.document_add, name="document_add"),
    path("byggesager/<int:pk>/knyt/", views.link_add, name="link_add"),
    path("byggesager/<int:pk>/knyt/fjern/", views.link_remove, name="link_remove"),
    path(
        "byggesager/<int:pk>/dokumenter/<int:document_pk>/",
        views.document_download,
        name="document_download",
    ),
    path(
        "byggesager/<int:pk>/dokumenter/<int:document_pk>/slet/",
        views.document_delete,
        name="document_delete",
    ),
]
