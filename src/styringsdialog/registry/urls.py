from django.urls import path

from styringsdialog.registry import views

app_name = "registry"
urlpatterns = [
    path("kommune/<str:code>/", views.kommune_overview, name="kommune"),
    path("organisation/<str:number>/", views.organisation_detail, name="organisation"),
    path(
        "organisation/<str:org_number>/afdeling/<str:number>/",
        views.department_detail,
        name="department",
    ),
]
