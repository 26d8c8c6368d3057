"""The styringsrapport as a form: save with the import's validation, versions and conflicts,
history, reuse of last year's answers, completeness before submission; pages, API and scope."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from styringsdialog.intake import services
from styringsdialog.intake.models import Answer, AnswerRevision, PackageStatus
from styringsdialog.intake.services import answers
from styringsdialog.intake.services.imports import import_file
from styringsdialog.intake.tests.helpers import answer_all

pytestmark = pytest.mark.django_db
PAGE = reverse("intake:package", args=["0151", 2025])
SAVE = reverse("intake:package_answer", args=["0151", 2025])
REUSE = reverse("intake:answers_reuse", args=["0151", 2025])
API = "/api/v1/organisations/0151/packages/2025/answers"


def save(package, code, value, version=0, dept=None, by=None):
    return answers.save_answer(
        package=package,
        question_code=code,
        value=value,
        by=by,
        version=version,
        department_number=dept,
    )


def test_an_answer_is_normalised_versioned_and_kept_in_the_history(package, world):
    staff = world.users["almenbo_staff"]
    first = save(package, "OEK1", " Ja ", by=staff)
    assert (first.value, first.version) == ("ja", 1)
    again = save(package, "oek1", "ja", version=1, by=staff)  # same value: nothing changes
    assert again.version == 1
    second = save(package, "OEK1", "nej", version=1, by=staff)
    assert second.version == 2
    assert list(
        AnswerRevision.objects.filter(answer=second).values_list("version", "value", "via")
    ) == [(1, "ja", "formular"), (2, "nej", "formular")]


@pytest.mark.parametrize(
    ("code", "value", "dept", "message"),
    [
        ("OEK1", "måske", None, "Svaret på OEK1 skal være 'ja' eller 'nej', ikke 'måske'."),
        ("OEK4", "mange", "003", "'mange' er ikke et tal. Skriv fx 1.234,50 eller 1234.50."),
        ("UDL2", "Altid", None, "Svaret på UDL2 skal være en af: Nej, Kombineret udlejning"),
        ("OEK3", "ja", None, "Spørgsmål OEK3 besvares pr. afdeling; angiv afdelingen."),
        ("OEK1", "ja", "003", "besvares for hele boligorganisationen"),
        ("OEK3", "ja", "999", "Afdeling 999 findes ikke i 0151 Almenbo."),
        ("XYZ9", "ja", None, "Spørgsmål XYZ9 findes ikke i spørgerammen 2021-eksempel."),
        ("LED2", "   ", None, "Svaret på LED2 er tomt."),
    ],
)
def test_the_form_uses_the_same_validation_as_the_file_import(package, code, value, dept, message):
    with pytest.raises(ValidationError) as exc:
        save(package, code, value, dept=dept)
    assert message in exc.value.messages[0]
    assert not Answer.objects.filter(package=package).exists()


def test_a_stale_version_is_a_conflict_and_changes_nothing(package, world):
    save(package, "LED2", "Første tekst", by=world.users["almenbo_staff"])
    save(package, "LED2", "Anden tekst", version=1)
    with pytest.raises(answers.AnswerConflict, match="er ændret"):
        save(package, "LED2", "Min tekst", version=1)
    with pytest.raises(answers.AnswerConflict):
        save(package, "LED2", "Ny", version=0)  # someone answered since I loaded the page
    assert Answer.objects.get(package=package, question__code="LED2").value == "Anden tekst"


def test_a_package_cannot_be_submitted_until_every_answer_is_in(package):
    save(package, "OEK1", "ja")
    with pytest.raises(ValidationError) as exc:
        services.submit_package(package=package, by=None)
    text = exc.value.messages[0]
    assert text.startswith("Pakken kan ikke indsendes: 15 svar i styringsrapporten mangler (OEK2,")
    assert "OEK3 for afd. 003" in text and "OEK3 for afd. 008" in text and "OEK1" not in text
    assert answer_all(package) == 15
    assert services.submit_package(package=package, by=None).status == PackageStatus.SUBMITTED


def test_answers_cannot_change_once_the_package_is_reviewed(complete_package):
    services.submit_package(package=complete_package, by=None)
    services.mark_reviewed(package=complete_package, by=None)
    with pytest.raises(ValidationError, match="status 'Gennemgået'"):
        save(complete_package, "LED2", "Ny", version=1)


def test_reuse_copies_last_years_answers_into_unanswered_questions(package, world):
    last = services.create_package(organisation=world.almenbo, styringsaar=2024)
    save(last, "OEK1", "nej")
    save(last, "LED2", "Sidste års tekst")
    save(last, "OEK3", "ja", dept="008")
    save(package, "LED2", "Årets tekst")
    assert answers.reuse_last_year(package=package, by=None) == 2
    got = dict(Answer.objects.filter(package=package).values_list("question__code", "value"))
    assert got == {"OEK1": "nej", "LED2": "Årets tekst", "OEK3": "ja"}
    reused = AnswerRevision.objects.filter(answer__package=package, via="genbrug")
    assert reused.count() == 2
    with pytest.raises(ValidationError, match="ingen svar at genbruge"):
        answers.reuse_last_year(package=package, by=None)


def test_reuse_without_a_previous_package_is_refused(package):
    with pytest.raises(ValidationError, match="ingen tidligere dokumentationspakke"):
        answers.reuse_last_year(package=package, by=None)


def test_the_import_writes_versions_and_history_too(package, world):
    staff = world.users["almenbo_staff"]
    save(package, "LED2", "Fra formularen", by=staff)
    upload = SimpleUploadedFile(
        "svar.csv", "spørgsmål;afdeling;svar\nLED2;;Fra filen\nOEK1;;ja\n".encode()
    )
    assert import_file(package=package, kind="answers", uploaded_file=upload, by=staff).ok
    led2 = Answer.objects.get(package=package, question__code="LED2")
    assert (led2.value, led2.version) == ("Fra filen", 2)
    assert list(led2.revisions.values_list("via", flat=True)) == ["formular", "fil"]


# --- pages ----------------------------------------------------------------------------------


def test_staff_see_an_input_for_every_question_and_the_submit_button_disabled(
    package, world, client_for
):
    html = client_for(world.users["almenbo_staff"]).get(PAGE).content.decode()
    assert (
        html.count('class="app-answer"') == 13 + 3
    )  # OEK3, OEK4, LED3 for departments 003 and 008
    assert 'name="svar"' in html and "Ikke besvaret" in html
    assert "16 svar mangler, før pakken kan indsendes" in html
    assert 'type="submit" disabled aria-describedby="indsend-reason"' in html
    assert "Genbrug sidste års svar" not in html  # there is no earlier package


def test_the_caseworker_reads_the_answers_without_inputs(package, world, client_for):
    save(package, "OEK1", "ja")
    html = client_for(world.users["caseworker_ballerup"]).get(PAGE).content.decode()
    assert 'class="app-answer"' not in html and "Ikke besvaret" in html


def test_autosave_with_htmx_returns_the_answer_with_its_new_version(package, world, client_for):
    c = client_for(world.users["almenbo_staff"])
    r = c.post(SAVE, {"spoergsmaal": "OEK1", "svar": "ja", "version": "0"}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert r.status_code == 200 and html.startswith('<form class="app-answer" id="q-OEK1"')
    assert 'name="version" value="1"' in html and "Gemt kl." in html
    r = c.post(
        SAVE,
        {"spoergsmaal": "OEK4", "afdeling": "003", "svar": "x", "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    html = r.content.decode()
    assert "&#x27;x&#x27; er ikke et tal" in html and 'value="x"' in html


def test_a_conflict_shows_the_saved_answer_and_says_so(package, world, client_for):
    save(package, "LED2", "Den andens tekst")
    c = client_for(world.users["almenbo_staff"])
    html = c.post(
        SAVE, {"spoergsmaal": "LED2", "svar": "Min tekst", "version": "0"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "er ændret" in html and "Den andens tekst" in html and 'name="version" value="1"' in html


def test_without_javascript_the_form_saves_and_returns_to_the_question(package, world, client_for):
    c = client_for(world.users["almenbo_staff"])
    r = c.post(SAVE, {"spoergsmaal": "OEK3", "afdeling": "008", "svar": "nej", "version": "0"})
    assert r.status_code == 302 and r["Location"].endswith("#q-OEK3-008")
    html = c.get(PAGE).content.decode()
    assert "Svaret på OEK3 er gemt." in html
    assert 'id="q-OEK3-008-nej" name="svar" value="nej" checked' in html


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("almenbo_staff", 302),
        ("caseworker_ballerup", 403),
        ("analyst", 403),
        ("caseworker_kbh", 404),
        ("other_org_staff", 404),
    ],
)
def test_saving_an_answer_needs_write_scope(package, world, client_for, persona, status):
    r = client_for(world.users[persona]).post(
        SAVE, {"spoergsmaal": "OEK1", "svar": "ja", "version": "0"}
    )
    assert r.status_code == status
    assert Answer.objects.filter(package=package).exists() == (status == 302)


@pytest.mark.parametrize(
    ("persona", "status"), [("caseworker_ballerup", 403), ("other_org_staff", 404)]
)
def test_reuse_needs_write_scope(package, world, client_for, persona, status):
    assert client_for(world.users[persona]).post(REUSE).status_code == status


def test_reuse_from_the_page(package, world, client_for):
    last = services.create_package(organisation=world.almenbo, styringsaar=2024)
    save(last, "OEK1", "nej")
    c = client_for(world.users["almenbo_staff"])
    assert "Genbrug sidste års svar" in c.get(PAGE).content.decode()
    html = c.post(REUSE, follow=True).content.decode()
    assert "1 svar er kopieret fra sidste år" in html


def test_the_template_has_a_row_per_answer_and_imports_back(package, world, client_for):
    save(package, "OEK1", "nej")
    c = client_for(world.users["almenbo_staff"])
    csv = c.get(reverse("intake:answers_template", args=["0151", 2025, "csv"]))
    text = csv.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "organisation;spørgsmål;afdeling;svar;spørgsmålstekst" and len(lines) == 17
    assert lines[1].startswith("0151;OEK1;;nej;Har revisor")
    filled = text.replace("0151;LED2;;;", "0151;LED2;;Vi har en egenkontrol;")
    upload = SimpleUploadedFile("skabelon.csv", filled.encode())
    outcome = import_file(package=package, kind="answers", uploaded_file=upload, by=None)
    assert outcome.ok, outcome.errors
    assert (
        Answer.objects.get(package=package, question__code="LED2").value == "Vi har en egenkontrol"
    )
    xlsx = c.get(reverse("intake:answers_template", args=["0151", 2025, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 17 and sheet["B2"].value == "OEK1"
    assert c.get(reverse("intake:answers_template", args=["0151", 2025, "pdf"])).status_code == 404


# --- API ------------------------------------------------------------------------------------


def _members(xlsx: bytes) -> dict[str, bytes]:
    """The workbook's parts, without the document properties (they hold the time it was made)."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def test_api_answer_template_is_the_pages_file(package, world, client_for):
    save(package, "OEK1", "nej")
    c = client_for(world.users["almenbo_staff"])
    api = "/api/v1/organisations/0151/packages/2025/answer-template"
    page_csv = c.get(reverse("intake:answers_template", args=["0151", 2025, "csv"]))
    api_csv = c.get(api, {"format": "csv"})
    assert api_csv.status_code == 200 and api_csv.content == page_csv.content
    assert api_csv["Content-Type"] == page_csv["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="styringsrapport-0151-2025.csv"' in api_csv["Content-Disposition"]
    assert c.get(api).content == page_csv.content  # csv is the default
    page_xlsx = c.get(reverse("intake:answers_template", args=["0151", 2025, "xlsx"]))
    api_xlsx = c.get(api, {"format": "xlsx"})
    assert api_xlsx["Content-Type"] == page_xlsx["Content-Type"]
    assert _members(api_xlsx.content) == _members(page_xlsx.content)
    assert c.get(api, {"format": "pdf"}).status_code == 422


@pytest.mark.parametrize(("persona", "status"), [("caseworker_kbh", 404), ("no_role", 404)])
def test_api_answer_template_is_hidden_from_outsiders(package, world, client_for, persona, status):
    url = "/api/v1/organisations/0151/packages/2025/answer-template"
    assert client_for(world.users[persona]).get(url).status_code == status
    page = reverse("intake:answers_template", args=["0151", 2025, "csv"])
    assert client_for(world.users[persona]).get(page).status_code == status


def test_api_get_lists_every_answer_slot_with_versions(package, world, client_for):
    save(package, "OEK1", "ja")
    body = client_for(world.users["almenbo_staff"]).get(API).json()
    assert body["catalogue"] == "2021-eksempel" and len(body["answers"]) == 16
    first = body["answers"][0]
    assert (first["question"], first["value"], first["version"]) == ("OEK1", "ja", 1)
    assert "OEK3 for afd. 003" in body["missing"] and len(body["missing"]) == 15


def test_api_put_saves_all_or_nothing_and_gives_409_on_a_stale_version(package, world, client_for):
    c = client_for(world.users["almenbo_staff"])
    ok = c.put(
        API,
        {
            "answers": [
                {"question": "OEK1", "value": "nej", "version": 0},
                {"question": "OEK3", "department": "003", "value": "ja", "version": 0},
            ]
        },
        content_type="application/json",
    )
    assert ok.status_code == 200 and len(ok.json()["missing"]) == 14
    stale = c.put(
        API,
        {
            "answers": [
                {"question": "LED2", "value": "Ny", "version": 0},
                {"question": "OEK1", "value": "ja", "version": 0},
            ]
        },
        content_type="application/json",
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    assert not Answer.objects.filter(question__code="LED2").exists()  # all or nothing
    bad = c.put(
        API,
        {"answers": [{"question": "OEK1", "value": "måske", "version": 1}]},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "skal være 'ja' eller 'nej'" in bad.json()["error"]["message"]


@pytest.mark.parametrize(
    ("persona", "get", "put"),
    [
        ("almenbo_staff", 200, 200),
        ("caseworker_ballerup", 200, 403),
        ("caseworker_kbh", 404, 404),  # no Almenbo department in København here
        ("other_org_staff", 404, 404),
    ],
)
def test_api_answers_scope(package, world, client_for, persona, get, put):
    c = client_for(world.users[persona])
    assert c.get(API).status_code == get
    r = c.put(
        API,
        {"answers": [{"question": "OEK1", "value": "ja", "version": 0}]},
        content_type="application/json",
    )
    assert r.status_code == put
