"""Internal (logged-in) URLs of the publication app; mounted at "" in the project's urls.py."""

from django.urls import path

from styringsdialog.publication import views_esdh, views_import, views_internal

app_name = "publishing"
urlpatterns = [
    path("moeder/<int:pk>/offentliggoer/", views_internal.publish, name="publish"),
    path(
        "moeder/<int:pk>/offentliggoer/forhaandsvisning.pdf",
        views_internal.preview_pdf,
        name="preview_pdf",
    ),
    path("moeder/<int:pk>/journal/", views_esdh.meeting_records, name="meeting_records"),
    path("sager/<int:pk>/journal/", views_esdh.case_records, name="case_records"),
    path("aftaler/<int:pk>/journal/", views_esdh.agreement_records, name="agreement_records"),
    path(
        "byggesager/<int:pk>/journal/",
        views_esdh.construction_records,
        name="construction_records",
    ),
    path("kommune/<str:code>/referater/import/", views_import.upload, name="import"),
    path(
        "kommune/<str:code>/referater/import/<str:sha256>/",
        views_import.review,
        name="import_review",
    ),
]
