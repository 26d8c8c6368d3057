"""Fixtures for publication tests: the seed meeting (approved) and a draft meeting, built directly."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest
from django.utils import timezone

from styringsdialog.meetings.models import (
    AgendaItem,
    Agreement,
    Case,
    CaseLink,
    Meeting,
    MeetingType,
    Participant,
)
from styringsdialog.publication.tests.seed_content import SEED_ITEMS

RS = Meeting.ReferatStatus

# One agenda item for ``make_meeting``: (title, minutes, [(child title, child minutes), ...]).
ItemSpec = tuple[str, str, list[tuple[str, str]]]


def make_meeting(
    world: Any,
    *,
    on: date,
    status: str = RS.APPROVED,
    items: list[ItemSpec] = SEED_ITEMS,
    org=None,
    kommune=None,
) -> Meeting:
    kommune = kommune or world.ballerup
    org = org or world.almenbo
    mtype, _ = MeetingType.objects.get_or_create(kommune=kommune, name="Dialogmøde")
    meeting = Meeting.objects.create(
        kommune=kommune,
        meeting_type=mtype,
        styringsaar=on.year,
        date=on,
        start_time=time(13, 0),
        place="Ballerup Rådhus, mødelokale 2",
        organisation=org,
        status=Meeting.Status.HELD,
        held_at=timezone.make_aware(datetime.combine(on, time(15, 0))),
        referat_status=status,
    )
    for pos, (title, minutes, children) in enumerate(items, start=1):
        parent = AgendaItem.objects.create(
            meeting=meeting, position=pos, title=title, minutes=minutes
        )
        for cpos, (ctitle, cminutes) in enumerate(children, start=1):
            AgendaItem.objects.create(
                meeting=meeting, parent=parent, position=cpos, title=ctitle, minutes=cminutes
            )
    return meeting


def add_seed_people_and_agreements(world: Any, meeting: Meeting) -> None:
    people = [
        ("Torben Tilsyn", "kommune", "Sagsbehandler", None),
        ("Claus Almenbo", "organisation", "Driftschef", world.almenbo),
        ("Lisbet Almenbo", "organisation", "Direktør", world.almenbo),
    ]
    for pos, (name, side, title, org) in enumerate(people):
        Participant.objects.create(
            meeting=meeting, name=name, side=side, title=title, organisation=org, position=pos
        )
    item4 = meeting.items.get(title__startswith="Status for aktuelle")
    Agreement.objects.create(
        kommune=meeting.kommune,
        organisation=meeting.organisation,
        meeting=meeting,
        agenda_item=item4,
        styringsaar=meeting.styringsaar,
        text="Almenbo orienterer kommunen om udbedring af mangler i afd. Lundebjerg.",
        responsible_side="organisation",
        responsible_person="Claus",
        deadline=date(2021, 9, 1),
    )
    item3 = meeting.items.get(title__startswith="Gennemgang af styringsrapport")
    Agreement.objects.create(
        kommune=meeting.kommune,
        organisation=meeting.organisation,
        meeting=meeting,
        agenda_item=item3,
        styringsaar=meeting.styringsaar,
        text="Henlæggelserne hæves mod 200 kr. pr. m² pr. år i afdelinger under benchmark.",
        responsible_side="begge",
        deadline=date(2022, 5, 1),
    )
    case = Case.objects.create(
        kommune=meeting.kommune,
        department=world.lundebjerg,
        category="byggeri_mangler",
        title="Mangler i nye boliger",
        opened_on=date(2020, 10, 1),
    )
    CaseLink.objects.create(case=case, agenda_item=item4)


@pytest.fixture
def seed_meeting(world) -> Meeting:
    """Ballerup–Almenbo 27 May 2021, held, referat approved (not yet published)."""
    meeting = make_meeting(world, on=date(2021, 5, 27))
    add_seed_people_and_agreements(world, meeting)
    return meeting


@pytest.fixture
def draft_meeting(world) -> Meeting:
    """A held meeting whose referat is still a draft with a secret word in it."""
    items: list[ItemSpec] = [
        ("Fortroligt udkast", "Udkastet nævner hemmeligordet zebrafinke og henlæggelserne.", [])
    ]
    return make_meeting(world, on=date(2022, 6, 2), status=RS.DRAFT, items=items)


@pytest.fixture
def caseworker(world):
    return world.users["caseworker_ballerup"]


FAKE_PDF = b"%PDF-1.7\n% placeholder rendered in tests that do not look at the PDF\n%%EOF\n"


@pytest.fixture(autouse=True)
def _fast_pdf(request, monkeypatch):
    """WeasyPrint takes about a second per referat; tests that read the PDF ask for ``real_pdf``."""
    if "real_pdf" not in request.fixturenames:
        monkeypatch.setattr(
            "styringsdialog.publication.rendering.render_pdf", lambda doc, body=None: FAKE_PDF
        )


@pytest.fixture
def real_pdf() -> bool:
    return True


@pytest.fixture
def publish(caseworker):
    """publish(meeting) → version 1, by the Ballerup caseworker."""
    from styringsdialog.publication.services import publish_referat

    def _publish(meeting: Meeting, by=None):
        return publish_referat(meeting=meeting, by=by or caseworker)

    return _publish


def reapprove(meeting: Meeting, by, reason: str = "Rettelse af stavefejl") -> None:
    """Reopen a published referat and approve it again (skips the comment round, for speed)."""
    from styringsdialog.meetings.services.referat import reopen_referat_for_correction

    reopen_referat_for_correction(meeting=meeting, by=by, reason=reason)
    Meeting.objects.filter(pk=meeting.pk).update(referat_status=RS.APPROVED)
    meeting.refresh_from_db()
