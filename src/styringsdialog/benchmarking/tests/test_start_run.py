""" "Start beregning" on the efficiency pages: who sees and may use it, the queued job, its
progress and its result link, and a failure in Danish. The ``benchmark`` CLI stays synchronous."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from styringsdialog.benchmarking.models import BenchmarkRun
from styringsdialog.jobs.models import Job

pytestmark = pytest.mark.django_db

START = reverse("benchmarking:start_run")
KOMMUNE = reverse("benchmarking:kommune", args=["151"])


def test_the_form_is_shown_to_administrators_analysts_and_caseworkers(world, client_for):
    shown = {
        persona: "Start beregning" in client_for(world.users[persona]).get(KOMMUNE).content.decode()
        for persona in ("admin", "analyst", "caseworker_ballerup", "almenbo_staff")
    }
    assert shown == {
        "admin": True,
        "analyst": True,
        "caseworker_ballerup": True,
        "almenbo_staff": False,
    }
    html = client_for(world.users["analyst"]).get(KOMMUNE).content.decode()
    assert '<option value="2024" selected>2024</option>' in html  # newest year with accounts
    assert f'name="next" value="{KOMMUNE}"' in html


@pytest.mark.parametrize("persona", ["almenbo_staff", "no_role"])
def test_others_may_not_start_a_run(world, client_for, persona):
    response = client_for(world.users[persona]).post(START, {"year": 2024, "method": "fdh"})
    assert response.status_code == 403
    assert not Job.objects.exists() and not BenchmarkRun.objects.exists()


def test_anonymous_is_sent_to_login_and_get_is_not_allowed(world, client_for):
    response = client_for(None).post(START, {"year": 2024, "method": "fdh"})
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert client_for(world.users["admin"]).get(START).status_code == 405


def test_the_form_needs_the_csrf_token(world):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(world.users["admin"])
    assert csrf_client.post(START, {"year": 2024, "method": "fdh"}).status_code == 403
    assert not Job.objects.exists()


def test_an_analyst_starts_a_run_and_follows_it_to_the_result(world, client_for):
    client = client_for(world.users["analyst"])
    response = client.post(START, {"year": 2024, "method": "fdh", "next": KOMMUNE + "?sort=name"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "jobs:detail", args=[job.pk]
    )
    run = BenchmarkRun.objects.get()
    assert (run.data_year, run.method, run.created_by) == (2024, "fdh", world.users["analyst"])
    assert job.kind == "benchmark" and job.started_by == world.users["analyst"]
    assert (
        job.title
        == f"Beregning af effektivitetstal og nøgletal for 2024 ({run.get_method_display()})"
    )
    assert job.status == Job.Status.DONE and (job.progress_done, job.progress_total) == (4, 4)
    assert job.step == "Gemmer resultater"
    assert job.result_url == f"{KOMMUNE}?aar=2024&method=fdh"
    html = client.get(response["Location"]).content.decode()
    assert f"Se beregning nr. {run.pk}" in html
    page = client.get(job.result_url).content.decode()
    assert f"Beregning nr. {run.pk}:" in page


def test_a_caseworker_starts_a_run_for_a_chosen_year(world, client_for):
    client = client_for(world.users["caseworker_ballerup"])
    response = client.post(START, {"year": 2024, "method": "fdh", "next": KOMMUNE})
    job = Job.objects.get()
    assert response.status_code == 302 and job.started_by == world.users["caseworker_ballerup"]
    run = BenchmarkRun.objects.get()
    assert (run.data_year, run.created_by) == (2024, world.users["caseworker_ballerup"])


def test_a_foreign_next_address_is_not_followed(world, client_for):
    client_for(world.users["admin"]).post(
        START, {"year": 2024, "method": "dea-vrs", "next": "https://evil.example/x"}
    )
    assert Job.objects.get().result_url == f"{reverse('web:home')}?aar=2024&method=dea-vrs"


def test_a_year_without_accounts_is_refused_with_a_danish_message(world, client_for):
    client = client_for(world.users["admin"])
    response = client.post(START, {"year": 2031, "method": "fdh", "next": KOMMUNE}, follow=True)
    assert response.redirect_chain[-1][0] == KOMMUNE
    assert "Der er ingen regnskaber for det valgte år; vælg et andet." in response.content.decode()
    assert not Job.objects.exists()


def test_a_run_that_fails_shows_the_services_danish_error(world, client_for, monkeypatch):
    from styringsdialog.benchmarking import services

    def no_lines(*args, **kwargs):
        raise services.BenchmarkError(["Der er ingen regnskabslinjer for 2024; intet er beregnet."])

    monkeypatch.setattr(services, "run_benchmark", no_lines)
    client = client_for(world.users["admin"])
    response = client.post(START, {"year": 2024, "method": "fdh", "next": KOMMUNE}, follow=True)
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert job.error == "Der er ingen regnskabslinjer for 2024; intet er beregnet."
    assert "Jobbet fejlede" in response.content.decode()
    assert "Der er ingen regnskabslinjer for 2024; intet er beregnet." in response.content.decode()


def test_the_benchmark_command_still_runs_synchronously_without_a_job(world, capsys):
    call_command("benchmark", "--year", "2024", verbosity=0)
    assert BenchmarkRun.objects.count() == 1 and not Job.objects.exists()
    assert "Beregning nr." in capsys.readouterr().out
