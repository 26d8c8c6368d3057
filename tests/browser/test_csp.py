"""Under the Content-Security-Policy (no 'unsafe-inline', no 'unsafe-eval') Chromium reports no
violation on the main pages, htmx still swaps results in, and the inline SVG charts keep their
colours (they are styled with SVG attributes, not inline CSS)."""

from __future__ import annotations

import re
from datetime import date

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

FAKE_PDF = b"%PDF-1.7\n% rendered in tests that do not read the PDF\n%%EOF\n"
# Every violation is also dispatched as a DOM event; the listener is installed before any script
# of the page runs (Playwright's init scripts are not subject to the page's policy).
LISTEN = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation', e => window.__csp.push("
    "e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '')));"
)


@pytest.fixture
def site(world, monkeypatch):
    from styringsdialog.publication.services import publish_referat
    from styringsdialog.publication.tests.conftest import (
        add_seed_people_and_agreements,
        make_meeting,
    )
    from styringsdialog.registers.tests.factories import load_residents

    monkeypatch.setattr(
        "styringsdialog.publication.rendering.render_pdf", lambda doc, body=None: FAKE_PDF
    )
    meeting = make_meeting(world, on=date(2021, 5, 27))
    add_seed_people_and_agreements(world, meeting)
    version = publish_referat(meeting=meeting, by=world.users["caseworker_ballerup"])
    load_residents()
    return {"meeting": meeting, "referat": version.referat.get_absolute_url()}


class Violations:
    """CSP violations seen by one page: console messages and securitypolicyviolation events."""

    def __init__(self, page) -> None:
        self.page = page
        self.console: list[str] = []
        page.add_init_script(LISTEN)
        page.on("console", self._console)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def visit(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None and response.ok, url
        self.page.wait_for_load_state("networkidle")
        self.assert_none(url)

    def assert_none(self, where: str) -> None:
        events = self.page.evaluate("window.__csp || []")
        assert (self.console, events) == ([], []), where


def test_public_pages_have_no_csp_violations_and_htmx_works(page, live_server, site):
    base = live_server.url
    seen = Violations(page)
    seen.visit(f"{base}/")
    seen.visit(f"{base}{site['referat']}")
    assert page.locator("link[href='/static/publication/referat.css']").count() == 1
    heading = page.locator("article.referat .referat__title").first
    assert heading.evaluate("e => getComputedStyle(e).marginTop") == "0px"  # referat.css applies

    seen.visit(f"{base}/offentlig/")
    page.get_by_label("Søg i referaterne").fill("Covid")
    with page.expect_request(lambda r: r.headers.get("hx-request") == "true"):
        page.get_by_role("button", name="Søg").click()
    page.get_by_role("heading", name=re.compile("1 referat matcher")).wait_for()
    seen.assert_none("after the htmx search")
    assert page.evaluate("document.querySelectorAll('style').length") == 0  # htmx injected none


def test_the_api_docs_run_under_the_policy(page, live_server, world):
    seen = Violations(page)
    seen.visit(f"{live_server.url}/api/v1/docs")
    page.get_by_text("Styringsdialog API").first.wait_for()
    page.locator(".opblock").first.wait_for()  # Swagger UI read the schema and drew the endpoints
    seen.assert_none("Swagger UI")


def test_caseworker_pages_have_no_csp_violations(page, live_server, login, site):
    base = live_server.url
    seen = Violations(page)
    login("torben")
    seen.assert_none("login")
    seen.visit(f"{base}/kommune/151/")
    with page.expect_request(lambda r: r.headers.get("hx-request") == "true"):
        page.locator("#q").fill("Almenbo")
    page.locator("#results").get_by_text("1 boligorganisationer matcher „Almenbo“").wait_for()
    seen.assert_none("after the htmx filter")

    seen.visit(f"{base}/moeder/{site['meeting'].pk}/")
    seen.visit(f"{base}/organisation/0151/afdeling/003/kvarterprofil/")
    line = page.locator(".app-chart svg path[stroke='#0059b3']").first
    assert line.evaluate("e => getComputedStyle(e).stroke") == "rgb(0, 89, 179)"
