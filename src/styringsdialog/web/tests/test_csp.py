"""Content-Security-Policy without 'unsafe-inline': every main page sends the header, and its HTML
has nothing the policy would block — no inline <script> without the request's nonce, no <style>
element, no style="" attribute, no on…="" handler, no javascript: URL. The templates are checked
too, so a new inline style fails here before it reaches a page.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from styringsdialog.publication.services import publish_referat
from styringsdialog.publication.tests.conftest import add_seed_people_and_agreements, make_meeting
from styringsdialog.registers.tests.factories import load_residents

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2]  # src/styringsdialog
FAKE_PDF = b"%PDF-1.7\n% rendered in tests that do not read the PDF\n%%EOF\n"
# <script type="…"> that browsers never execute (data blocks, e.g. the Swagger UI settings).
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "importmap"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}


class InlineFinder(HTMLParser):
    """Collects what a policy without 'unsafe-inline' blocks; ``nonce`` is the header's nonce."""

    def __init__(self, nonce: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.problems: list[str] = []
        self.stylesheets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        where = self.get_starttag_text() or tag
        if tag == "style":
            self.problems.append(f"<style> element: {where}")
        if "style" in a:
            self.problems.append(f"style attribute: {where}")
        for name, value in a.items():
            if name.startswith("on"):
                self.problems.append(f"event handler attribute: {where}")
            if name in URL_ATTRIBUTES and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL: {where}")
        if tag == "link" and a.get("rel") == "stylesheet":
            self.stylesheets.append(a.get("href", ""))
        if tag == "script" and "src" not in a:
            kind = a.get("type", "").lower()
            if kind not in DATA_SCRIPT_TYPES:
                if not a.get("nonce"):
                    self.problems.append(f"inline <script> without a nonce: {where}")
                elif a["nonce"] != self.nonce:
                    self.problems.append(f"inline <script> with a foreign nonce: {where}")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def check_page(response) -> InlineFinder:
    header = response.get("Content-Security-Policy", "")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    policy = directives(header)
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header
    assert policy["default-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    nonces = [w[len("'nonce-") : -1] for w in policy["script-src"] if w.startswith("'nonce-")]
    assert [w for w in policy["script-src"] if not w.startswith("'nonce-")] == ["'self'"]
    finder = InlineFinder(nonce=nonces[0] if nonces else None)
    finder.feed(response.content.decode())
    assert finder.problems == [], response.request["PATH_INFO"]
    for href in finder.stylesheets:  # every stylesheet is one of our static files
        assert href.startswith("/static/") and finders.find(href.removeprefix("/static/")), href
    return finder


@pytest.fixture
def site(world, caseworker_ballerup, monkeypatch):
    """The seed meeting, published (its referat page), and the residents for the kvarterprofil."""
    monkeypatch.setattr(
        "styringsdialog.publication.rendering.render_pdf", lambda doc, body=None: FAKE_PDF
    )
    meeting = make_meeting(world, on=date(2021, 5, 27))
    add_seed_people_and_agreements(world, meeting)
    version = publish_referat(meeting=meeting, by=caseworker_ballerup)
    load_residents()
    return {"meeting": meeting, "referat_url": version.referat.get_absolute_url()}


@pytest.fixture
def caseworker_ballerup(world):
    return world.users["caseworker_ballerup"]


def _pages(site) -> list[tuple[str, str | None, str]]:
    meeting = site["meeting"]
    return [
        ("landing", None, "/"),
        ("login", None, reverse("accounts:login")),
        ("overview", "caseworker_ballerup", "/"),
        ("overview, organisation staff", "almenbo_staff", "/"),
        ("overview, administrator", "admin", "/"),
        ("plan meetings", "caseworker_ballerup", "/kommune/151/planlaeg-moeder/?aar=2026"),
        ("remind late packages", "caseworker_ballerup", "/kommune/151/paamind-forsinkede-pakker/"),
        ("kommune page", "caseworker_ballerup", "/kommune/151/"),
        ("meeting page", "caseworker_ballerup", reverse("meetings:meeting", args=[meeting.pk])),
        ("publish page", "caseworker_ballerup", reverse("publishing:publish", args=[meeting.pk])),
        ("public portal", None, reverse("publication:portal")),
        ("public search", None, reverse("publication:portal") + "?q=Covid"),
        ("referat", None, site["referat_url"]),
        ("referat, version 1", None, site["referat_url"] + "v1/"),
        ("dataark", None, reverse("publication:organisation", args=["0151"])),
        (
            "kvarterprofil (inline SVG charts)",
            "caseworker_ballerup",
            reverse("registers:kvarterprofil", args=["0151", "003"]),
        ),
        ("API docs", None, "/api/v1/docs"),
    ]


def test_the_main_pages_send_a_strict_policy_and_have_nothing_inline(site, world, client_for):
    for label, persona, url in _pages(site):
        client = client_for(world.users[persona] if persona else None)
        response = client.get(url)
        assert response.status_code == 200, (label, response.status_code)
        check_page(response)


def test_the_referat_page_links_its_stylesheet_instead_of_inlining_it(site, client):
    finder = check_page(client.get(site["referat_url"]))
    assert "/static/publication/referat.css" in finder.stylesheets


def test_htmx_is_configured_not_to_inject_styles_or_eval(client, world):
    html = client.get("/").content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)
    assert config is not None
    assert '"includeIndicatorStyles": false' in config.group(1)
    assert '"allowEval": false' in config.group(1)
    css = Path(str(finders.find("css/app.css"))).read_text()
    assert ".htmx-indicator" in css and ".htmx-request .htmx-indicator" in css


def test_error_pages_send_the_policy_too(client, world):
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    check_page(response)


def test_an_inline_script_with_the_requests_nonce_passes_and_others_fail():
    finder = InlineFinder(nonce="abc")
    finder.feed(
        '<script nonce="abc">ok()</script><script>bad()</script><script nonce="x">bad()</script>'
        '<script type="application/json">{"data": 1}</script><script src="/static/a.js"></script>'
        '<p style="color:red" onclick="bad()"><a href="javascript:bad()">x</a></p><style>p{}</style>'
    )
    assert len(finder.problems) == 6


TEMPLATES = sorted(SRC.glob("*/templates/**/*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=[str(p.relative_to(SRC)) for p in TEMPLATES])
def test_no_template_has_inline_styles_or_scripts(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"<style\b", text, re.I), "move the CSS to a static file"
    assert not re.search(r"\sstyle\s*=", text, re.I), "use a class from a static CSS file"
    assert not re.search(r"\son[a-z]+\s*=", text, re.I), "use a static JS file"
    for tag in re.findall(r"<script\b[^>]*>", text, re.I):
        assert "src=" in tag or "nonce=" in tag or "application/json" in tag, tag
