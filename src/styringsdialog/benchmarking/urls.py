from django.urls import path

from styringsdialog.benchmarking import views, views_jobs, views_norm

app_name = "benchmarking"
urlpatterns = [
    path("effektivitet/beregn/", views_jobs.start_run, name="start_run"),
    path("kommune/<str:code>/effektivitet/", views.kommune_efficiency, name="kommune"),
    path("kommune/<str:code>/henlaeggelsesnorm/", views_norm.provision_norm, name="provision_norm"),
    path(
        "kommune/<str:code>/effektivitet/fordeling.svg", views.kommune_chart, name="kommune_chart"
    ),
    path(
        "organisation/<str:number>/effektivitet/",
        views.organisation_efficiency,
        name="organisation",
    ),
    path(
        "organisation/<str:number>/effektivitet/fordeling.svg",
        views.organisation_chart,
        name="organisation_chart",
    ),
    path(
        "organisation/<str:org_number>/afdeling/<str:number>/effektivitet/",
        views.department_efficiency,
        name="department",
    ),
    path(
        "organisation/<str:org_number>/afdeling/<str:number>/effektivitet/konti.svg",
        views.department_chart,
        name="department_chart",
    ),
]
