"""Test URLconf: the project's URLs plus this app's internal URLs, until the lead mounts them.

``styringsdialog/urls.py`` should contain ``path("", include("styringsdialog.publication.internal_urls"))``;
when it does, this module adds nothing.
"""

from django.urls import include, path
from django.urls.resolvers import URLResolver

from styringsdialog import urls as root

handler400 = root.handler400
handler403 = root.handler403
handler404 = root.handler404
handler500 = root.handler500


def _mounted(namespace: str) -> bool:
    return any(isinstance(p, URLResolver) and p.namespace == namespace for p in root.urlpatterns)


extra = [] if _mounted("publishing") else [path("", include("styringsdialog.publication.internal_urls"))]
if not _mounted("meetings"):
    try:
        extra.append(path("", include("styringsdialog.meetings.urls")))
    except ImportError:  # the meetings pages are still being built
        pass
urlpatterns = [*extra, *root.urlpatterns]
