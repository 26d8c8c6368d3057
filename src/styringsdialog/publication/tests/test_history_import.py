"""History import (C13): proposals, validation, storing (idempotent, all or nothing), the
follow-up chain, the round trip of our own published PDF/DOCX, and the CLI verb."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from almen.referat_import import read_referat
from styringsdialog.meetings import services as meetings
from styringsdialog.meetings.models import Agreement, Meeting
from styringsdialog.meetings.queries import followup_agreements
from styringsdialog.publication.history_import import import_referat, propose
from styringsdialog.publication.models import ImportedReferat, PublishedReferat

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[4] / "tests" / "almen" / "fixtures" / "referater"
SEED = FIXTURES / "seed-ballerup-almenbo-2021.txt"
REQUIRED_KEYS = {
    "meeting_date", "title", "organisation", "participants", "items", "agreements", "departments",
    "warnings",
}  # fmt: skip


def seed_proposal(world, **kwargs):
    return propose(kommune=world.ballerup, data=SEED.read_bytes(), filename=SEED.name, **kwargs)


def test_proposal_of_the_seed_links_organisation_and_departments(world):
    p = seed_proposal(world)
    assert REQUIRED_KEYS <= set(p)
    assert p["organisation"] == "0151" and p["meeting_date"] == "2021-05-27"
    assert [(d["mention"], d["department"]) for d in p["departments"]] == [
        ("afd. Lundebjerg", "0151-008"),
        ("afd. Kirstinelund", "0151-003"),
    ]
    assert p["file"]["sha256"] and p["imported_meeting"] is None
    assert not Meeting.objects.exists()


def test_a_foreign_organisation_is_refused(world):
    with pytest.raises(ValidationError, match="hverken hjemsted eller afdelinger"):
        seed_proposal(world, organisation=world.kbhbolig.number)


def test_unreadable_file_is_a_validation_error(world):
    with pytest.raises(ValidationError, match="Filen er et program"):
        propose(kommune=world.ballerup, data=b"MZ" + bytes(100), filename="x.exe")


def test_import_stores_a_held_published_meeting_once(world, caseworker):
    p = seed_proposal(world)
    first = import_referat(
        kommune=world.ballerup,
        proposal=p,
        data=SEED.read_bytes(),
        filename=SEED.name,
        by=caseworker,
    )
    meeting = first.meeting
    assert first.created
    assert meeting.status == Meeting.Status.HELD
    assert meeting.referat_status == Meeting.ReferatStatus.PUBLISHED
    assert meeting.date == date(2021, 5, 27) and meeting.styringsaar == 2021
    assert meeting.organisation == world.almenbo
    assert meeting.items.count() == 10 and meeting.participants.count() == 3
    assert set(meeting.participants.values_list("side", flat=True)) == {
        "kommune",
        "organisation",
        "andet",
    }  # Torben and Claus resolved to their users, Lisbet not
    published = PublishedReferat.objects.get(meeting=meeting)
    assert published.current is not None and "fordeler sig jævnt" in published.current.text
    imported = ImportedReferat.objects.get(meeting=meeting)
    assert imported.sha256 == p["file"]["sha256"] and imported.size == SEED.stat().st_size
    assert imported.file.read() == SEED.read_bytes()
    agreement = meeting.agreements.get(agenda_item__title__startswith="Registrering")
    assert (
        agreement.text == "Oplysningerne sendes til Almenbo"
        and agreement.responsible_side == "kommune"
    )
    lundebjerg = meeting.agreements.get(text__startswith="Materialet")
    assert list(lundebjerg.departments.all()) == [world.lundebjerg]
    # the same file again: nothing new
    again = import_referat(
        kommune=world.ballerup,
        proposal=p,
        data=SEED.read_bytes(),
        filename="kopi.txt",
        by=caseworker,
    )
    assert not again.created and again.meeting == meeting
    assert Meeting.objects.count() == 1 and ImportedReferat.objects.count() == 1
    assert Agreement.objects.count() == 3
    assert seed_proposal(world)["imported_meeting"] == meeting.pk


def test_imported_agreements_open_next_years_meeting(world, caseworker):
    import_referat(
        kommune=world.ballerup,
        proposal=seed_proposal(world),
        data=SEED.read_bytes(),
        filename=SEED.name,
        by=caseworker,
    )
    next_year = meetings.create_meeting(
        kommune=world.ballerup,
        organisation=world.almenbo,
        styringsaar=2022,
        date=date(2022, 5, 19),
        by=caseworker,
    )
    texts = {a.text for a in followup_agreements(next_year)}
    assert "Oplysningerne sendes til Almenbo" in texts and len(texts) == 3


def test_corrected_proposal_is_what_is_stored(world, caseworker):
    p = seed_proposal(world)
    p["participants"] = [{"name": "Torben Jensen", "side": "kommune", "role": "sagsbehandler"}]
    p["items"][0]["title"] = "Covid-19 (status)"
    p["agreements"] = [
        {
            "text": "Almenbo sender tallene",
            "owner": "organisation",
            "deadline": "2021-09-01",
            "item": "7.a",
        }
    ]
    p["departments"] = [{"mention": "afd. Lundebjerg", "department": "0151-008", "item": "7.a"}]
    meeting = import_referat(
        kommune=world.ballerup,
        proposal=p,
        data=SEED.read_bytes(),
        filename=SEED.name,
        by=caseworker,
    ).meeting
    assert list(meeting.participants.values_list("name", "side", "title")) == [
        ("Torben Jensen", "kommune", "sagsbehandler")
    ]
    assert meeting.items.filter(title="Covid-19 (status)").exists()
    agreement = meeting.agreements.get()
    assert agreement.deadline == date(2021, 9, 1) and list(agreement.departments.all()) == [
        world.lundebjerg
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"organisation": None}, "Vælg boligorganisationen"),
        ({"organisation": "0101"}, "hverken hjemsted eller afdelinger"),
        ({"meeting_date": None}, "Mødedatoen mangler"),
        ({"meeting_date": "2999-01-01"}, "fremtiden"),
        ({"meeting_date": "27-05-2021"}, "skal være en dato"),
        ({"items": []}, "mindst ét dagsordenspunkt"),
        (
            {"agreements": [{"text": "X", "owner": "kommune", "item": "9"}]},
            "punkt 9, som ikke findes",
        ),
        ({"agreements": [{"text": "X", "owner": "nogen"}]}, "ansvarlig skal være"),
        (
            {"departments": [{"mention": "afd. X", "department": "0101-001", "item": "1"}]},
            "hører ikke til",
        ),
        ({"participants": [{"name": "", "side": "kommune"}]}, "Deltagerens navn mangler"),
    ],
)
def test_invalid_proposals_store_nothing(world, caseworker, change, message):
    p = seed_proposal(world) | change
    with pytest.raises(ValidationError, match=message):
        import_referat(
            kommune=world.ballerup,
            proposal=p,
            data=SEED.read_bytes(),
            filename=SEED.name,
            by=caseworker,
        )
    assert not Meeting.objects.exists() and not ImportedReferat.objects.exists()


def test_only_caseworkers_of_the_kommune_import(world):
    p = seed_proposal(world)
    for persona in ("caseworker_kbh", "almenbo_staff", "analyst"):
        with pytest.raises(PermissionDenied):
            import_referat(
                kommune=world.ballerup, proposal=p, data=SEED.read_bytes(), filename=SEED.name,
                by=world.users[persona],
            )  # fmt: skip
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_our_own_published_referat_reads_back(seed_meeting, publish, real_pdf, kind):
    version = publish(seed_meeting)
    data = version.pdf if kind == "pdf" else version.docx
    p = read_referat(
        data,
        f"referat.{kind}",
        departments=[("0151-008", "Lundebjerg"), ("0151-003", "Kirstinelund")],
    )
    expected = []
    for item in seed_meeting.items.filter(parent=None).order_by("position"):
        expected.append(item.title)
        expected += [c.title for c in item.children.order_by("position")]
    assert [i.title for i in p.all_items()] == expected
    assert p.meeting_date == seed_meeting.date
    assert {d.department for d in p.departments} >= {"0151-008"}
    body = " ".join(i.text for i in p.all_items())
    assert "fordeler sig jævnt" in body


# --- the CLI ---------------------------------------------------------------------------------


def run(*args: str) -> list[dict]:

    out = StringIO()
    call_command("import_referat", *args, stdout=out, stderr=StringIO())
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def test_cli_dry_run_json_saves_nothing(world):
    [result] = run(str(SEED), "--kommune", "151", "--dry-run", "--json", "--as", "torben")
    assert REQUIRED_KEYS <= set(result)
    assert [i["number"] for i in result["items"]] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [c["number"] for c in result["items"][1]["children"]] == ["2.a", "2.b"]
    assert set(result["items"][0]) >= {"number", "title", "text", "decision", "children"}
    assert set(result["agreements"][0]) >= {"text", "owner", "deadline", "item"}
    assert set(result["departments"][0]) >= {"mention", "department"}
    assert set(result["participants"][0]) >= {"name", "side", "role"}
    assert not Meeting.objects.exists()


def test_cli_imports_a_folder_and_reports_bad_files(world, tmp_path):
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "b.exe").write_bytes(b"MZ" + bytes(50))
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "d.pdf").write_bytes(b"%PDF-1.4 broken")

    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="3 af 4 filer kunne ikke importeres"):
        call_command(
            "import_referat",
            str(tmp_path),
            "--kommune",
            "151",
            "--json",
            "--as",
            "torben",
            stdout=out,
            stderr=err,
        )
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert results[0]["created"] is True and Meeting.objects.count() == 1
    assert [r.get("error", "")[:20] for r in results[1:]] == [
        "Filen er et program,", "Filen er tom.", "Filen kunne ikke læs",
    ]  # fmt: skip
    assert "Traceback" not in err.getvalue()
    [again] = run(str(tmp_path / "a.txt"), "--kommune", "151", "--json", "--as", "torben")
    assert again["created"] is False and Meeting.objects.count() == 1


def test_cli_refuses_other_kommuners_caseworkers(world):
    with pytest.raises(CommandError):
        run(str(SEED), "--kommune", "151", "--dry-run", "--as", "karin")
    with pytest.raises(CommandError, match="Brugeren"):
        run(str(SEED), "--kommune", "151", "--dry-run", "--as", "nobody")


def test_a_referat_of_another_kommune_gets_a_warning(world):
    data = (FIXTURES / "a-hvidovre-kaeret-2023.txt").read_bytes()
    p = propose(kommune=world.ballerup, data=data, filename="a.txt")
    assert any("nævner Hvidovre Kommune, men importeres til" in w for w in p["warnings"])
    assert not any("nævner" in w for w in seed_proposal(world)["warnings"])


def test_seed_participants_resolved_against_the_users_of_kommune_and_organisation(world):
    p = seed_proposal(world)
    assert [(x["name"], x["side"], x["user"]) for x in p["participants"]] == [
        ("Torben", "kommune", "torben"),  # caseworker of Ballerup
        ("Claus", "organisation", "claus"),  # staff of Almenbo
        ("Lisbet", None, None),
    ]
    assert any("Lisbet svarer ikke til nogen bruger" in w for w in p["warnings"])


def test_users_of_other_kommuner_and_organisations_are_not_candidates(world):
    from styringsdialog.testing import make_user

    make_user("lisbet", "caseworker", kommune=world.kbh)
    p = seed_proposal(world)
    assert ("Lisbet", None, None) in [(x["name"], x["side"], x["user"]) for x in p["participants"]]


def test_imported_participants_are_linked_to_their_users(world, caseworker):
    result = import_referat(
        kommune=world.ballerup,
        proposal=seed_proposal(world),
        data=SEED.read_bytes(),
        filename=SEED.name,
        by=caseworker,
    )
    got = [(x.name, x.side, x.user) for x in result.meeting.participants.order_by("position")]
    assert got == [
        ("Torben", "kommune", caseworker),
        ("Claus", "organisation", world.users["almenbo_staff"]),
        ("Lisbet", "andet", None),
    ]


def test_a_user_outside_kommune_and_organisation_is_refused(world, caseworker):
    p = seed_proposal(world)
    p["participants"][2] |= {"side": "kommune", "user": "karin"}  # caseworker of København
    with pytest.raises(ValidationError, match="brugeren karin er hverken sagsbehandler"):
        import_referat(
            kommune=world.ballerup, proposal=p, data=SEED.read_bytes(), filename=SEED.name,
            by=caseworker,
        )  # fmt: skip
    assert not Meeting.objects.exists()


def test_a_corrected_side_drops_the_user_link(world, caseworker):
    p = seed_proposal(world)
    p["participants"][0]["side"] = "andet"
    result = import_referat(
        kommune=world.ballerup, proposal=p, data=SEED.read_bytes(), filename=SEED.name,
        by=caseworker,
    )  # fmt: skip
    torben = result.meeting.participants.get(name="Torben")
    assert (torben.side, torben.user) == ("andet", None)


# --- staging clean-up ------------------------------------------------------------------------


def _age(name: str, hours: float) -> None:
    import os
    import time

    from django.core.files.storage import default_storage

    when = time.time() - hours * 3600
    os.utime(default_storage.path(name), (when, when))


def test_stale_staged_uploads_are_removed_by_the_daily_run(world, settings):
    from styringsdialog.publication.history_import import (
        STAGING_FOLDER,
        remove_stale_staged,
        stage_upload,
        staged_upload,
    )

    old = stage_upload(b"gammelt referat", "gammelt.txt")
    new = stage_upload(b"nyt referat", "nyt.txt")
    _age(f"{STAGING_FOLDER}/{old}.txt", 49)
    _age(f"{STAGING_FOLDER}/{new}.txt", 47)
    assert remove_stale_staged(dry_run=True) == [f"{STAGING_FOLDER}/{old}.txt"]
    assert staged_upload(old, "gammelt.txt") == b"gammelt referat"  # dry run: kept
    out = StringIO()
    call_command("send_reminders", "--json", stdout=out)
    assert json.loads(out.getvalue())["staged_referater_removed"] == 1
    assert staged_upload(old, "gammelt.txt") is None
    assert staged_upload(new, "nyt.txt") == b"nyt referat"
    settings.REFERAT_IMPORT_STAGING_HOURS = 12
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "Fjernet 1 uploadede referatfiler" in out.getvalue()
    assert staged_upload(new, "nyt.txt") is None


def test_confirm_removes_the_staged_copy_once_archived(
    world, caseworker, django_capture_on_commit_callbacks
):
    from styringsdialog.publication.history_import import (
        stage_upload,
        staged_upload,
        uploaded_file,
    )

    sha = stage_upload(SEED.read_bytes(), SEED.name)
    bad = seed_proposal(world) | {"meeting_date": None}
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        import_referat(
            kommune=world.ballerup, proposal=bad, data=SEED.read_bytes(), filename=SEED.name,
            by=caseworker,
        )  # fmt: skip
    assert staged_upload(sha, SEED.name) == SEED.read_bytes()  # an error keeps it for the review
    with django_capture_on_commit_callbacks(execute=True):
        result = import_referat(
            kommune=world.ballerup, proposal=seed_proposal(world), data=SEED.read_bytes(),
            filename=SEED.name, by=caseworker,
        )  # fmt: skip
    assert result.created and result.imported.file.read() == SEED.read_bytes()
    assert staged_upload(sha, SEED.name) is None
    # a retried confirm still finds the file (archived) and answers with the existing meeting
    assert uploaded_file(world.ballerup, sha, SEED.name) == SEED.read_bytes()
    assert uploaded_file(world.kbh, sha, SEED.name) is None
    stage_upload(SEED.read_bytes(), SEED.name)  # uploaded again after the import
    with django_capture_on_commit_callbacks(execute=True):
        again = import_referat(
            kommune=world.ballerup, proposal=seed_proposal(world), data=SEED.read_bytes(),
            filename=SEED.name, by=caseworker,
        )  # fmt: skip
    assert not again.created and staged_upload(sha, SEED.name) is None


def test_a_meeting_already_held_that_day_is_named_in_a_warning(world, caseworker):
    assert not any("allerede et møde" in w for w in seed_proposal(world)["warnings"])
    existing = meetings.create_meeting_from_template(
        kommune=world.ballerup,
        organisation=world.almenbo,
        styringsaar=2021,
        date=date(2021, 5, 27),
        by=caseworker,
    )
    warnings = seed_proposal(world)["warnings"]
    assert any(
        f"allerede et møde med organisationen den dag (møde {existing.pk})" in w for w in warnings
    )
