"""Internal (logged-in) URLs of the publication app; mounted at "" in the project's urls.py."""

from django.urls import path

from styringsdialog.publication import views_internal

app_name = "publishing"
urlpatterns = [
    path("moeder/<int:pk>/offentliggoer/", views_internal.publish, name="publish"),
    path(
        "moeder/<int:pk>/offentliggoer/forhaandsvisning.pdf",
        views_internal.preview_pdf,
        name="preview_pdf",
    ),
]
