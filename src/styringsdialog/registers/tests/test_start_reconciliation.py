""" "Start afstemning" on a kommune's reconciliation page: administrators and the kommune's own
caseworkers, for a chosen year or the newest snapshots; the queued job with its progress and
result link, the page saying which year and snapshots it shows and why, and failures in Danish."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from styringsdialog.jobs.models import Job
from styringsdialog.registers import services
from styringsdialog.registers.models import ReconciliationRun
from styringsdialog.registers.tests.factories import bbr_json, load_registers

pytestmark = pytest.mark.django_db

PAGE = reverse("registers:afstemning", args=["151"])
START = reverse("registers:afstemning_start", args=["151"])


@pytest.fixture
def registers(world):
    return load_registers()


def test_the_button_is_shown_to_administrators_and_the_kommunes_caseworkers(
    registers, world, client_for
):
    shown = {
        persona: "Start afstemning" in client_for(world.users[persona]).get(PAGE).content.decode()
        for persona in ("admin", "analyst", "caseworker_ballerup", "almenbo_staff")
    }
    assert shown == {
        "admin": True,
        "analyst": False,
        "caseworker_ballerup": True,
        "almenbo_staff": False,
    }


@pytest.mark.parametrize(
    ("persona", "status"),
    [
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


def test_the_kommunes_caseworker_starts_one_for_a_chosen_year(registers, world, client_for):
    services.import_bbr(
        data=bbr_json() + b" ", file_name="enheder-2024.json", reference_date=date(2024, 12, 31)
    )
    client = client_for(world.users["caseworker_ballerup"])
    response = client.post(START, {"aar": "2024"})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == "done", job.error
    run = ReconciliationRun.objects.latest("pk")
    assert (run.year, run.created_by) == (2024, world.users["caseworker_ballerup"])
    assert run.bbr_snapshot.file_name == "enheder-2024.json"
    assert run.dst_reference_date == date(2025, 1, 1)  # the count at the end of 2024
    assert run.selection.startswith("Afstemningsår 2024 (valgt ved start)")
    page = client.get(PAGE + "?aar=2024").content.decode()
    assert "Siden viser afstemningsår 2024" in page and "Du har valgt 2024" in page
    assert "Danmarks Statistik pr. 1.1.2025" in page


def test_the_page_says_it_shows_the_newest_run_when_no_year_is_chosen(registers, world, client_for):
    page = client_for(world.users["caseworker_ballerup"]).get(PAGE).content.decode()
    assert "Siden viser den nyeste afstemning" in page
    assert "Der er ikke valgt et år, så den senest kørte afstemning vises." in page
    assert "Intet år valgt: de nyeste udtræk af hver kilde." in page


def test_a_year_without_snapshots_fails_with_a_danish_message_naming_the_years(
    registers, world, client_for
):
    client = client_for(world.users["caseworker_ballerup"])
    response = client.post(START, {"aar": "2019"}, follow=True)
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("Der er ingen LBF-stamdata med opgørelsesdato i 2019")
    assert "(der er udtræk fra: 2024)" in job.error
    assert "Der er ingen LBF-stamdata" in response.content.decode()


def test_a_year_that_is_not_a_year_is_refused_without_a_job(registers, world, client_for):
    response = client_for(world.users["admin"]).post(START, {"aar": "20x4"}, follow=True)
    assert not Job.objects.exists()
    assert "er ikke et årstal" in response.content.decode()


def test_caseworkers_of_another_kommune_do_not_learn_the_page_exists(registers, world, client_for):
    assert client_for(world.users["caseworker_kbh"]).post(START, {"aar": "2024"}).status_code == 404
    assert not Job.objects.exists()


def test_the_service_refuses_a_caseworker_for_another_kommune(registers, world):
    from django.core.exceptions import PermissionDenied

    from styringsdialog.registers.tasks import start_reconciliation

    with pytest.raises(PermissionDenied):
        start_reconciliation(
            by=world.users["caseworker_kbh"], result_path=PAGE, kommune=world.ballerup, year=2024
        )
