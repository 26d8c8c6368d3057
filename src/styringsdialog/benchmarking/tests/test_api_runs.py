"""Benchmark runs through the API: starting one (202 + the job, idempotent, the page's rule),
results scoped and filtered, and the CSV/XLSX export with the page's Danish headers."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from styringsdialog.benchmarking.exports import HEADER
from styringsdialog.jobs.models import Job

pytestmark = pytest.mark.django_db

RUNS = "/api/v1/benchmark-runs"


@pytest.fixture
def queued(settings):
    """Jobs stay queued (no worker runs them), as they do until a worker picks them up."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def start(client, **body):
    return client.post(RUNS, {"year": 2024, **body}, content_type="application/json")


def test_start_answers_202_with_the_job_and_its_location(bm_world, client_for, queued):
    response = start(client_for(bm_world.users["analyst"]), method="dea-vrs", kommune="151")
    assert response.status_code == 202, response.content
    job = Job.objects.get()
    body = response.json()
    assert body["id"] == job.pk and body["kind"] == "benchmark" and body["status"] == "queued"
    assert response["Location"] == f"/api/v1/jobs/{job.pk}"
    assert job.arguments["method"] == "dea-vrs" and job.arguments["year"] == 2024
    assert job.arguments["result_path"] == "/api/v1/kommuner/151/efficiency"


def test_the_same_run_queued_again_is_the_same_job(bm_world, client_for, queued):
    client = client_for(bm_world.users["caseworker_ballerup"])
    first = start(client).json()["id"]
    again = start(client)
    assert again.status_code == 202 and again.json()["id"] == first
    assert Job.objects.count() == 1
    other_method = start(client, method="dea-crs").json()["id"]
    assert other_method != first and Job.objects.count() == 2
    Job.objects.filter(pk=first).update(status=Job.Status.DONE)
    assert start(client).json()["id"] not in (first, other_method)


@pytest.mark.parametrize("persona", ["almenbo_staff", "no_role"])
def test_others_may_not_start_a_run(bm_world, client_for, persona):
    response = start(client_for(bm_world.users[persona]))
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"
    assert not Job.objects.exists()


def test_a_year_without_accounts_and_an_unknown_method_are_422(bm_world, client_for):
    client = client_for(bm_world.users["admin"])
    response = start(client, year=1999)
    assert response.status_code == 422
    assert "Der er ingen regnskaber for 1999" in response.json()["error"]["message"]
    assert start(client, method="median").status_code == 422
    assert start(client, kommune="999").status_code == 404
    assert not Job.objects.exists()


def test_results_are_scoped_and_filtered(bm_run, bm_world, client_for):
    url = f"{RUNS}/{bm_run.pk}/results"
    staff = client_for(bm_world.users["almenbo_staff"]).get(url, {"page_size": 100}).json()
    assert staff["count"] > 0 and {r["organisation"] for r in staff["items"]} == {"0151"}
    admin = client_for(bm_world.users["admin"])
    everything = admin.get(url, {"page_size": 100}).json()["count"]
    kbh = admin.get(url, {"kommune": "101", "page_size": 100}).json()
    assert 0 < kbh["count"] < everything
    assert (
        client_for(bm_world.users["caseworker_kbh"]).get(url, {"kommune": "151"}).status_code == 404
    )
    assert admin.get(f"{RUNS}/999999/results").status_code == 404


def test_csv_has_the_page_exports_danish_headers_and_decimal_comma(bm_run, bm_world, client_for):
    response = client_for(bm_world.users["caseworker_ballerup"]).get(
        f"{RUNS}/{bm_run.pk}/results.csv", {"kommune": "151"}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="effektivitet-kommune-151-2024-fdh.csv"' in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ";".join(HEADER)
    potentials = [line.split(";")[HEADER.index("Potentiale (%)")] for line in lines[1:]]
    decimals = [p for p in potentials if p and p != "0"]
    assert decimals and all("." not in p for p in decimals) and any("," in p for p in decimals)


def test_xlsx_is_the_same_export(bm_run, bm_world, client_for):
    response = client_for(bm_world.users["analyst"]).get(f"{RUNS}/{bm_run.pk}/results.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Effektivitetstal"]
    assert [c.value for c in sheet[1]] == HEADER and sheet.max_row > 2


def test_a_started_run_runs_and_links_to_its_results(bm_world, client_for):
    client = client_for(bm_world.users["admin"])
    job = start(client, kommune="151").json()
    polled = client.get(f"/api/v1/jobs/{job['id']}").json()
    assert polled["status"] == "done", polled["error"]
    assert polled["result_url"] == "/api/v1/kommuner/151/efficiency?year=2024&method=fdh"
    assert client.get(polled["result_url"]).status_code == 200
