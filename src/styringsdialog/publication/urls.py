"""Public URLs, mounted at /offentlig/ (no login)."""

from django.urls import path, register_converter

from styringsdialog.publication import views
from styringsdialog.publication.feeds import KommuneReferatFeed


class FormatConverter:
    regex = "pdf|docx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "fmt")

app_name = "publication"
urlpatterns = [
    path("", views.portal, name="portal"),
    path("kommune/<str:kommune_code>/", views.portal, name="kommune"),
    path("kommune/<str:code>/feed/", KommuneReferatFeed(), name="kommune_feed"),
    path("referat/<str:code>/<slug:slug>/", views.referat, name="referat"),
    path("referat/<str:code>/<slug:slug>/<fmt:fmt>/", views.download, name="download"),
    path("referat/<str:code>/<slug:slug>/v<int:number>/", views.referat, name="referat_version"),
    path(
        "referat/<str:code>/<slug:slug>/v<int:number>/<fmt:fmt>/",
        views.download,
        name="download_version",
    ),
    path("organisation/<str:number>/", views.organisation_dataark, name="organisation"),
]
