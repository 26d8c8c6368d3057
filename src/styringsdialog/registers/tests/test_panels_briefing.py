"""Register panels on the registry pages and the briefing points for the meeting agenda."""

from __future__ import annotations

import pytest
from django.urls import reverse

from styringsdialog.registers import briefing
from styringsdialog.registers.tests.factories import load_registers, load_residents

pytestmark = pytest.mark.django_db


def test_kommune_page_shows_the_reconciliation_summary(world, client_for):
    load_registers()
    html = (
        client_for(world.users["caseworker_ballerup"])
        .get(reverse("registry:kommune", args=["151"]))
        .content.decode()
    )
    assert "Registre: LBF, BBR og Danmarks Statistik" in html
    assert "1 afdelinger afviger i boligtal og 2 i m²" in html
    assert reverse("registers:afstemning", args=["151"]) in html


def test_department_page_shows_figures_classification_and_kvarterprofil_link(world, client_for):
    load_registers()
    load_residents()
    html = (
        client_for(world.users["almenbo_staff"])
        .get(reverse("registry:department", args=["0151", "003"]))
        .content.decode()
    )
    assert "Registre og kvarterprofil" in html
    assert "LBF stamdata: 120 boliger, 9.000 m²" in html and "BBR: 120 boliger, 8.810 m²" in html
    assert "190 m² færre: arealdefinition" in html
    assert "Kirstinelund-området: <strong>Forebyggelsesområde</strong>" in html
    assert reverse("registers:kvarterprofil", args=["0151", "003"]) in html


def test_no_panel_without_register_data(world, client_for):
    html = (
        client_for(world.users["admin"])
        .get(reverse("registry:department", args=["0101", "001"]))
        .content.decode()
    )
    assert "Registre og kvarterprofil" not in html


def test_briefing_point_tells_the_seed_story(world):
    load_registers()
    [point] = briefing.register_differences(world.almenbo, 2025)
    assert point.title == "Uoverensstemmelser mellem LBF, BBR og DST"
    assert point.source.startswith("register")  # meetings places it under "Eventuelt"
    assert point.text == (
        "For kommunen som helhed tæller Danmarks Statistik −4 almene boliger i forhold til LBF's stamdata "
        "(adresse eller ejendom ikke koblet, enhedsdefinition, opgørelsesdato). "
        "Antallet af boliger afviger i 1 af 2 afdelinger: Lundebjerg. "
        "Der er 2 afdelinger, hvor m² ikke stemmer: Kirstinelund (−190 m²), Lundebjerg (−270 m²). "
        "Oplysningerne sendes til Almenbo."
    )
    assert point.severity == "warning"
    assert set(point.department_ids) == {world.kirstinelund.pk, world.lundebjerg.pk}
    assert (
        point.evidence_url == reverse("registers:afstemning", args=["151"]) + "?organisation=0151"
    )


def test_no_briefing_point_without_a_run_or_differences(world):
    assert briefing.register_differences(world.almenbo, 2025) == []
    load_registers()
    assert (
        briefing.register_differences(world.kbhbolig, 2025) == []
    )  # København matches, and no DST difference


def test_kvarterprofil_briefing_point(world):
    assert briefing.kvarterprofiles(world.almenbo, 2025) == []
    load_residents()
    [point] = briefing.kvarterprofiles(world.almenbo, 2025)
    assert (
        point.text
        == "Kvarterprofiler for 2 afdelinger med beboerdata. Boligområder på listerne: Kirstinelund-området (forebyggelsesområde, 2024)."
    )
    assert point.source == "kvarterprofil"


def test_the_meetings_briefing_page_lists_the_register_point(world, client_for):
    load_registers()
    html = (
        client_for(world.users["caseworker_ballerup"])
        .get(reverse("meetings:briefing", args=["0151"]) + "?aar=2025")
        .content.decode()
    )
    assert "Uoverensstemmelser mellem LBF, BBR og DST" in html


def test_the_kommune_panel_summary_is_cached_per_run(world, django_assert_num_queries):
    """A run's figures never change: the second panel reads only the newest run; a new run
    (new id and time) is summarised afresh."""
    from django.test import RequestFactory

    from styringsdialog.registers.models import ReconciliationRun
    from styringsdialog.registers.panels import kommune_panel

    load_registers()
    request = RequestFactory().get("/")
    request.user = world.users["caseworker_ballerup"]
    first = kommune_panel(request, world.ballerup)
    assert first is not None
    with django_assert_num_queries(1):  # the newest run (the scope is kept on the user)
        again = kommune_panel(request, world.ballerup)
    assert again is not None
    assert (again.context["n_count"], again.context["n_area"]) == (1, 2)
    assert [f.pk for f in again.context["totals"]] == [f.pk for f in first.context["totals"]]
    old_run = first.context["run"]
    from styringsdialog.registers.tests.factories import run_reconciliation

    run_reconciliation(by=None)  # a second reconciliation run of the same snapshots
    newest = kommune_panel(request, world.ballerup)
    assert newest is not None and newest.context["run"].pk != old_run.pk
    assert ReconciliationRun.objects.count() == 2
    assert {f.run_id for f in newest.context["totals"]} == {newest.context["run"].pk}
