"""axe-core in Chromium: the listed pages have 0 violations of WCAG 2.1 A/AA.

axe-core is the pinned npm dev dependency (ADR 0011), run through the ``axe_page`` and
``axe_violations`` fixtures in tests/browser/conftest.py. Add a page to ``PUBLIC_PAGES`` or
``ADMIN_PAGES`` to have it checked.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_PAGES = [
    "/tilgaengelighed/",
    "/privatliv/",
    "/vejledninger/",
    "/vejledninger/moeder/",
    "/vejledninger/revisionslog/",
]
ADMIN_PAGES = ["/revisionslog/"]


def _violations(page, axe_violations, url: str) -> list[str]:
    response = page.goto(url)
    assert response is not None and response.ok, url
    page.wait_for_load_state("networkidle")
    return axe_violations(page)


def test_public_pages_have_no_axe_violations(axe_page, axe_violations, live_server, world) -> None:
    for path in PUBLIC_PAGES:
        assert _violations(axe_page, axe_violations, f"{live_server.url}{path}") == [], path


def test_admin_pages_have_no_axe_violations(axe_page, axe_violations, live_server, world) -> None:
    from styringsdialog.audit.services import record

    record(kind="view", user=world.users["admin"], object_label="Møde", meeting_id=1)
    axe_page.goto(f"{live_server.url}/log-ind/")
    axe_page.get_by_label("Brugernavn").fill("ada")
    axe_page.get_by_label("Adgangskode").fill("test-password-123")
    axe_page.get_by_role("button", name="Log ind").click()
    axe_page.wait_for_load_state("networkidle")
    for path in ADMIN_PAGES:
        assert _violations(axe_page, axe_violations, f"{live_server.url}{path}") == [], path
