from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from styringsdialog.web import views, views_legal, views_national


class FaviconRedirect(RedirectView):
    """/favicon.ico → the hashed static file, resolved per request (the static manifest need not
    exist when the URLconf is imported, e.g. for ``check --deploy`` before collectstatic)."""

    permanent = True

    def get_redirect_url(self, *args: object, **kwargs: object) -> str:
        return static("img/favicon.ico")


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
        FaviconRedirect.as_view(),
        name="favicon",
    ),
]
# h16b: accessibility statement, privacy policy and the user guides (public pages)
urlpatterns += [
    path("tilgaengelighed/", views_legal.accessibility, name="accessibility"),
    path("privatliv/", views_legal.privacy, name="privacy"),
    path("vejledninger/", views_legal.guides, name="guides"),
    path("vejledninger/<slug:slug>/", views_legal.guide, name="guide"),
]
