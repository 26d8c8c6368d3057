"""The API documentation (Swagger UI) and the main pages load everything from this site: nothing
from a CDN or any other host, so /api/v1/docs works offline and leaks no visits."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


class _References(HTMLParser):
    """Every URL a page makes the browser fetch: src, href of stylesheets and icons, srcset."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("src"):
            self.urls.append(values["src"] or "")
        if tag == "link" and values.get("href"):
            self.urls.append(values["href"] or "")
        for candidate in (values.get("srcset") or "").split(","):
            if candidate.strip():
                self.urls.append(candidate.split()[0])


def fetched_urls(html: str) -> list[str]:
    parser = _References()
    parser.feed(html)
    return parser.urls


def third_party(urls: list[str]) -> list[str]:
    return [u for u in urls if urlsplit(u).netloc not in ("", "testserver")]


def test_the_checker_sees_a_cdn_reference():
    html = '<link rel="stylesheet" href="https://cdn.example/x.css"><script src="/static/a.js">'
    assert third_party(fetched_urls(html)) == ["https://cdn.example/x.css"]


def test_swagger_ui_is_served_from_the_projects_static_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    urls = fetched_urls(html)
    assert third_party(urls) == []
    scripts = [u for u in urls if u.endswith(".js")]
    assert any("swagger-ui-bundle" in u for u in scripts)
    for url in urls:
        assert url.startswith(settings.STATIC_URL), url
        assert finders.find(url.removeprefix(settings.STATIC_URL)), f"{url} is not a static file"


def test_swagger_ui_fetches_no_validator_badge(client):
    """Swagger UI asks validator.swagger.io about the schema unless validatorUrl is null."""
    html = client.get("/api/v1/docs").content.decode()
    config = re.search(
        r'<script type="application/json" id="swagger-settings">(.*?)</script>', html, re.S
    )
    assert config is not None
    swagger = json.loads(config.group(1))
    assert swagger["validatorUrl"] is None
    assert swagger["url"] == "/api/v1/openapi.json"


@pytest.mark.parametrize("path", ["/", "/log-ind/", "/offentlig/"])
def test_main_pages_reference_only_this_site(world, client, path):
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert third_party(fetched_urls(response.content.decode())) == []
