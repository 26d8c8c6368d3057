"""The personal-data check before publication (issue 16, item 4): refused until decided,
"redact" replaces the text in the published version, decisions recorded without the CPR."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from almen.personal_data import finding_key
from styringsdialog.meetings.models import AgendaItem, Case, CaseLink
from styringsdialog.publication.models import PersonalDataDecision, ReferatVersion
from styringsdialog.publication.personal_data import current_findings
from styringsdialog.publication.services import publish_referat
from styringsdialog.records import services as records
from styringsdialog.records.models import Kind

pytestmark = pytest.mark.django_db

CPR = "120345-1234"
CPR_KEY = finding_key("cpr", CPR)
ADDRESS_KEY = finding_key("address", "Lundebjerggårdsvej 12")


@pytest.fixture
def cpr_meeting(seed_meeting):
    item = seed_meeting.items.order_by("position").first()
    AgendaItem.objects.filter(pk=item.pk).update(
        minutes=f"Lejeren med cpr {CPR} på Lundebjerggårdsvej 12 har klaget."
    )
    return seed_meeting


def test_publishing_with_an_undecided_cpr_number_is_refused(cpr_meeting, caseworker):
    with pytest.raises(ValidationError) as exc:
        publish_referat(meeting=cpr_meeting, by=caseworker)
    text = " ".join(exc.value.messages)
    assert "personoplysninger" in text and "CPR-nummer" in text and CPR_KEY in text
    assert CPR not in text and "1234" not in text.replace(CPR_KEY, "")
    assert not ReferatVersion.objects.exists()
    # one decision is not enough: the address is undecided
    with pytest.raises(ValidationError, match="Adresse"):
        publish_referat(meeting=cpr_meeting, by=caseworker, personal_data={CPR_KEY: "redact"})


def test_redact_replaces_the_text_and_the_decisions_are_recorded(cpr_meeting, caseworker):
    version = publish_referat(
        meeting=cpr_meeting,
        by=caseworker,
        personal_data={CPR_KEY: "redact", ADDRESS_KEY: "keep"},
    )
    assert CPR not in version.text and "[fjernet]" in version.text
    assert "Lundebjerggårdsvej 12" in version.text
    assert CPR not in json.dumps(version.snapshot)
    rows = {d.kind: d for d in PersonalDataDecision.objects.filter(version=version)}
    assert rows["cpr"].decision == "redact" and rows["address"].decision == "keep"
    assert rows["cpr"].by == caseworker and rows["cpr"].at == version.published_at
    for row in rows.values():
        assert CPR not in row.value + row.context and "1234" not in row.context
    # the meeting's own text is not changed, only the published version
    cpr_meeting.refresh_from_db()
    assert CPR in cpr_meeting.items.order_by("position").first().minutes


def test_kind_and_star_decisions(cpr_meeting, caseworker):
    version = publish_referat(
        meeting=cpr_meeting, by=caseworker, personal_data={"kind:cpr": "redact", "*": "keep"}
    )
    assert CPR not in version.text and "Lundebjerggårdsvej 12" in version.text


def test_case_parties_are_found_by_name(world, seed_meeting, caseworker):
    item = seed_meeting.items.order_by("position").first()
    AgendaItem.objects.filter(pk=item.pk).update(minutes="Søren Hansen har klaget over støj.")
    case = Case.objects.create(
        kommune=world.ballerup,
        department=world.almenbo.departments.first(),
        category=Case.Category.RESIDENT_ENQUIRY,
        title="Klage over støj",
        opened_on=seed_meeting.date,
    )
    CaseLink.objects.create(case=case, agenda_item=item)
    records.update_record_info(
        kind=Kind.CASE, obj=case, by=caseworker, journal_number="", kle="", parties="Søren Hansen"
    )
    found = current_findings(seed_meeting)
    assert [(f.kind, f.masked) for f in found] == [("name", "Søren Hansen")]
    version = publish_referat(meeting=seed_meeting, by=caseworker, personal_data={"*": "redact"})
    assert "Søren Hansen" not in version.text


def test_publish_page_lists_findings_and_enforces_decisions(world, cpr_meeting):
    client = Client()
    client.force_login(world.users["caseworker_ballerup"])
    url = f"/moeder/{cpr_meeting.pk}/offentliggoer/"
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert f'name="pd-{CPR_KEY}"' in body and CPR not in body.split("app-preview")[0]
    refused = client.post(url, {"confirm": "on"})
    assert refused.status_code == 400 and "personoplysning" in refused.content.decode()
    done = client.post(
        url, {"confirm": "on", f"pd-{CPR_KEY}": "redact", f"pd-{ADDRESS_KEY}": "keep"}
    )
    assert done.status_code == 302
    assert CPR not in ReferatVersion.objects.get().text


def test_api_findings_and_publish_body(world, cpr_meeting):
    client = Client()
    client.force_login(world.users["caseworker_ballerup"])
    got = client.get(f"/api/v1/meetings/{cpr_meeting.pk}/referat/personal-data")
    assert got.status_code == 200
    data = got.json()
    assert {f["kind"] for f in data["findings"]} == {"cpr", "address"}
    assert CPR not in got.content.decode()
    url = f"/api/v1/meetings/{cpr_meeting.pk}/referat/publish"
    refused = client.post(url, {}, content_type="application/json")
    assert refused.status_code == 422 and "personoplysning" in refused.content.decode()
    ok = client.post(
        url, {"personal_data": {"kind:cpr": "redact", "*": "keep"}}, content_type="application/json"
    )
    assert ok.status_code == 201, ok.content


@pytest.mark.parametrize(("persona", "status"), [("caseworker_kbh", 404), ("almenbo_staff", 403)])
def test_api_findings_scope(world, cpr_meeting, persona, status):
    client = Client()
    client.force_login(world.users[persona])
    got = client.get(f"/api/v1/meetings/{cpr_meeting.pk}/referat/personal-data")
    assert got.status_code == status


def test_cli_refuses_then_publishes_with_decisions(cpr_meeting, caseworker, tmp_path, capsys):
    with pytest.raises(CommandError, match="personoplysning"):
        call_command("referat", "publish", str(cpr_meeting.pk), "--as", caseworker.username)
    call_command("referat", "personal-data", str(cpr_meeting.pk), "--as", caseworker.username)
    assert CPR_KEY in capsys.readouterr().out
    path = tmp_path / "d.json"
    path.write_text(json.dumps({CPR_KEY: "redact"}), encoding="utf-8")
    call_command(
        "referat",
        "publish",
        str(cpr_meeting.pk),
        "--as",
        caseworker.username,
        "--decisions",
        str(path),
        "--keep",
        "address",
    )
    assert CPR not in ReferatVersion.objects.get().text
