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
