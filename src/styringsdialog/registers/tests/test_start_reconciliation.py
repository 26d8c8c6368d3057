""" "Start afstemning" on a kommune's reconciliation page: administrators only, the queued job
with its progress and result link, and a failure in Danish."""

from __future__ import annotations

import pytest
from django.urls import reverse

from styringsdialog.jobs.models import Job
from styringsdialog.registers.models import ReconciliationRun
from styringsdialog.registers.tests.factories import load_registers

pytestmark = pytest.mark.django_db

PAGE = reverse("registers:afstemning", args=["151"])
START = reverse("registers:afstemning_start", args=["151"])


@pytest.fixture
def registers(world):
    return load_registers()


def test_the_button_is_shown_to_administrators_only(registers, world, client_for):
    shown = {
        persona: "Start afstemning" in client_for(world.users[persona]).get(PAGE).content.decode()
        for persona in ("admin", "analyst", "caseworker_ballerup", "almenbo_staff")
    }
    assert shown == {
        "admin": True,
        "analyst": False,
        "caseworker_ballerup": False,
        "almenbo_staff": False,
    }


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("caseworker_ballerup", 403),
        ("analyst", 403),
        ("almenbo_staff", 403),
        ("caseworker_kbh", 404),
        ("no_role", 404),
    ],
)
def test_others_may_not_start_one(registers, world, client_for, persona, status):
    assert client_for(world.users[persona]).post(START).status_code == status
    assert not Job.objects.exists() and ReconciliationRun.objects.count() == 1


def test_anonymous_is_sent_to_login(registers, client_for):
    response = client_for(None).post(START)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_an_administrator_starts_one_and_follows_it_to_the_report(registers, world, client_for):
    client = client_for(world.users["admin"])
    response = client.post(START)
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    run = ReconciliationRun.objects.latest("pk")
    assert run.pk != registers.pk and run.created_by == world.users["admin"]
    assert (job.kind, job.status, job.progress_done, job.progress_total) == (
        "reconcile",
        "done",
        4,
        4,
    )
    assert job.result_url == PAGE and job.result_label == f"Se afstemning nr. {run.pk}"
    assert f"Se afstemning nr. {run.pk}" in client.get(response["Location"]).content.decode()


def test_without_registers_the_job_fails_with_a_danish_message(world, client_for):
    client = client_for(world.users["admin"])
    response = client.post(START, follow=True)
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert job.error == "Der er ikke indlæst LBF-stamdata. Indlæs dem først (import_lbf_stamdata)."
    assert "Der er ikke indlæst LBF-stamdata." in response.content.decode()


def test_the_service_reports_its_four_steps(registers):
    from styringsdialog.registers.services.reconcile import run_reconciliation

    seen: list[tuple[str, int, int]] = []
    run_reconciliation(progress=lambda step, done, total: seen.append((step, done, total)))
    assert seen == [
        ("Indlæser LBF-stamdata", 0, 4),
        ("Indlæser BBR-enheder", 1, 4),
        ("Afstemmer LBF, BBR og Danmarks Statistik", 2, 4),
        ("Gemmer resultatet", 3, 4),
        ("Gemmer resultatet", 4, 4),
    ]
