"""The public API: list, detail and search of published referater, without authentication."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(seed_meeting, publish):
    return publish(seed_meeting)


def test_list_needs_no_login_and_filters(client, version):
    data = client.get("/api/v1/referater").json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["title"] == "Referat af dialogmøde mellem Almenbo og Ballerup Kommune"
    assert item["kommune"] == "151" and item["organisations"] == ["0151"] and item["version"] == 1
    assert item["url"] == "/offentlig/referat/151/almenbo-2021-05-27/"
    assert item["pdf_url"].endswith("/pdf/")
    assert client.get("/api/v1/referater?kommune=101").json()["count"] == 0
    assert client.get("/api/v1/referater?year=2021&organisation=0151").json()["count"] == 1


def test_detail_has_versions_with_checksums_and_the_content(client, version):
    data = client.get(f"/api/v1/referater/{version.referat_id}").json()
    assert [v["number"] for v in data["versions"]] == [1]
    assert data["versions"][0]["pdf_sha256"] == version.pdf_sha256
    assert data["content"]["items"][0]["title"] == "Covid-19"


def test_unknown_referat_uses_the_one_error_shape(client, world):
    response = client.get("/api/v1/referater/999")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_search(client, version):
    data = client.get("/api/v1/referater/search", {"q": "henlæggelse"}).json()
    assert data["total"] == 1 and "<mark>" in data["hits"][0]["snippet"]
    assert data["hits"][0]["referat"]["id"] == version.referat_id
    assert client.get("/api/v1/referater/search").status_code == 422


def test_downloads_serve_the_stored_bytes(client, version):
    base = version.referat.get_absolute_url()
    pdf = client.get(f"{base}pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content == bytes(version.pdf)
    assert pdf["ETag"] == f'"{version.pdf_sha256}"'
    docx = client.get(f"{base}v1/docx/")
    assert docx.content == bytes(version.docx) and "immutable" in docx["Cache-Control"]
    assert 'filename="referat-151-almenbo-2021-05-27-v1.docx"' in docx["Content-Disposition"]
    assert client.get(f"{base}odt/").status_code == 404


def test_the_openapi_document_describes_the_public_endpoints(client, world):
    schema = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/referater", "/api/v1/referater/search", "/api/v1/referater/{referat_id}"):
        operation = schema["paths"][path]["get"]
        assert operation["tags"] == ["Offentliggørelse"] and "security" not in operation
