"""The portal serves a stored file only while its sha256 is the one recorded at publication.

The database refuses changes to version and file rows, but the bytes live in the file storage
(a folder or a bucket), where no trigger reaches. Every page view and download re-hashes them.
"""

from __future__ import annotations

import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from styringsdialog.publication.models import ChecksumMismatchError, ReferatFile, ReferatVersion

pytestmark = pytest.mark.django_db

LOGGER = "styringsdialog.publication.views"


@pytest.fixture
def version(seed_meeting, publish) -> ReferatVersion:
    return publish(seed_meeting)


def tamper_with_stored_file(version: ReferatVersion, kind: str, data: bytes) -> None:
    """Overwrite the stored bytes in place, as someone with access to the storage could."""
    name = ReferatFile.objects.get(version=version, kind=kind).file.name
    assert name
    default_storage.delete(name)
    assert default_storage.save(name, ContentFile(data)) == name


def _error_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == LOGGER and r.levelno == logging.ERROR]


def test_untouched_files_are_served(client, version):
    url = version.referat.get_absolute_url()
    assert client.get(url).status_code == 200
    for kind in ("pdf", "docx"):
        response = client.get(f"{url}{kind}/")
        assert response.status_code == 200
        assert response.content == ReferatVersion.objects.get(pk=version.pk).file_content(kind)


def test_a_changed_html_file_is_not_shown_and_is_logged(client, version, caplog):
    tamper_with_stored_file(version, "html", b"<p>TAMPERED</p>")
    url = version.referat.get_absolute_url()
    with caplog.at_level(logging.ERROR, logger=LOGGER):
        for address in (url, f"{url}v1/"):
            response = client.get(address)
            html = response.content.decode()
            assert response.status_code == 500
            assert "Referatet kan ikke vises" in html and "kontrolsum (SHA-256)" in html
            assert "TAMPERED" not in html
            assert response["Cache-Control"] == "no-store"
    records = _error_records(caplog)
    assert len(records) == 2
    assert records[0].__dict__["file_kind"] == "html"
    assert records[0].__dict__["referat_version"] == version.pk
    assert version.html_sha256 in records[0].getMessage()


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_a_changed_download_is_refused_and_logged(client, version, caplog, kind):
    tamper_with_stored_file(version, kind, b"TAMPERED")
    url = version.referat.get_absolute_url()
    with caplog.at_level(logging.ERROR, logger=LOGGER):
        for address in (f"{url}{kind}/", f"{url}v1/{kind}/"):
            response = client.get(address)
            assert response.status_code == 500
            assert response["Content-Type"].startswith("text/html")
            assert b"TAMPERED" not in response.content
            assert "Referatet kan ikke vises" in response.content.decode()
    assert [r.__dict__["file_kind"] for r in _error_records(caplog)] == [kind, kind]
    # The page itself (its HTML is intact) is still served.
    assert client.get(url).status_code == 200


def test_verified_file_raises_on_a_changed_file(version):
    tamper_with_stored_file(version, "docx", b"TAMPERED")
    fresh = ReferatVersion.objects.get(pk=version.pk)
    assert fresh.verified_file("pdf") == fresh.file_content("pdf")
    with pytest.raises(ChecksumMismatchError) as failure:
        fresh.verified_file("docx")
    assert failure.value.kind == "docx" and failure.value.expected == version.docx_sha256
    assert not fresh.checksums_match()


# --- The API and the feed check the same sha256 (integrity.verify_versions) ----------------------

INTEGRITY_LOGGER = "styringsdialog.publication.integrity"


def _api_and_feed_paths(version: ReferatVersion) -> list[str]:
    return [
        "/api/v1/referater",
        f"/api/v1/referater/{version.referat_id}",
        "/api/v1/referater/search?q=henl%C3%A6ggelse",
        f"/offentlig/kommune/{version.referat.kommune.code}/feed/",
    ]


def test_the_api_and_the_feed_serve_intact_versions(client, version):
    for path in _api_and_feed_paths(version):
        response = client.get(path)
        assert response.status_code == 200, path
    assert client.get("/api/v1/referater").json()["count"] == 1
    assert client.get("/api/v1/referater/search?q=henl%C3%A6ggelse").json()["total"] == 1


@pytest.mark.parametrize("kind", ["html", "pdf", "docx"])
def test_a_changed_file_makes_the_api_and_the_feed_refuse_and_log(client, version, caplog, kind):
    tamper_with_stored_file(version, kind, b"TAMPERED")
    paths = _api_and_feed_paths(version)
    with caplog.at_level(logging.ERROR, logger=INTEGRITY_LOGGER):
        for path in paths:
            response = client.get(path)
            assert response.status_code == 500, path
            assert response["Cache-Control"] == "no-store"
            assert b"TAMPERED" not in response.content
            assert version.referat.title.encode() not in response.content, path
            if path.startswith("/api/"):
                assert response.json()["error"]["code"] == "integrity_error"
            else:
                assert "kontrolsum (SHA-256)" in response.content.decode()
    records = [r for r in caplog.records if r.name == INTEGRITY_LOGGER]
    assert len(records) == len(paths)
    assert {r.__dict__["file_kind"] for r in records} == {kind}
    assert {r.__dict__["referat_version"] for r in records} == {version.pk}


def test_a_changed_older_version_is_refused_in_the_detail_and_the_feed(
    client, version, seed_meeting, caseworker
):
    from styringsdialog.publication.services import publish_correction
    from styringsdialog.publication.tests.conftest import reapprove

    reapprove(seed_meeting, caseworker)
    publish_correction(meeting=seed_meeting, by=caseworker, change_note="Stavefejl rettet")
    tamper_with_stored_file(version, "html", b"TAMPERED")  # version 1, no longer the current
    assert client.get(f"/api/v1/referater/{version.referat_id}").status_code == 500
    assert client.get(f"/offentlig/kommune/{version.referat.kommune.code}/feed/").status_code == 500
    # The list names only the current version, which is intact.
    assert client.get("/api/v1/referater").status_code == 200


def test_a_verified_version_is_not_read_again(client, version, django_assert_num_queries):
    """Once checked, the API, the feed and the page read no stored file for that version."""
    url = version.referat.get_absolute_url()
    paths = [*_api_and_feed_paths(version), url]
    for path in paths:
        assert client.get(path).status_code == 200
    reads: list[str] = []
    original = ReferatVersion.file_content

    def counting(self, kind):
        reads.append(kind)
        return original(self, kind)

    ReferatVersion.file_content = counting  # type: ignore[method-assign]
    try:
        for path in paths:
            assert client.get(path).status_code == 200
    finally:
        ReferatVersion.file_content = original  # type: ignore[method-assign]
    assert reads == []


def test_a_stored_file_that_is_gone_is_refused_and_logged_like_a_changed_one(
    client, version, caplog
):
    """A storage that lost the file (a wrong MEDIA_ROOT, a half-restored bucket) gives the
    portal's refusal page, not an unhandled FileNotFoundError."""
    name = ReferatFile.objects.get(version=version, kind="html").file.name
    assert name
    default_storage.delete(name)
    with caplog.at_level(logging.ERROR, logger=LOGGER):
        response = client.get(version.referat.get_absolute_url())
    assert response.status_code == 500
    assert "Referatet kan ikke vises" in response.content.decode()
    assert "(filen mangler)" in _error_records(caplog)[0].getMessage()
