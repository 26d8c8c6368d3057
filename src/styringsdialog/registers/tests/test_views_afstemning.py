"""The reconciliation report, its exports, the department drill-down and the unmatched units,
per persona: outsiders get 404, anonymous users are sent to the login page."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from styringsdialog.registers.tests.factories import load_registers

pytestmark = pytest.mark.django_db

REPORT = ("registers:afstemning", ["151"])
DRILL = ("registers:afstemning_afdeling", ["0151", "003"])


@pytest.fixture
def registers(world):
    return load_registers()


def url(name: str, args: list[str]) -> str:
    return reverse(name, args=args)


def test_anonymous_is_sent_to_login(registers, client_for):
    response = client_for(None).get(url(*REPORT))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


# One test per page with a table of personas: each test pays the conftest world's set-up once.
REPORT_SCOPE = {
    ("caseworker_ballerup", "151"): 200,
    ("caseworker_ballerup", "101"): 404,
    ("caseworker_kbh", "151"): 404,
    ("caseworker_kbh", "101"): 200,
    ("almenbo_staff", "151"): 200,
    ("almenbo_staff", "101"): 404,
    ("other_org_staff", "151"): 404,
    ("analyst", "151"): 200,
    ("admin", "101"): 200,
    ("no_role", "151"): 404,
}


def test_report_scope(registers, world, client_for):
    seen = {
        key: client_for(world.users[key[0]]).get(url("registers:afstemning", [key[1]])).status_code
        for key in REPORT_SCOPE
    }
    assert seen == REPORT_SCOPE


def test_report_shows_sources_kommune_parts_and_departments(registers, world, client_for):
    html = client_for(world.users["caseworker_ballerup"]).get(url(*REPORT)).content.decode()
    assert "LBF stamdata" in html and "Danmarks Statistik" in html
    assert "180" in html and "179" in html and "176" in html  # dwellings per source
    assert "14.400" in html and "14.100" in html  # m², Danish thousands separator
    assert "Kirstinelund" in html and "Arealdefinition" in html and "(-190)" in html
    assert "Lundebjerg" in html and "Opgørelsesdato" in html
    assert "Nørrebroparken" not in html
    assert "1 af 3" not in html and "0 af 2 sammenlignede afdelinger stemmer" in html
    assert (
        reverse("meetings:briefing", args=["0151"]) in html
    )  # "Sæt på dagsordenen" for the kommune's caseworker


def test_organisation_staff_see_their_departments_without_the_agenda_action(
    registers, world, client_for
):
    html = client_for(world.users["almenbo_staff"]).get(url(*REPORT)).content.decode()
    assert "Kirstinelund" in html and "Sæt på dagsordenen" not in html
    assert "BBR-boliger uden afdeling" not in html


def test_one_click_turns_a_difference_into_a_case_for_the_organisation(
    registers, world, client_for
):
    import re

    from styringsdialog.meetings.models import Case

    c = client_for(world.users["caseworker_ballerup"])
    html = c.get(url(*REPORT)).content.decode()
    action = reverse("registers:afstemning_sag", args=["0151", "003"])
    form = re.search(rf'<form[^>]*action="{action}".*?</form>', html, re.S)
    assert form is not None, "the Kirstinelund row has an 'Opret sag' form"
    assert 'name="text"' not in form.group(0), "the case text is built by the service"
    response = c.post(action)
    assert response.status_code == 302
    case = Case.objects.get(department=world.kirstinelund)
    assert case.category == "andet" and "Uoverensstemmelse mellem LBF og BBR" in case.title
    assert "Oplysningerne sendes til Almenbo." in case.entries.get().text


def test_report_without_a_run(world, client_for):
    html = client_for(world.users["caseworker_ballerup"]).get(url(*REPORT)).content.decode()
    assert "Der er endnu ikke kørt en afstemning" in html


def test_report_filtered_to_one_organisation(registers, world, client_for):
    html = (
        client_for(world.users["admin"]).get(url(*REPORT) + "?organisation=0101").content.decode()
    )
    assert "kun organisation 0101" in html and "Kirstinelund" not in html


def test_report_query_count_is_bounded(registers, world, client_for, django_assert_max_num_queries):
    c = client_for(world.users["caseworker_ballerup"])
    with django_assert_max_num_queries(25):
        assert c.get(url(*REPORT)).status_code == 200


def test_csv_export(registers, world, client_for):
    response = client_for(world.users["caseworker_ballerup"]).get(
        url("registers:afstemning_export", ["151", "csv"])
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "Niveau;Kommunekode;Organisationsnummer;Afdelingsnummer;Navn;Mål;Kilde A;Værdi A;Kilde B;Værdi B;"
        "Forskel;Årsag;Forklaring"
    )
    assert (
        "afdeling;151;0151;003;Kirstinelund;m²;LBF stamdata;9000;BBR;8810;-190;Arealdefinition;190 m² færre: arealdefinition"
        in lines
    )


def test_xlsx_export_has_sources_and_differences(registers, world, client_for):
    response = client_for(world.users["analyst"]).get(
        url("registers:afstemning_export", ["151", "xlsx"])
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Kilder", "Uoverensstemmelser"]
    assert [c.value for c in book["Kilder"][2]][:1] == ["LBF stamdata"]
    assert book["Uoverensstemmelser"].max_row > 5


def test_exports_are_scoped(registers, world, client_for):
    for persona in ("other_org_staff", "caseworker_kbh", "no_role"):
        assert (
            client_for(world.users[persona])
            .get(url("registers:afstemning_export", ["151", "csv"]))
            .status_code
            == 404
        ), persona


def test_unknown_export_format_is_404(registers, world, client_for):
    assert (
        client_for(world.users["admin"])
        .get(url("registers:afstemning_export", ["151", "pdf"]))
        .status_code
        == 404
    )


DRILL_SCOPE = {
    "caseworker_ballerup": 200,
    "almenbo_staff": 200,
    "analyst": 200,
    "admin": 200,
    "caseworker_kbh": 404,
    "other_org_staff": 404,
    "no_role": 404,
}


def test_drill_down_scope(registers, world, client_for):
    assert {
        p: client_for(world.users[p]).get(url(*DRILL)).status_code for p in DRILL_SCOPE
    } == DRILL_SCOPE


def test_drill_down_lists_the_units_and_why_they_count(registers, world, client_for):
    html = (
        client_for(world.users["caseworker_ballerup"])
        .get(url("registers:afstemning_afdeling", ["0151", "008"]))
        .content.decode()
    )
    assert "60 enheder, heraf 57 talt med" in html
    assert "Ikke opført i BBR (status 3)" in html and "Opgørelsesdato" in html


def test_unmatched_units_for_the_kommune_and_analysts_only(registers, world, client_for):
    page = url("registers:ukoblede", ["151"])
    html = client_for(world.users["caseworker_ballerup"]).get(page).content.decode()
    assert "2 boliger." in html and "0151-999001" in html
    assert client_for(world.users["analyst"]).get(page).status_code == 200
    assert client_for(world.users["almenbo_staff"]).get(page).status_code == 404
    assert client_for(world.users["caseworker_kbh"]).get(page).status_code == 404


CASE = ("registers:afstemning_sag", ["0151", "003"])


def test_opening_a_difference_case_is_scoped_per_persona(registers, world, client_for):
    from styringsdialog.meetings.models import Case

    expected = {
        None: 302,  # to the login page
        "caseworker_kbh": 404,
        "other_org_staff": 404,
        "no_role": 404,
        "analyst": 403,
        "almenbo_staff": 403,
    }
    for persona, status in expected.items():
        user = world.users[persona] if persona else None
        assert client_for(user).post(url(*CASE)).status_code == status, persona
    assert client_for(world.users["caseworker_ballerup"]).get(url(*CASE)).status_code == 405
    assert not Case.objects.exists()


def test_opening_a_difference_case_needs_the_csrf_token(registers, world):
    from django.test import Client

    from styringsdialog.meetings.models import Case

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["caseworker_ballerup"])
    assert client.post(url(*CASE)).status_code == 403
    assert not Case.objects.exists()


def test_a_department_without_a_difference_gets_a_message_not_a_case(registers, world, client_for):
    from styringsdialog.meetings.models import Case
    from styringsdialog.registers.models import Difference

    Difference.objects.filter(department=world.lundebjerg).delete()
    c = client_for(world.users["caseworker_ballerup"])
    response = c.post(url("registers:afstemning_sag", ["0151", "008"]), follow=True)
    assert response.redirect_chain[-1][0] == url(*REPORT)
    assert not Case.objects.exists()
    messages = [str(m) for m in response.context["messages"]]
    assert any("ingen" in m for m in messages), messages


def test_a_second_click_on_opret_sag_finds_the_open_case(registers, world, client_for):
    from styringsdialog.meetings.models import Case

    c = client_for(world.users["caseworker_ballerup"])
    first = c.post(url(*CASE))
    second = c.post(url(*CASE), follow=True)
    assert Case.objects.filter(department=world.kirstinelund).count() == 1
    case = Case.objects.get(department=world.kirstinelund)
    assert first["Location"] == reverse("meetings:case", args=[case.pk])
    assert second.redirect_chain[-1][0] == reverse("meetings:case", args=[case.pk])
    messages = [str(m) for m in second.context["messages"]]
    assert "Der findes allerede en åben sag om uoverensstemmelsen." in messages
    case.status = Case.Status.CLOSED
    case.save(update_fields=["status"])
    c.post(url(*CASE))
    assert Case.objects.filter(department=world.kirstinelund).count() == 2, (
        "a closed case is not reused"
    )
