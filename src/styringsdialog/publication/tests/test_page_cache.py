"""Anonymous visitors get the public portal and referat pages from the cache (lib.page_cache).

Only a request with no session and no messages cookie is served from the cache; the key follows
the published data, so a new publication shows at once; the pages carry no per-request token.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from styringsdialog.publication.tests.conftest import make_meeting

pytestmark = pytest.mark.django_db

SEARCH = "/offentlig/?q=henl%C3%A6ggelse"


@pytest.fixture
def version(seed_meeting, publish):
    return publish(seed_meeting)


def _paths(version) -> list[str]:
    url = version.referat.get_absolute_url()
    return ["/offentlig/", SEARCH, url, f"{url}v1/", "/offentlig/kommune/151/"]


def test_a_cached_page_is_served_with_one_query_and_the_same_body(
    client, version, django_assert_num_queries
):
    for path in _paths(version):
        first = client.get(path)
        assert first.status_code == 200
        with django_assert_num_queries(1):  # the published generation
            again = client.get(path)
        assert again.content == first.content
        assert again["ETag"] == first["ETag"]
        assert "Cookie" in again["Vary"]


def test_public_pages_carry_no_csrf_token_or_cookie(client, version):
    for path in _paths(version):
        response = client.get(path)
        assert (
            b"X-CSRFToken" not in response.content
            and b"csrfmiddlewaretoken" not in response.content
        )
        assert not response.cookies
        assert "nonce-" not in response["Content-Security-Policy"]


def test_if_none_match_gets_not_modified(client, version):
    url = version.referat.get_absolute_url()
    etag = client.get(url)["ETag"]
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response.content == b""
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_new_publication_shows_at_once(client, version, world, publish):
    assert "1 offentliggjort" in client.get("/offentlig/").content.decode()
    publish(make_meeting(world, on=date(2022, 3, 10)))
    assert "2 offentliggjorte referater" in client.get("/offentlig/").content.decode()


def test_a_correction_shows_at_once(client, version, seed_meeting, caseworker):
    from styringsdialog.publication.services import publish_correction
    from styringsdialog.publication.tests.conftest import reapprove

    url = version.referat.get_absolute_url()
    assert "Version 2" not in client.get(url).content.decode()
    reapprove(seed_meeting, caseworker)
    publish_correction(meeting=seed_meeting, by=caseworker, change_note="Stavefejl rettet")
    assert "Version 2" in client.get(url).content.decode()


def test_htmx_fragment_and_full_page_are_kept_apart(client, version):
    full = client.get(SEARCH).content
    fragment = client.get(SEARCH, HTTP_HX_REQUEST="true").content
    assert b"<html" in full and b"<html" not in fragment
    assert client.get(SEARCH).content == full


def test_a_logged_in_reader_never_gets_the_anonymous_page(client, version, world):
    url = version.referat.get_absolute_url()
    anonymous = client.get(url).content.decode()
    assert "Log ud" not in anonymous
    reader = Client()
    reader.force_login(world.users["caseworker_ballerup"])
    html = reader.get(url).content.decode()
    assert "Log ud" in html and "X-CSRFToken" in html
    # and the anonymous page was not replaced by the reader's
    assert "Log ud" not in client.get(url).content.decode()


def test_a_visitor_with_a_session_or_a_message_gets_a_fresh_page(client, version, settings):
    url = version.referat.get_absolute_url()
    client.get(url)
    for name in (settings.SESSION_COOKIE_NAME, "messages"):
        other = Client()
        other.cookies[name] = "x"
        response = other.get(url)
        assert response.status_code == 200 and "ETag" not in response


def test_a_refused_page_is_not_cached(client, version):
    from styringsdialog.publication.tests.test_checksums_served import tamper_with_stored_file

    tamper_with_stored_file(version, "html", b"<p>TAMPERED</p>")
    url = version.referat.get_absolute_url()
    assert client.get(url).status_code == 500
    assert client.get(url).status_code == 500
