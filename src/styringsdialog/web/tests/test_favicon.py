"""The favicon: self-made, served from our own static files, linked from every page."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_every_page_links_a_local_favicon(client):
    html = client.get("/offentlig/").content.decode()
    assert 'rel="icon"' in html and "img/favicon.svg" in html and "img/favicon.ico" in html
    for name in ("img/favicon.svg", "img/favicon.ico", "img/apple-touch-icon.png"):
        assert finders.find(name), name


def test_favicon_ico_at_the_root_redirects_to_the_static_file(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("img/favicon.ico")
