from django.urls import path

from styringsdialog.intake import views

app_name = "intake"
PACKAGE = "organisation/<str:number>/dokumentationspakke/<int:year>/"
urlpatterns = [
    path(
        "kommune/<str:code>/dokumentationspakker/", views.kommune_packages, name="kommune_packages"
    ),
    path(
        "kommune/<str:code>/dokumentationspakker/opret/",
        views.kommune_create_missing,
        name="kommune_create_missing",
    ),
    path(PACKAGE, views.package_detail, name="package"),
    path(PACKAGE + "opret/", views.package_create, name="package_create"),
    path(PACKAGE + "indlaes/", views.package_import, name="package_import"),
    path(PACKAGE + "bilag/", views.package_attachment, name="package_attachment"),
    path(
        PACKAGE + "bilag/<int:pk>/fjern/",
        views.package_attachment_delete,
        name="package_attachment_delete",
    ),
    path(PACKAGE + "status/<slug:action>/", views.package_status, name="package_status"),
    path(PACKAGE + "fil/<slug:what>/<int:pk>/", views.package_file, name="package_file"),
    path(PACKAGE + "svar/", views.package_answer, name="package_answer"),
    path(PACKAGE + "svar/genbrug/", views.answers_reuse, name="answers_reuse"),
    path(PACKAGE + "svar/skabelon.<slug:fmt>", views.answers_template, name="answers_template"),
]
