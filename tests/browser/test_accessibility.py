"""axe-core in Chromium: the listed pages have 0 violations of WCAG 2.1 A/AA.

axe-core's script comes with the dev dependency ``axe-playwright-python`` (the file it ships);
it is injected into each page in a context that bypasses the page's Content-Security-Policy
(only for the test's own script). Add a page to ``PUBLIC_PAGES`` or ``ADMIN_PAGES`` to have it
checked.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

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
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _axe_source() -> str:
    import axe_playwright_python

    path = os.path.join(os.path.dirname(axe_playwright_python.__file__), "axe.min.js")
    with open(path, encoding="utf-8") as handle:
        return handle.read()


@pytest.fixture
def axe_page(browser) -> Iterator[object]:
    context = browser.new_context(
        locale="da-DK", viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


def _violations(page, url: str) -> list[str]:
    response = page.goto(url)
    assert response is not None and response.ok, url
    page.wait_for_load_state("networkidle")
    page.add_script_tag(content=_axe_source())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        f"{v['id']}: {v['help']} ({', '.join(str(n['target']) for n in v['nodes'][:3])})"
        for v in result["violations"]
    ]


def test_public_pages_have_no_axe_violations(axe_page, live_server, world) -> None:
    for path in PUBLIC_PAGES:
        assert _violations(axe_page, f"{live_server.url}{path}") == [], path


def test_admin_pages_have_no_axe_violations(axe_page, live_server, world) -> None:
    from styringsdialog.audit.services import record

    record(kind="view", user=world.users["admin"], object_label="Møde", meeting_id=1)
    axe_page.goto(f"{live_server.url}/log-ind/")
    axe_page.get_by_label("Brugernavn").fill("ada")
    axe_page.get_by_label("Adgangskode").fill("test-password-123")
    axe_page.get_by_role("button", name="Log ind").click()
    axe_page.wait_for_load_state("networkidle")
    for path in ADMIN_PAGES:
        assert _violations(axe_page, f"{live_server.url}{path}") == [], path
