from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from styringsdialog.web import views, views_national

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path(
        "nationale-indstillinger/",
        views_national.national_settings,
        name="national_settings",
    ),
]
urlpatterns += [
    path("kommune/<str:code>/planlaeg-moeder/", views.plan_meetings, name="plan_meetings"),
    path(
        "kommune/<str:code>/paamind-forsinkede-pakker/",
        views.remind_late_packages,
        name="remind_late_packages",
    ),
]
# The favicon (self-made, served locally) where browsers look for it without a <link>.
urlpatterns += [
    path(
        "favicon.ico",
        RedirectView.as_view(url=static("img/favicon.ico"), permanent=True),
        name="favicon",
    ),
]
