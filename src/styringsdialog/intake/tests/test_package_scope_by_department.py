"""A package seen from a kommune where the organisation only has a department: that department's
lines and nothing else. Almenbo (hjemsted Ballerup) gets afd. 020 Amagerhus in København here,
in this test only (the shared world has no such department)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from styringsdialog.intake.models import Attachment, ImportBatch
from styringsdialog.intake.services import add_attachment
from styringsdialog.intake.services.imports import import_file
from styringsdialog.intake.tests.helpers import fixture_file
from styringsdialog.testing import make_department

pytestmark = pytest.mark.django_db

ANSWERS = (
    "spørgsmål;afdeling;svar\n"
    "OEK1;;ja\n"
    "LED2;;Forvaltningsrevision af hele organisationen\n"
    "OEK3;003;Nej\n"
    "OEK3;020;Ja\n"
    "OEK4;008;4\n"
)
PAGE = reverse("intake:package", args=["0151", 2025])
API_IMPORTS = "/api/v1/organisations/0151/packages/2025/imports"

WHOLE = ["Afd. 003 Kirstinelund: nej", "Afd. 008 Lundebjerg: 4", "Forvaltningsrevision", "svar.csv"]
OWN_DEPARTMENT = "Afd. 020 Amagerhus: ja"  # yes/no answers are stored as ja/nej


@pytest.fixture
def filled_package(package, world):
    make_department(world.almenbo, "020", "Amagerhus", world.kbh)
    staff = world.users["almenbo_staff"]
    for kind, upload in (
        ("answers", SimpleUploadedFile("svar.csv", ANSWERS.encode())),
        ("accounts", fixture_file("good_accounts.csv")),
    ):
        outcome = import_file(package=package, kind=kind, uploaded_file=upload, by=staff)
        assert outcome.ok, outcome.message
    add_attachment(
        package=package,
        kind="revisionsprotokol",
        uploaded_file=SimpleUploadedFile("protokol.pdf", b"%PDF"),
        by=staff,
    )
    return package


@pytest.mark.parametrize("persona", ["caseworker_ballerup", "almenbo_staff", "analyst", "admin"])
def test_home_kommune_staff_and_national_readers_see_the_whole_package(
    filled_package, world, client_for, persona
):
    html = client_for(world.users[persona]).get(PAGE).content.decode()
    if persona in ("almenbo_staff", "admin"):  # writers get the form, with the saved answers
        assert 'id="q-OEK3-003-nej" name="svar" value="nej" checked' in html
        assert 'id="q-OEK3-020-ja" name="svar" value="ja" checked' in html
        assert "Forvaltningsrevision" in html and "svar.csv" in html
    else:
        assert all(text in html for text in WHOLE) and OWN_DEPARTMENT in html
    assert "protokol.pdf" in html and "Du ser kun de dele" not in html


def test_a_caseworker_elsewhere_sees_only_the_departments_in_their_kommune(
    filled_package, world, client_for
):
    response = client_for(world.users["caseworker_kbh"]).get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200 and OWN_DEPARTMENT in html
    assert [text for text in WHOLE if text in html] == []
    assert "Kirstinelund" not in html and "Lundebjerg" not in html
    assert "protokol.pdf" not in html and "good_accounts.csv" not in html
    assert "Du ser kun de dele af pakken, der vedrører afdelinger i din kommune" in html


def test_other_organisations_staff_see_nothing(filled_package, world, client_for):
    assert client_for(world.users["other_org_staff"]).get(PAGE).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("caseworker_ballerup", 200),
        ("almenbo_staff", 200),
        ("caseworker_kbh", 404),
        ("other_org_staff", 404),
    ],
)
def test_stored_files_are_for_readers_of_the_whole_package(
    filled_package, world, client_for, persona, status
):
    client = client_for(world.users[persona])
    batch = ImportBatch.objects.filter(kind="accounts").get()
    attachment = Attachment.objects.get()
    for what, pk in (("indlaesning", batch.pk), ("bilag", attachment.pk)):
        url = reverse("intake:package_file", args=["0151", 2025, what, pk])
        assert client.get(url).status_code == status, what


@pytest.mark.parametrize(
    ("persona", "n_imports"),
    [("caseworker_ballerup", 2), ("almenbo_staff", 2), ("caseworker_kbh", 0)],
)
def test_the_api_lists_imports_only_to_readers_of_the_whole_package(
    filled_package, world, client_for, persona, n_imports
):
    response = client_for(world.users[persona]).get(API_IMPORTS)
    assert response.status_code == 200 and response.json()["count"] == n_imports


def test_the_api_hides_the_package_from_outsiders(filled_package, world, client_for):
    assert client_for(world.users["other_org_staff"]).get(API_IMPORTS).status_code == 404
