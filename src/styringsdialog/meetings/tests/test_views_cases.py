"""Case pages per persona: kommune list, department list with "open case", detail, status."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from styringsdialog.meetings import services
from styringsdialog.meetings.models import Case
from styringsdialog.meetings.services.cases import link_case_to_department

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    return services.open_case(
        department=world.lundebjerg,
        category="byggeri_mangler",
        title="Mangler i nye boliger",
        opened_on=date(2020, 8, 1),
        text="Indflytning",
        by=None,
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("caseworker_ballerup", 200),
        ("almenbo_staff", 200),
        ("admin", 200),
        ("caseworker_kbh", 404),
        ("other_org_staff", 404),
        ("analyst", 404),
        ("no_role", 404),
    ],
)
def test_case_detail_scope(world, client_for, case, persona, status):
    assert (
        client_for(world.users[persona]).get(reverse("meetings:case", args=[case.pk])).status_code
        == status
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("caseworker_ballerup", 200),
        ("almenbo_staff", 200),
        ("caseworker_kbh", 404),
        ("analyst", 404),
    ],
)
def test_department_case_list_scope(world, client_for, case, persona, status):
    url = reverse("meetings:department_cases", args=["0151", "008"])
    assert client_for(world.users[persona]).get(url).status_code == status


def test_kommune_case_list_shows_open_cases_by_default(world, client_for, case):
    closed = services.open_case(
        department=world.kirstinelund,
        category="renovering",
        title="Gammel altansag",
        opened_on=date(2019, 1, 1),
        by=None,
    )
    services.close_case(case=closed, by=None)
    c = client_for(world.users["caseworker_ballerup"])
    html = c.get(reverse("meetings:kommune_cases", args=["151"])).content.decode()
    assert "Mangler i nye boliger" in html and "Gammel altansag" not in html
    assert (
        "Gammel altansag"
        in c.get(
            reverse("meetings:kommune_cases", args=["151"]), {"status": "alle"}
        ).content.decode()
    )


def test_caseworker_opens_a_case_on_the_department_page(world, client_for):
    c = client_for(world.users["caseworker_ballerup"])
    response = c.post(
        reverse("meetings:department_cases", args=["0151", "003"]),
        {
            "title": "Ny etape med opsætning af altaner",
            "category": "renovering",
            "opened_on": "2021-05-27",
            "text": "Planlagt",
        },
    )
    case = Case.objects.get()
    assert (
        response.status_code == 302
        and case.department == world.kirstinelund
        and case.entries.count() == 1
    )


def test_organisation_staff_cannot_open_cases(world, client_for):
    response = client_for(world.users["almenbo_staff"]).post(
        reverse("meetings:department_cases", args=["0151", "003"]), {"title": "x"}
    )
    assert response.status_code == 403 and not Case.objects.exists()


def test_entries_and_status_change(world, client_for, case):
    c = client_for(world.users["caseworker_ballerup"])
    c.post(
        reverse("meetings:case_entry_add", args=[case.pk]),
        {"date": "2021-06-09", "text": "Beboermøde"},
    )
    c.post(
        reverse("meetings:case_status", args=[case.pk]),
        {"status": "afventer", "note": "Afventer entreprenør"},
    )
    case.refresh_from_db()
    assert case.status == "afventer"
    html = c.get(reverse("meetings:case", args=[case.pk])).content.decode()
    assert (
        "Beboermøde" in html and "Status ændret fra åben til afventer. Afventer entreprenør" in html
    )


@pytest.mark.parametrize("name", ["case_entry_add", "case_status"])
def test_organisation_staff_get_403_on_case_writes(world, client_for, case, name):
    assert (
        client_for(world.users["almenbo_staff"])
        .post(reverse(f"meetings:{name}", args=[case.pk]), {"text": "x"})
        .status_code
        == 403
    )


def test_department_page_panel_shows_cases_and_agreements(world, client_for, case, meeting):
    services.add_agreement(
        meeting=meeting,
        text="Altaner følges",
        responsible_side="kommune",
        departments=[world.lundebjerg],
        by=None,
    )
    html = (
        client_for(world.users["caseworker_ballerup"])
        .get(reverse("registry:department", args=["0151", "008"]))
        .content.decode()
    )
    assert (
        "Sager og aftaler" in html and "Mangler i nye boliger" in html and "Altaner følges" in html
    )


def test_organisation_page_panel_hides_draft_agreements_from_staff(
    world, client_for, case, meeting
):
    services.add_agreement(
        meeting=meeting, text="Hemmelig kladdeaftale", responsible_side="kommune", by=None
    )
    html = (
        client_for(world.users["almenbo_staff"])
        .get(reverse("registry:organisation", args=["0151"]))
        .content.decode()
    )
    assert "Mangler i nye boliger" in html and "Hemmelig kladdeaftale" not in html
    html = (
        client_for(world.users["caseworker_ballerup"])
        .get(reverse("registry:organisation", args=["0151"]))
        .content.decode()
    )
    assert "Hemmelig kladdeaftale" in html and "Briefing til årets møde" in html


def test_case_list_query_count_is_bounded(world, client_for, django_assert_max_num_queries):
    for n in range(8):
        services.open_case(
            department=world.lundebjerg,
            category="andet",
            title=f"Sag {n}",
            opened_on=date(2021, 1, 1),
            by=None,
        )
    c = client_for(world.users["caseworker_ballerup"])
    with django_assert_max_num_queries(8):
        c.get(reverse("meetings:kommune_cases", args=["151"]))


def test_case_page_lists_the_other_departments_it_concerns(world, client_for, case):
    link_case_to_department(case=case, department=world.kirstinelund)
    html = (
        client_for(world.users["almenbo_staff"])
        .get(reverse("meetings:case", args=[case.pk]))
        .content.decode()
    )
    assert "Vedrører også" in html and "Afdeling 003 Kirstinelund (Almenbo)" in html
