"""The overview as a to-do list (issue 10 item 6) and the caseworker's bulk actions: pages, API
and CLI, per persona."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from styringsdialog.intake import services as intake_services
from styringsdialog.intake.models import DocumentationPackage
from styringsdialog.meetings import services as meetings_services
from styringsdialog.meetings.models import Agreement, Meeting
from styringsdialog.registry.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def torben(world):
    return world.users["caseworker_ballerup"]


@pytest.fixture
def late_package(world):
    """Almenbo's package for styringsår 2025: formal deadline 30.6.2025, not submitted."""
    claus = world.users["almenbo_staff"]
    claus.email = "claus@almenbo.example"
    claus.save()
    return intake_services.create_package(organisation=world.almenbo, styringsaar=2025)


def _plan(world, torben, org=None, year=2025) -> Meeting:
    return meetings_services.create_meeting_from_template(
        kommune=world.ballerup,
        organisation=org or world.almenbo,
        styringsaar=year,
        date=date(year, 5, 1),
        by=torben,
    )


# --- the overview page -------------------------------------------------------------------


def test_caseworker_sees_the_year_for_their_own_kommunes_organisations(
    world, client_for, torben, late_package
):
    meeting = _plan(world, torben)
    Agreement.objects.create(
        kommune=world.ballerup,
        organisation=world.almenbo,
        styringsaar=2025,
        text="Gennemgå vedligeholdelsesplanen",
        deadline=timezone.localdate() - timedelta(days=3),
        created_by=torben,
    )
    page = client_for(torben).get("/?aar=2025").content.decode()
    assert "Styringsår 2025 i" in page
    assert "Almenbo" in page
    assert "Københavns Boligselskab" not in page
    assert f"/moeder/{meeting.pk}/" in page
    assert "Planlagt 01.05.2025" in page
    assert 'badge-error">1<' in page  # one overdue agreement
    assert "/kommune/151/planlaeg-moeder/" in page


def test_year_at_a_glance_runs_a_fixed_number_of_queries(world, client_for, torben):
    def count() -> int:
        c = client_for(torben)
        with CaptureQueriesContext(connection) as ctx:
            assert c.get("/?aar=2025").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for n in range(5):
        org = Organisation.objects.create(
            number=f"09{n:02d}", name=f"Org {n}", home_kommune=world.ballerup
        )
        intake_services.create_package(organisation=org, styringsaar=2025)
        _plan(world, torben, org=org)
    assert count() <= few


def test_organisation_staff_see_what_awaits_them(world, client_for, torben, late_package):
    meeting = _plan(world, torben, year=timezone.localdate().year)
    meeting.date = timezone.localdate() + timedelta(days=10)
    meeting.save()
    meetings_services.send_invitation(meeting=meeting, by=torben)
    page = client_for(world.users["almenbo_staff"]).get("/").content.decode()
    assert "Det venter på jer" in page
    assert "Dokumentationspakke 2025 skal indsendes" in page
    assert "Overskredet" in page
    assert "Dagsorden til dialogmøde" in page
    # nothing for the other organisation
    other = client_for(world.users["other_org_staff"]).get("/").content.decode()
    assert "Dokumentationspakke 2025" not in other
    assert "Der venter ikke noget på jer lige nu." in other


def test_administrator_gets_the_administration_pages(world, client_for):
    page = client_for(world.users["admin"]).get("/").content.decode()
    assert "/registre/officielle-lister/" in page
    assert "/baggrundsjob/" in page
    assert "/admin/" not in page  # Django admin is not linked from the pages
    analyst = client_for(world.users["analyst"]).get("/").content.decode()
    assert "/offentlig/" in analyst
    assert "/registre/officielle-lister/" not in analyst


# --- plan meetings for every organisation -------------------------------------------------


def test_plan_meetings_creates_one_per_organisation_once(world, torben):
    Organisation.objects.create(number="0152", name="Ballerup Bo", home_kommune=world.ballerup)
    first = meetings_services.plan_meetings_for_kommune(
        kommune=world.ballerup, styringsaar=2026, by=torben
    )
    assert sorted(m.organisation.number for m in first) == ["0151", "0152"]
    assert all(m.items.exists() for m in first)  # the standard agenda
    again = meetings_services.plan_meetings_for_kommune(
        kommune=world.ballerup, styringsaar=2026, by=torben
    )
    assert again == []
    assert not Meeting.objects.filter(kommune=world.ballerup, organisation=world.kbhbolig).exists()


def test_plan_meetings_page_confirms_then_creates(world, client_for, torben):
    c = client_for(torben)
    confirm = c.get("/kommune/151/planlaeg-moeder/?aar=2026").content.decode()
    assert "Almenbo (0151)" in confirm
    assert not Meeting.objects.exists()
    response = c.post("/kommune/151/planlaeg-moeder/", {"aar": "2026"})
    assert response.status_code == 302
    assert Meeting.objects.filter(organisation=world.almenbo, styringsaar=2026).count() == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [("caseworker_kbh", 404), ("other_org_staff", 404), ("almenbo_staff", 403), ("analyst", 403)],
)
def test_bulk_pages_belong_to_the_kommunes_caseworkers(world, client_for, persona, status):
    c = client_for(world.users[persona])
    for url in ("/kommune/151/planlaeg-moeder/", "/kommune/151/paamind-forsinkede-pakker/"):
        assert c.get(url).status_code == status
        assert c.post(url, {"aar": "2026"}).status_code == status
    assert not Meeting.objects.exists()


# --- remind organisations with late packages ----------------------------------------------


def test_remind_late_packages_mails_once_a_day(world, client_for, torben, late_package):
    c = client_for(torben)
    confirm = c.get("/kommune/151/paamind-forsinkede-pakker/").content.decode()
    assert "Almenbo (0151), styringsår 2025" in confirm
    assert "Send 1 e-mail" in confirm
    assert "1 forsinket pakke" in confirm
    assert len(mail.outbox) == 0
    c.post("/kommune/151/paamind-forsinkede-pakker/")
    assert [m.to for m in mail.outbox] == [["claus@almenbo.example"]]
    assert "Påmindelse: dokumentationspakken 2025" in mail.outbox[0].subject
    c.post("/kommune/151/paamind-forsinkede-pakker/")
    assert len(mail.outbox) == 1


def test_submitted_or_other_kommunes_packages_are_not_reminded(world, torben, late_package):
    from styringsdialog.intake.services.reminders import remind_late_packages

    intake_services.create_package(organisation=world.kbhbolig, styringsaar=2025)
    DocumentationPackage.objects.filter(pk=late_package.pk).update(status="indsendt")
    assert remind_late_packages(kommune=world.ballerup, by=torben) == []


# --- API ------------------------------------------------------------------------------------


def test_api_me_todo_for_caseworker_and_staff(world, client_for, torben, late_package):
    _plan(world, torben)
    data = client_for(torben).get("/api/v1/me/todo?styringsaar=2025").json()
    (kommune,) = data["kommuner"]
    assert kommune["code"] == "151"
    (row,) = kommune["rows"]
    assert row["organisation"] == "0151"
    assert row["package_late"] is True
    assert row["meeting_status"] == "planned"
    staff = client_for(world.users["almenbo_staff"]).get("/api/v1/me/todo").json()
    assert staff["kommuner"] == []
    assert [i["kind"] for i in staff["items"]] == ["package"]
    assert staff["items"][0]["late"] is True


def test_api_me_todo_needs_login(client):
    assert client.get("/api/v1/me/todo").status_code == 401


def test_api_plan_and_remind(world, torben, late_package):
    c = Client(enforce_csrf_checks=True)
    c.force_login(torben)
    # cookie auth without the CSRF token is refused
    assert (
        c.post(
            "/api/v1/kommuner/151/meetings/plan", {"styringsaar": 2026}, "application/json"
        ).status_code
        == 403
    )
    assert c.post("/api/v1/kommuner/151/packages/remind-late").status_code == 403
    c.get("/")
    token = c.cookies["csrftoken"].value
    r = c.post(
        "/api/v1/kommuner/151/meetings/plan",
        {"styringsaar": 2026},
        "application/json",
        headers={"X-CSRFToken": token},
    )
    assert r.status_code == 200, r.content
    assert r.json()["created"] == 1
    r = c.post(
        "/api/v1/kommuner/151/packages/remind-late?dry_run=true",
        headers={"X-CSRFToken": token},
    )
    assert r.json()["sent"] == 1 and r.json()["dry_run"] is True
    assert len(mail.outbox) == 0


@pytest.mark.parametrize(("persona", "status"), [("caseworker_kbh", 404), ("almenbo_staff", 403)])
def test_api_bulk_actions_scope(world, client_for, persona, status):
    c = client_for(world.users[persona])
    r = c.post("/api/v1/kommuner/151/meetings/plan", {"styringsaar": 2026}, "application/json")
    assert r.status_code == status
    assert "error" in r.json()
    assert c.post("/api/v1/kommuner/151/packages/remind-late").status_code == status


# --- CLI ------------------------------------------------------------------------------------


def test_cli_plan_meetings_json_and_idempotent(world, torben):
    out = StringIO()
    call_command(
        "plan_meetings", kommune="151", styringsaar=2026, by="torben", json=True, stdout=out
    )
    assert json.loads(out.getvalue())["created"] == 1
    out = StringIO()
    call_command("plan_meetings", kommune="151", styringsaar=2026, by="torben", stdout=out)
    assert "har allerede et møde" in out.getvalue()


def test_cli_refuses_other_kommune_and_bad_year(world):
    with pytest.raises(CommandError, match="Kommunen findes ikke"):
        call_command("plan_meetings", kommune="151", styringsaar=2026, by="karin")
    with pytest.raises(CommandError, match="Styringsåret"):
        call_command("plan_meetings", kommune="151", styringsaar=1999, by="torben")


def test_cli_remind_late_packages_dry_run(world, late_package):
    out = StringIO()
    call_command(
        "remind_late_packages", kommune="151", by="torben", dry_run=True, json=True, stdout=out
    )
    data = json.loads(out.getvalue())
    assert data["late_packages"] == 1 and data["sent"] == 1
    assert len(mail.outbox) == 0
    out = StringIO()
    call_command("remind_late_packages", kommune="151", by="torben", dry_run=True, stdout=out)
    assert "1 forsinket pakke i Ballerup; 1 påmindelse ville blive sendt." in out.getvalue()
    with pytest.raises(CommandError):
        call_command("remind_late_packages", kommune="151", by="claus")


def test_staff_see_referat_to_comment_and_agreements_to_report(world, client_for, torben):
    meeting = _plan(world, torben)
    meetings_services.mark_meeting_held(meeting=meeting, by=torben)
    meetings_services.write_minutes(item=meeting.items.get(key="velkomst"), text="Velkommen.")
    meetings_services.send_referat_to_organisation(meeting=meeting, by=torben)
    Agreement.objects.create(
        kommune=world.ballerup,
        organisation=world.almenbo,
        meeting=meeting,
        styringsaar=2025,
        text="Udarbejd en plan for tomgang",
        responsible_side="organisation",
        deadline=date(2030, 1, 1),
        created_by=torben,
    )
    Agreement.objects.create(
        kommune=world.ballerup,
        organisation=world.almenbo,
        meeting=meeting,
        styringsaar=2025,
        text="Kommunen sender tal",
        responsible_side="kommune",
        created_by=torben,
    )
    items = client_for(world.users["almenbo_staff"]).get("/api/v1/me/todo").json()["items"]
    assert [i["kind"] for i in items] == ["agreement", "referat"]
    assert items[0]["title"] == "Aftale: Udarbejd en plan for tomgang"
    assert items[0]["deadline"] == "2030-01-01"
    assert client_for(world.users["other_org_staff"]).get("/api/v1/me/todo").json()["items"] == []


def test_organisation_todo_runs_a_fixed_number_of_queries(
    world, torben, django_assert_max_num_queries
):
    from styringsdialog.accounts.permissions import scope_for
    from styringsdialog.web.todo import organisation_todo

    claus = world.users["almenbo_staff"]
    for year in (2024, 2025, 2026):
        intake_services.create_package(organisation=world.almenbo, styringsaar=year)
        Agreement.objects.create(
            kommune=world.ballerup,
            organisation=world.almenbo,
            styringsaar=year,
            text=f"Aftale {year}",
            responsible_side="begge",
            created_by=torben,
        )
    scope = scope_for(claus)
    with django_assert_max_num_queries(4):
        items = organisation_todo(scope, timezone.localdate())
        [i.title for i in items]
    assert len(items) == 6


@pytest.mark.parametrize("raw", ["abc", "99999", "-1", ""])
def test_a_bad_year_falls_back_to_this_year(world, client_for, torben, raw):
    page = client_for(torben).get("/", {"aar": raw}).content.decode()
    assert f"Styringsår {timezone.localdate().year} i" in page


def test_an_old_year_stays_selected(world, client_for, torben):
    page = client_for(torben).get("/?aar=2012").content.decode()
    assert '<option value="2012" selected>' in page
