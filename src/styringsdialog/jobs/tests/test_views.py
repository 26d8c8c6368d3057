"""The job status page, its polled progress fragment, the list and the API endpoint, per
persona: a user sees their own jobs, administrators every job, everyone else gets 404."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from styringsdialog.jobs.models import Job

pytestmark = pytest.mark.django_db

PERSONA_STATUS = {
    "caseworker_ballerup": 200,  # started the job
    "admin": 200,
    "caseworker_kbh": 404,
    "almenbo_staff": 404,
    "other_org_staff": 404,
    "analyst": 404,
    "no_role": 404,
}


@pytest.fixture
def running(world) -> Job:
    return Job.objects.create(
        kind="benchmark",
        title="Beregning af effektivitetstal og nøgletal for 2024 (FDH)",
        started_by=world.users["caseworker_ballerup"],
        status=Job.Status.RUNNING,
        step="Beregner effektivitetstal",
        progress_done=1,
        progress_total=4,
        started_at=timezone.now(),
    )


def pages(job: Job) -> dict[str, str]:
    return {
        "detail": reverse("jobs:detail", args=[job.pk]),
        "progress": reverse("jobs:progress", args=[job.pk]),
        "api": f"/api/v1/jobs/{job.pk}",
    }


def test_each_persona_sees_only_their_own_jobs(running, world, client_for):
    seen = {
        (persona, page): client_for(world.users[persona]).get(url).status_code
        for persona in PERSONA_STATUS
        for page, url in pages(running).items()
    }
    assert seen == {
        (persona, page): status
        for persona, status in PERSONA_STATUS.items()
        for page in pages(running)
    }


def test_anonymous_is_sent_to_login_and_the_api_answers_401(running, client_for):
    client = client_for(None)
    for page in ("detail", "progress"):
        response = client.get(pages(running)[page])
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    response = client.get(pages(running)["api"])
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthenticated"


def test_an_unknown_job_is_404_in_danish(world, client_for):
    response = client_for(world.users["admin"]).get(reverse("jobs:detail", args=[999999]))
    assert response.status_code == 404
    response = client_for(world.users["admin"]).get("/api/v1/jobs/999999")
    assert (
        response.json()["error"]["message"]
        == "Jobbet findes ikke, eller du har ikke adgang til det."
    )


def test_a_running_job_shows_its_step_and_keeps_polling(running, world, client_for):
    client = client_for(world.users["caseworker_ballerup"])
    html = client.get(pages(running)["detail"]).content.decode()
    assert "Beregning af effektivitetstal og nøgletal for 2024 (FDH)" in html
    assert "Beregner effektivitetstal – trin 2 af 4" in html
    assert 'max="4" value="1"' in html
    fragment = client.get(pages(running)["progress"]).content.decode()
    assert fragment.lstrip().startswith(f'<div id="job-{running.pk}"')
    assert 'hx-trigger="every 1s"' in fragment and "<html" not in fragment


def test_a_queued_job_says_it_waits_for_a_worker(world, client_for):
    job = Job.objects.create(kind="email", title="E-mail: Hej")
    html = client_for(world.users["admin"]).get(reverse("jobs:progress", args=[job.pk])).content
    assert "venter i køen" in html.decode() and b"styringsdialog worker" in html


def test_a_finished_job_links_to_its_result_and_stops_polling(running, world, client_for):
    Job.objects.filter(pk=running.pk).update(
        status=Job.Status.DONE,
        progress_done=4,
        result_url="/kommune/151/effektivitet/?year=2024&method=fdh",
        result_label="Se beregning nr. 7",
        finished_at=timezone.now(),
    )
    fragment = client_for(world.users["caseworker_ballerup"]).get(pages(running)["progress"])
    html = fragment.content.decode()
    assert "Færdig" in html
    assert (
        '<a href="/kommune/151/effektivitet/?year=2024&amp;method=fdh">Se beregning nr. 7</a>'
        in html
    )
    assert "hx-trigger" not in html


def test_a_failed_job_shows_its_danish_error(running, world, client_for):
    Job.objects.filter(pk=running.pk).update(
        status=Job.Status.FAILED, error="Der er ingen regnskabslinjer for 2031; intet er beregnet."
    )
    html = client_for(world.users["admin"]).get(pages(running)["detail"]).content.decode()
    assert "Jobbet fejlede" in html
    assert "Der er ingen regnskabslinjer for 2031; intet er beregnet." in html
    assert "hx-trigger" not in html


def test_the_api_gives_status_progress_and_result(running, world, client_for):
    body = client_for(world.users["caseworker_ballerup"]).get(pages(running)["api"]).json()
    assert body["id"] == running.pk and body["kind"] == "benchmark"
    assert (body["status"], body["status_label"]) == ("running", "I gang")
    assert body["progress"] == {
        "done": 1,
        "total": 4,
        "percent": 25,
        "step": "Beregner effektivitetstal",
    }
    assert body["result_url"] == "" and body["error"] == "" and body["finished_at"] is None


def test_the_list_shows_own_jobs_and_administrators_see_all(running, world, client_for):
    system = Job.objects.create(kind="email", title="E-mail: Nulstil din adgangskode")
    other = Job.objects.create(
        kind="benchmark", title="Analytikerens beregning", started_by=world.users["analyst"]
    )
    own = client_for(world.users["caseworker_ballerup"]).get(reverse("jobs:list")).content.decode()
    assert running.title in own and system.title not in own and other.title not in own
    everything = client_for(world.users["admin"]).get(reverse("jobs:list")).content.decode()
    assert all(j.title in everything for j in (running, system, other))
    assert "Systemet" in everything
    nothing = client_for(world.users["no_role"]).get(reverse("jobs:list")).content.decode()
    assert "Der er ingen baggrundsjob endnu." in nothing
