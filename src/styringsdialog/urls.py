from django.contrib import admin
from django.urls import include, path, re_path

from styringsdialog.api import api, not_found

handler400 = "styringsdialog.web.views.bad_request"
handler403 = "styringsdialog.web.views.permission_denied"
handler404 = "styringsdialog.web.views.page_not_found"
handler500 = "styringsdialog.web.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api/", not_found),  # the rest of /api/: 404 in the API's JSON shape
    path("", include("styringsdialog.accounts.urls")),
    path("offentlig/", include("styringsdialog.publication.urls")),
    path("", include("styringsdialog.publication.internal_urls")),
    path("", include("styringsdialog.meetings.urls")),
    path("", include("styringsdialog.anvisning.urls")),  # anvisning (C14)
    path("", include("styringsdialog.construction.urls")),
    path("", include("styringsdialog.benchmarking.urls")),
    path("", include("styringsdialog.intake.urls")),
    path("", include("styringsdialog.registers.urls")),
    path("", include("styringsdialog.jobs.urls")),
    path("", include("styringsdialog.registry.urls")),
    path("oidc/", include("mozilla_django_oidc.urls")),  # h16a: SSO (OpenID Connect)
    path("", include("styringsdialog.users.urls")),  # h16a: user administration
    path("", include("styringsdialog.web.urls")),
]
