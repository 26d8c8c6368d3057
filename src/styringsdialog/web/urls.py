from django.urls import path

from styringsdialog.web import views

app_name = "web"
urlpatterns = [path("", views.home, name="home")]
urlpatterns += [
    path("kommune/<str:code>/planlaeg-moeder/", views.plan_meetings, name="plan_meetings"),
    path(
        "kommune/<str:code>/paamind-forsinkede-pakker/",
        views.remind_late_packages,
        name="remind_late_packages",
    ),
]
