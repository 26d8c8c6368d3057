from django.urls import path

from styringsdialog.registers import views, views_jobs, views_official, views_profile

app_name = "registers"
urlpatterns = [
    path("registre/officielle-lister/", views_official.official_areas, name="officielle_lister"),
    path("kommune/<str:code>/afstemning/", views.kommune_reconciliation, name="afstemning"),
    path("kommune/<str:code>/afstemning/start/", views_jobs.start, name="afstemning_start"),
    path(
        "kommune/<str:code>/afstemning/eksport.<str:fmt>",
        views.kommune_reconciliation_export,
        name="afstemning_export",
    ),
    path("kommune/<str:code>/afstemning/ukoblede/", views.unmatched, name="ukoblede"),
    path(
        "organisation/<str:org_number>/afdeling/<str:number>/afstemning/sag/",
        views.open_difference_case,
        name="afstemning_sag",
    ),
    path(
        "organisation/<str:org_number>/afdeling/<str:number>/afstemning/",
        views.department_reconciliation,
        name="afstemning_afdeling",
    ),
    path(
        "organisation/<str:org_number>/afdeling/<str:number>/kvarterprofil/",
        views_profile.kvarterprofil,
        name="kvarterprofil",
    ),
]
