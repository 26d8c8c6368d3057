"""A file larger than ``INTAKE_ASYNC_IMPORT_BYTES`` is stored and imported by a background job:
the page goes to the job's progress page, the API answers 202 with the job's ``Location``, and
the finished job links to the import (or its error table). Same checks, all or nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from styringsdialog.intake.models import ImportBatch
from styringsdialog.intake.tests.helpers import fixture_file, snapshot
from styringsdialog.jobs.models import Job

pytestmark = pytest.mark.django_db
BASE = "/api/v1/organisations/0151/packages/2025"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def small_threshold(settings):
    settings.INTAKE_ASYNC_IMPORT_BYTES = 10  # every fixture file is "large"


def package_url(name: str = "package") -> str:
    return reverse(f"intake:{name}", args=["0151", 2025])


def test_a_large_upload_runs_as_a_job_and_links_to_the_import(
    package, world, client_for, immediate_tasks, small_threshold
):
    client = client_for(world.users["almenbo_staff"])
    response = client.post(
        package_url("package_import"),
        {"kind": "accounts", "file": fixture_file("good_accounts.csv")},
    )
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "jobs:detail", args=[job.pk]
    )
    assert job.kind == "import" and job.status == Job.Status.DONE
    assert job.started_by == world.users["almenbo_staff"]
    assert job.result_url == package_url() + "#historik"
    assert job.result_label.startswith("Filen good_accounts.csv er indlæst: 4 rækker")
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.IMPORTED and batch.uploaded_by == job.started_by
    page = client.get(response["Location"]).content.decode()
    assert "Filen good_accounts.csv er indlæst" in page and job.result_url in page


def test_a_large_rejected_upload_writes_nothing_and_links_to_the_errors(
    package, world, client_for, immediate_tasks, small_threshold
):
    before = snapshot()
    client_for(world.users["almenbo_staff"]).post(
        package_url("package_import"),
        {"kind": "accounts", "file": fixture_file("unknown_department.csv")},
    )
    job = Job.objects.get()
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.REJECTED and batch.error_count == 1
    assert job.status == Job.Status.DONE
    assert job.result_url == package_url() + f"?indlaesning={batch.pk}#fejl"
    assert "afvist med 1 fejl" in job.result_label
    assert snapshot() == before


def test_the_api_answers_202_with_the_jobs_location(
    package, world, client_for, immediate_tasks, small_threshold
):
    client = client_for(world.users["almenbo_staff"])
    response = client.post(
        f"{BASE}/imports", {"kind": "accounts", "file": fixture_file("good_accounts.csv")}
    )
    assert response.status_code == 202
    body = response.json()
    assert response["Location"] == f"/api/v1/jobs/{body['id']}" and body["kind"] == "import"
    status = client.get(response["Location"]).json()
    assert status["status"] == "done" and status["result_url"].endswith("#historik")
    imports = client.get(f"{BASE}/imports").json()["items"]
    assert [i["status"] for i in imports] == ["indlaest"]


def test_a_small_file_is_still_imported_in_the_request(package, world, client_for):
    response = client_for(world.users["almenbo_staff"]).post(
        f"{BASE}/imports", {"kind": "accounts", "file": fixture_file("good_accounts.csv")}
    )
    assert response.status_code == 201 and not Job.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("caseworker_ballerup", 403), ("caseworker_kbh", 404), ("other_org_staff", 404)],
)
def test_scope_is_checked_before_anything_is_stored_or_queued(
    package, world, client_for, immediate_tasks, small_threshold, persona, status
):
    client = client_for(world.users[persona])
    page = client.post(
        package_url("package_import"),
        {"kind": "accounts", "file": fixture_file("good_accounts.csv")},
    )
    api = client.post(
        f"{BASE}/imports", {"kind": "accounts", "file": fixture_file("good_accounts.csv")}
    )
    assert (page.status_code, api.status_code) == (status, status)
    assert not Job.objects.exists() and not ImportBatch.objects.exists()


def test_a_package_that_takes_no_imports_is_refused_at_once(
    package, world, client_for, immediate_tasks, small_threshold
):
    package.status = "gennemgaaet"
    package.save(update_fields=["status"])
    response = client_for(world.users["almenbo_staff"]).post(
        f"{BASE}/imports", {"kind": "accounts", "file": fixture_file("good_accounts.csv")}
    )
    assert response.status_code == 422 and not Job.objects.exists()


# transaction=True: the worker closes and reopens connections, as it does in production.
@pytest.mark.django_db(transaction=True)
def test_the_worker_imports_the_stored_file(package, world, client_for, settings, small_threshold):
    settings.TASKS = DATABASE_TASKS
    client = client_for(world.users["almenbo_staff"])
    response = client.post(
        f"{BASE}/imports", {"kind": "facts", "file": fixture_file("good_facts.csv")}
    )
    job = Job.objects.get(pk=response.json()["id"])
    assert job.status == Job.Status.QUEUED and not ImportBatch.objects.exists()
    assert job.arguments["stored_name"].startswith("imports/")

    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)

    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert ImportBatch.objects.get().status == ImportBatch.Status.IMPORTED


def test_the_openapi_document_declares_the_202_and_its_location():
    from styringsdialog.api import api

    paths = api.get_openapi_schema()["paths"]
    for path in (
        "/api/v1/organisations/{number}/packages/{year}/imports",
        "/api/v1/jobs/{job_id}/restart",
    ):
        accepted = paths[path]["post"]["responses"][202]
        assert accepted["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/JobOut"
        }
        assert "Location" in accepted["headers"]
