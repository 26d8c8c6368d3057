"""The audit log covers the first wave's apps (issue 16 integration): a caseworker's view of an
anvisning, byggesag, brugere or journal page is recorded with its object reference, and writes
on their models are recorded with the changed field names (a byggesag's ``case`` is never
taken for a meetings case)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from styringsdialog.anvisning.tests.conftest import make_anvisning
from styringsdialog.audit import context
from styringsdialog.audit.models import AuditEntry
from styringsdialog.construction import services as construction
from styringsdialog.records import services as records
from styringsdialog.records.models import Kind

pytestmark = pytest.mark.django_db


def _case(world, by=None):
    return construction.open_construction_case(
        kommune=world.ballerup,
        organisation=world.almenbo,
        department=world.lundebjerg,
        kind="nybyggeri",
        title="Nye boliger i Lundebjerg",
        dwellings=40,
        area_m2=Decimal(3_600),
        opened_on=date(2021, 1, 15),
        by=by,
    )


def _viewed(client, user, path):
    assert client.get(path).status_code == 200
    return AuditEntry.objects.get(user_id=user.pk, path=path)


def test_anvisning_pages_are_recorded(world, client_for):
    anv = make_anvisning(world)
    torben = world.users["caseworker_ballerup"]
    client = client_for(torben)
    entry = _viewed(client, torben, f"/anvisning/boliger/{anv.entry.pk}/")
    assert (entry.kind, entry.object_type, entry.object_id) == (
        "view",
        "anvisning:entry",
        f"pk={anv.entry.pk}",
    )
    entry = _viewed(client, torben, f"/anvisning/aftaler/{anv.agreement.pk}/")
    assert entry.object_id == f"pk={anv.agreement.pk}" and entry.case_id is None
    assert _viewed(client, torben, "/kommune/151/anvisning/").object_id == "code=151"


def test_construction_pages_and_api_are_recorded_without_a_meetings_case(world, client_for):
    case = _case(world)
    torben = world.users["caseworker_ballerup"]
    client = client_for(torben)
    entry = _viewed(client, torben, f"/byggesager/{case.pk}/")
    assert (entry.object_type, entry.object_id) == ("construction:case", f"pk={case.pk}")
    assert entry.case_id is None
    api = _viewed(client, torben, f"/api/v1/construction/cases/{case.pk}")
    assert api.object_id == f"case_id={case.pk}" and api.case_id is None


def test_users_page_is_recorded(world, client_for):
    admin = world.users["admin"]
    entry = _viewed(client_for(admin), admin, "/kommune/151/brugere/")
    assert (entry.object_type, entry.object_id) == ("users:kommune_users", "code=151")


def test_journal_pages_are_recorded(world, client_for):
    case = _case(world)
    torben = world.users["caseworker_ballerup"]
    client = client_for(torben)
    entry = _viewed(client, torben, f"/byggesager/{case.pk}/journal/")
    assert (entry.object_type, entry.object_id) == (
        "publishing:construction_records",
        f"pk={case.pk}",
    )
    assert entry.case_id is None


def test_writes_on_the_new_models_are_recorded(world):
    torben = world.users["caseworker_ballerup"]
    context.set_actor(torben)
    try:
        anv = make_anvisning(world)
        case = _case(world, by=torben)
        milestone = construction.record_milestone(
            case=case, kind="skema_a", date=date(2021, 3, 1), anskaffelsessum=1, by=torben
        )
        records.update_record_info(
            kind=Kind.CONSTRUCTION, obj=case, by=torben, journal_number="B-1", kle=""
        )
    finally:
        context.set_actor(None)
    created = set(AuditEntry.objects.filter(kind="create").values_list("object_type", flat=True))
    assert {
        "anvisning.anvisningagreement",
        "anvisning.ledgerentry",
        "anvisning.vacancycount",
        "construction.constructioncase",
        "construction.milestone",
        "records.recordinfo",
    } <= created
    m = AuditEntry.objects.get(object_type="construction.milestone", object_id=str(milestone.pk))
    assert m.case_id is None and m.username == "torben"
    entry = AuditEntry.objects.get(object_type="anvisning.ledgerentry", object_id=str(anv.entry.pk))
    assert "H-2023-017" not in entry.object_label  # the household reference is never logged
