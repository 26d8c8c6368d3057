"""Files through the storage API: with an S3-compatible bucket configured, uploads, published
referat files and meeting attachments live in the bucket, are served from it by the app, and
nothing is written to the local disk. The bucket is a moto server started by the test."""

from __future__ import annotations

import hashlib
import logging
import socket
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from styringsdialog.lib.storage import S3_BACKEND, default_storage_config
from styringsdialog.publication.tests.conftest import add_seed_people_and_agreements, make_meeting

pytestmark = pytest.mark.django_db

moto_server = pytest.importorskip(
    "moto.server", reason="moto[server] is not installed (pip install 'moto[server]')"
)
boto3 = pytest.importorskip("boto3", reason="boto3 (django-storages[s3]) is not installed")
pytest.importorskip("storages.backends.s3", reason="django-storages[s3] is not installed")

BUCKET = "styringsdialog-test"
REGION = "eu-north-1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint():
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto logs every request
    server = moto_server.ThreadedMotoServer(
        ip_address="127.0.0.1", port=_free_port(), verbose=False
    )
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path):
    """A fresh bucket as STORAGES["default"], built from the settings' own S3 variables."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",
    )
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    settings.MEDIA_ROOT = tmp_path / "local-media"  # must stay empty
    settings.STORAGES = {
        **settings.STORAGES,
        "default": default_storage_config(
            bucket=BUCKET,
            prefix="installation-1",
            endpoint_url=s3_endpoint,
            region=REGION,
            access_key_id="test-key",
            secret_access_key="test-secret",
            addressing_style="path",
        ),
    }
    yield client
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    for key in keys:
        client.delete_object(Bucket=BUCKET, Key=key)
    client.delete_bucket(Bucket=BUCKET)


def _objects(client) -> dict[str, bytes]:
    listing = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {
        o["Key"]: client.get_object(Bucket=BUCKET, Key=o["Key"])["Body"].read() for o in listing
    }


def test_without_a_bucket_files_stay_under_media_root():
    assert default_storage_config() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_bad_s3_settings_fail_at_start_with_a_danish_message():
    with pytest.raises(ImproperlyConfigured, match="ADDRESSING_STYLE skal være"):
        default_storage_config(bucket="b", addressing_style="sideways")
    with pytest.raises(ImproperlyConfigured, match="både"):
        default_storage_config(bucket="b", access_key_id="only-the-key")


def test_upload_publish_and_download_through_an_s3_bucket(bucket, world, client_for, settings):
    from styringsdialog.intake.catalogue import ensure_demo_catalogue
    from styringsdialog.intake.models import ImportBatch
    from styringsdialog.intake.services import create_package
    from styringsdialog.meetings.models import Meeting
    from styringsdialog.meetings.services.agenda import add_attachment
    from styringsdialog.publication.services import publish_referat

    assert settings.STORAGES["default"]["BACKEND"] == S3_BACKEND
    staff = client_for(world.users["almenbo_staff"])
    caseworker = world.users["caseworker_ballerup"]

    # An intake upload: stored content-addressed in the bucket, downloaded through the app.
    ensure_demo_catalogue()
    create_package(organisation=world.almenbo, styringsaar=2025, by=world.users["almenbo_staff"])
    upload = b"konto;beloeb\n101;12,50\n"
    staff.post(
        reverse("intake:package_import", args=["0151", 2025]),
        {"kind": "accounts", "file": SimpleUploadedFile("regnskab.csv", upload)},
    )
    batch = ImportBatch.objects.get()
    sha = hashlib.sha256(upload).hexdigest()
    assert batch.file.name == f"imports/{sha}.csv"
    download = staff.get(
        reverse("intake:package_file", args=["0151", 2025, "indlaesning", batch.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == upload

    # A meeting attachment (added while the referat is a draft) and the published referat:
    # HTML, PDF and DOCX in the bucket, served by the public portal.
    meeting = make_meeting(world, on=date(2021, 5, 27), status=Meeting.ReferatStatus.DRAFT)
    add_seed_people_and_agreements(world, meeting)
    item = meeting.items.order_by("position").first()
    assert item is not None
    attachment = add_attachment(
        item=item, upload=SimpleUploadedFile("bilag.txt", b"bilag i bucket"), by=caseworker
    )
    got = client_for(caseworker).get(
        reverse("meetings:attachment", args=[meeting.pk, attachment.pk])
    )
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"bilag i bucket"
    Meeting.objects.filter(pk=meeting.pk).update(referat_status=Meeting.ReferatStatus.APPROVED)
    version = publish_referat(meeting=meeting, by=caseworker)
    pub = version.referat
    pdf = client_for(None).get(
        reverse("publication:download_version", args=["151", pub.slug, 1, "pdf"])
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert hashlib.sha256(pdf.content).hexdigest() == version.pdf_sha256
    page = client_for(None).get(reverse("publication:referat", args=["151", pub.slug]))
    assert page.status_code == 200
    assert "Covid-19" in page.content.decode()

    stored = _objects(bucket)
    prefix = "installation-1/"
    assert stored[f"{prefix}imports/{sha}.csv"] == upload
    assert stored[f"{prefix}referater/{version.pdf_sha256}.pdf"] == pdf.content
    assert f"{prefix}referater/{version.docx_sha256}.docx" in stored
    assert f"{prefix}referater/{version.html_sha256}.html" in stored
    assert stored[f"{prefix}{attachment.file.name}"] == b"bilag i bucket"
    assert all(key.startswith(prefix) for key in stored)
    assert not (settings.MEDIA_ROOT).exists(), "nothing may be written to the local disk"


def test_a_backup_takes_the_files_from_the_bucket(bucket, world, tmp_path, settings):
    from styringsdialog.operations.backup import write_backup

    default_storage.save("imports/abc.csv", SimpleUploadedFile("abc.csv", b"a;b\n1;2\n"))
    default_storage.save("referater/x/y.html", SimpleUploadedFile("y.html", b"<p>hej</p>"))
    summary = write_backup(tmp_path / "backup.zip")
    with zipfile.ZipFile(summary.path) as zf:
        assert zf.read("files/imports/abc.csv") == b"a;b\n1;2\n"
        assert zf.read("files/referater/x/y.html") == b"<p>hej</p>"
    assert summary.files == 2
    assert not (settings.MEDIA_ROOT).exists()
