"""Intake pages per persona: who sees, uploads and changes status; nothing leaks across kommuner."""

from __future__ import annotations

import pytest
from django.urls import reverse

from styringsdialog.intake.models import (
    Attachment,
    DocumentationPackage,
    ImportBatch,
    PackageStatus,
)
from styringsdialog.intake.tests.helpers import fixture_file, snapshot

pytestmark = pytest.mark.django_db
PERSONAS = [
    "caseworker_ballerup",
    "caseworker_kbh",
    "almenbo_staff",
    "other_org_staff",
    "analyst",
    "admin",
    "no_role",
]


def package_url(name: str = "package", *args) -> str:
    return reverse(f"intake:{name}", args=["0151", 2025, *args])


def overview_url(code: str = "151", **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("intake:kommune_packages", args=[code]) + (f"?{query}" if query else "")


# --- reading -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("caseworker_ballerup", 200),
        ("caseworker_kbh", 404),
        ("almenbo_staff", 200),
        ("other_org_staff", 404),
        ("analyst", 200),
        ("admin", 200),
        ("no_role", 404),
    ],
)
def test_package_page_scope(package, world, client_for, persona, status):
    assert client_for(world.users[persona]).get(package_url()).status_code == status


def test_anonymous_users_are_sent_to_login(package, client_for):
    for url in (package_url(), overview_url()):
        response = client_for(None).get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    ("persona", "code", "status"),
    [
        ("caseworker_ballerup", "151", 200),
        ("caseworker_ballerup", "101", 404),
        ("caseworker_kbh", "151", 404),
        ("almenbo_staff", "151", 200),
        ("other_org_staff", "151", 404),
        ("analyst", "151", 200),
        ("admin", "101", 200),
        ("no_role", "151", 404),
    ],
)
def test_overview_scope(package, world, client_for, persona, code, status):
    assert client_for(world.users[persona]).get(overview_url(code)).status_code == status


def test_overview_flags_late_and_missing_packages_in_words(package, world, client_for):
    from styringsdialog.registry.models import Organisation

    Organisation.objects.create(number="0152", name="Ballerup Nord", home_kommune=world.ballerup)
    html = (
        client_for(world.users["caseworker_ballerup"]).get(overview_url(aar=2025)).content.decode()
    )
    assert (
        "Overskredet: Ikke indsendt – fristen er overskredet med" in html
    )  # Almenbo, due 30.06.2025
    assert "Overskredet: Ingen pakke oprettet, og fristen er passeret" in html  # Ballerup Nord
    assert "Københavns Boligselskab" not in html
    assert "Opret de 1 manglende pakker for 2025" in html


def test_overview_shows_organisation_staff_only_their_own_organisation(package, world, client_for):
    from styringsdialog.registry.models import Organisation

    Organisation.objects.create(number="0152", name="Ballerup Nord", home_kommune=world.ballerup)
    html = client_for(world.users["almenbo_staff"]).get(overview_url(aar=2025)).content.decode()
    assert "Almenbo" in html and "Ballerup Nord" not in html and "Opret de" not in html


def test_overview_query_count_is_bounded(package, world, client_for, django_assert_max_num_queries):
    c = client_for(world.users["caseworker_ballerup"])
    with django_assert_max_num_queries(12):
        assert c.get(overview_url(aar=2025)).status_code == 200


def test_the_registry_pages_show_the_package_panels(package, world, client_for):
    c = client_for(world.users["caseworker_ballerup"])
    assert (
        "Dokumentationspakker 2025"
        in c.get(reverse("registry:kommune", args=["151"])).content.decode()
    )
    html = c.get(reverse("registry:organisation", args=["0151"])).content.decode()
    assert package_url() in html


def test_package_page_shows_upload_forms_only_to_the_organisations_staff(
    package, world, client_for
):
    assert (
        "Indlæs filen"
        in client_for(world.users["almenbo_staff"]).get(package_url()).content.decode()
    )
    for persona in ("caseworker_ballerup", "analyst"):
        assert (
            "Indlæs filen"
            not in client_for(world.users[persona]).get(package_url()).content.decode()
        )


def test_a_missing_package_page_offers_creation_to_the_caseworker(world, client_for):
    html = client_for(world.users["caseworker_ballerup"]).get(package_url()).content.decode()
    assert (
        "Der er ikke oprettet en dokumentationspakke for styringsår 2025." in html
        and "Opret pakken" in html
    )


# --- writing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("almenbo_staff", 302),
        ("admin", 302),
        ("caseworker_ballerup", 403),
        ("analyst", 403),
        ("caseworker_kbh", 404),
        ("other_org_staff", 404),
        ("no_role", 404),
    ],
)
def test_upload_scope(package, world, client_for, persona, status):
    response = client_for(world.users[persona]).post(
        package_url("package_import"),
        {"kind": "accounts", "file": fixture_file("good_accounts.csv")},
    )
    assert response.status_code == status
    assert ImportBatch.objects.count() == (1 if status == 302 else 0)


def test_a_failed_upload_shows_the_error_table_and_writes_nothing(package, world, client_for):
    before = snapshot()
    c = client_for(world.users["almenbo_staff"])
    response = c.post(
        package_url("package_import"),
        {"kind": "accounts", "file": fixture_file("unknown_department.csv")},
        follow=True,
    )
    html = response.content.decode()
    batch = ImportBatch.objects.get()
    assert response.redirect_chain[-1][0] == package_url() + f"?indlaesning={batch.pk}#fejl"
    assert (
        '<th scope="col">Fil</th><th scope="col" class="num">Række</th><th scope="col">Kolonne</th><th scope="col">Fejl</th>'
        in html
    )
    assert (
        '<td>unknown_department.csv</td><td class="num">3</td><td>afdeling</td><td>Afdeling 009 findes ikke i 0151 Almenbo.</td>'
        in html
    )
    assert "blev afvist med 1 fejl" in html
    assert snapshot() == before


def test_a_good_upload_is_reported_and_listed_in_the_history(package, world, client_for):
    c = client_for(world.users["almenbo_staff"])
    html = c.post(
        package_url("package_import"),
        {"kind": "accounts", "file": fixture_file("good_accounts.csv")},
        follow=True,
    ).content.decode()
    assert "Filen good_accounts.csv er indlæst: 4 rækker" in html
    batch = ImportBatch.objects.get()
    download = c.get(package_url("package_file", "indlaesning", batch.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(
        b"afdeling;"
    )
    assert (
        client_for(world.users["caseworker_kbh"])
        .get(package_url("package_file", "indlaesning", batch.pk))
        .status_code
        == 404
    )


def test_the_page_lists_imports_made_from_the_command_line(package, world, client_for):
    from styringsdialog.intake.services.imports import import_file

    import_file(
        package=package, kind="accounts", uploaded_file=fixture_file("duplicate_row.csv"), by=None
    )
    html = client_for(world.users["caseworker_ballerup"]).get(package_url()).content.decode()
    assert "system (kommandolinje)" in html and "duplicate_row.csv" in html


def test_attachments_are_uploaded_by_staff_only(package, world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"kind": "revisionsprotokol", "file": SimpleUploadedFile("protokol.pdf", b"%PDF")}
    assert (
        client_for(world.users["analyst"]).post(package_url("package_attachment"), data).status_code
        == 403
    )
    data["file"] = SimpleUploadedFile("protokol.pdf", b"%PDF")
    assert (
        client_for(world.users["almenbo_staff"])
        .post(package_url("package_attachment"), data)
        .status_code
        == 302
    )
    assert Attachment.objects.get().original_name == "protokol.pdf"


def test_staff_remove_an_attachment_on_the_page_and_the_kommune_cannot(package, world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from styringsdialog.intake import services

    a = services.add_attachment(
        package=package,
        kind="andet",
        uploaded_file=SimpleUploadedFile("bilag.pdf", b"%PDF"),
        by=world.users["almenbo_staff"],
    )
    url = reverse("intake:package_attachment_delete", args=["0151", 2025, a.pk])
    page = client_for(world.users["almenbo_staff"]).get(package_url("package"))
    assert url in page.content.decode()
    assert client_for(world.users["caseworker_ballerup"]).post(url).status_code == 403
    assert Attachment.objects.filter(pk=a.pk).exists()
    assert client_for(world.users["almenbo_staff"]).post(url).status_code == 302
    assert not Attachment.objects.filter(pk=a.pk).exists()


@pytest.mark.parametrize(
    ("action", "persona", "status"),
    [
        ("indsend", "almenbo_staff", 302),
        ("indsend", "caseworker_ballerup", 403),
        ("indsend", "analyst", 403),
        ("indsend", "other_org_staff", 404),
        ("gennemgaaet", "almenbo_staff", 403),
        ("gennemgaaet", "analyst", 403),
        ("gennemgaaet", "caseworker_kbh", 404),
    ],
)
def test_status_change_scope(package, world, client_for, action, persona, status):
    assert (
        client_for(world.users[persona]).post(package_url("package_status", action)).status_code
        == status
    )


def test_staff_submit_and_the_caseworker_reviews_and_marks_the_meeting(
    complete_package, world, client_for
):
    client_for(world.users["almenbo_staff"]).post(package_url("package_status", "indsend"))
    c = client_for(world.users["caseworker_ballerup"])
    c.post(package_url("package_status", "gennemgaaet"), {"note": "OK"})
    html = c.post(
        package_url("package_status", "moede-afholdt"), {"held_on": "2025-09-01"}, follow=True
    ).content.decode()
    assert "Pakken er markeret med møde afholdt." in html
    complete_package.refresh_from_db()
    assert complete_package.status == PackageStatus.MEETING_HELD


def test_an_illegal_status_change_is_shown_as_a_danish_error(package, world, client_for):
    html = (
        client_for(world.users["caseworker_ballerup"])
        .post(package_url("package_status", "gennemgaaet"), follow=True)
        .content.decode()
    )
    assert (
        "Pakken kan ikke markeres som gennemgået, fordi den har status &#x27;Oprettet&#x27;" in html
    )


def test_get_never_changes_status(package, world, client_for):
    response = client_for(world.users["almenbo_staff"]).get(
        package_url("package_status", "indsend")
    )
    assert response.status_code == 405


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("caseworker_ballerup", 302),
        ("almenbo_staff", 403),
        ("analyst", 403),
        ("caseworker_kbh", 404),
    ],
)
def test_creating_missing_packages_is_for_the_kommunes_caseworkers(
    world, client_for, persona, status
):
    response = client_for(world.users[persona]).post(
        reverse("intake:kommune_create_missing", args=["151"]), {"aar": 2026}
    )
    assert response.status_code == status
    assert DocumentationPackage.objects.filter(styringsaar=2026).count() == (
        1 if status == 302 else 0
    )


def test_caseworker_creates_a_single_package(world, client_for):
    assert (
        client_for(world.users["almenbo_staff"]).post(package_url("package_create")).status_code
        == 403
    )
    assert (
        client_for(world.users["caseworker_ballerup"])
        .post(package_url("package_create"))
        .status_code
        == 302
    )
    assert DocumentationPackage.objects.get().styringsaar == 2025
