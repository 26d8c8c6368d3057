"""The briefing (C10) for an organisation and styringsår, and "create the agenda from these
points" — the briefing page (``views_briefing``) through the API.

Scope as on the page: the organisation's home kommune (and administrators); a reader gets 403,
anyone else 404. A point's ``key`` is its stable id (``briefing.point_id``); the agenda items it
becomes remember it, so sending the same points again creates nothing.
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from styringsdialog.accounts.permissions import require_meeting_reader
from styringsdialog.lib.api_types import Code, Keyword, ObjectId, ObjectIn, Year
from styringsdialog.meetings import services
from styringsdialog.meetings.agenda import fill_title
from styringsdialog.meetings.briefing import (
    TEMPLATE_TITLES,
    briefing_points,
    meetings_for_briefing,
    target_key,
)
from styringsdialog.meetings.models import AgendaItem
from styringsdialog.meetings.queries import get_meeting_for_user
from styringsdialog.meetings.services.briefing import draft_minutes, point_title
from styringsdialog.registry.briefing import BriefingPoint
from styringsdialog.registry.queries import get_organisation_for_user

router = Router(tags=["Briefing"])

MAX_POINTS = 500


class BriefingPointOut(Schema):
    key: str = Field(description="Punktets id; send det til …/agenda/from-briefing")
    title: str = Field(description="Overskriften punktet får på dagsordenen")
    text: str = Field(description="Tallene og sammenligningen bag punktet")
    source: str = Field(description="Kilden, fx effektivitet, aftaler_sidste_aar, sager")
    severity: str = Field(description="info, warning eller critical")
    agenda_item: str = Field(description="Nøglen på det standardpunkt, punktet sættes under")
    agenda_item_title: str
    evidence_url: str = Field(description="Siden med data bag punktet")
    draft_minutes: str = Field(description="Udkastet til referatet, som punktet får med")
    departments: list[str] = Field(description="Afdelingsnumre punktet handler om")


class BriefingMeetingOut(Schema):
    id: int
    date: str
    title: str


class BriefingOut(Schema):
    organisation: str
    name: str
    styringsaar: int
    points: list[BriefingPointOut]
    meetings: list[BriefingMeetingOut] = Field(
        description="Møder med organisationen i styringsåret, hvis dagsorden kan udbygges"
    )


def point_out(key: str, point: BriefingPoint, year: int, departments: dict[int, str]) -> dict:
    target = target_key(point.source)
    return {
        "key": key,
        "title": point_title(point),
        "text": point.text,
        "source": point.source,
        "severity": point.severity,
        "agenda_item": target,
        "agenda_item_title": fill_title(TEMPLATE_TITLES.get(target, target.title()), year),
        "evidence_url": point.evidence_url,
        "draft_minutes": draft_minutes(point),
        "departments": [departments[d] for d in point.department_ids if d in departments],
    }


def briefing_out(organisation, year: int) -> dict:
    """The briefing as JSON (the API and ``styringsdialog briefing --json``)."""
    departments = dict(organisation.departments.values_list("pk", "number"))
    return {
        "organisation": organisation.number,
        "name": organisation.name,
        "styringsaar": year,
        "points": [
            point_out(k, p, year, departments) for k, p in briefing_points(organisation, year)
        ],
        "meetings": [
            {"id": m.pk, "date": m.date.isoformat(), "title": m.title}
            for m in meetings_for_briefing(organisation, year).order_by("date", "pk")
        ],
    }


def briefing_organisation(user, number: str):
    """The organisation whose briefing ``user`` may read: as the page, its home kommune."""
    require_meeting_reader(user)
    return get_organisation_for_user(user, number, write=True)


def chosen_points(organisation, year: int, keys: list[str]) -> list[BriefingPoint]:
    """The briefing's points with these keys, in the briefing's order; an unknown key is 422."""
    points = dict(briefing_points(organisation, year))
    unknown = [k for k in keys if k not in points]
    if unknown:
        raise ValidationError(
            f"Briefingen for {organisation.name} i {year} har ikke punktet "
            f"{', '.join(unknown[:10])}. Hent punkterne igen."
        )
    wanted = set(keys)
    return [p for k, p in points.items() if k in wanted]


@router.get(
    "/organisations/{number}/briefing",
    response=BriefingOut,
    summary="Briefingen til dialogmødet: datapunkter for organisationen i et styringsår",
)
def briefing(request: HttpRequest, number: Code, aar: Year) -> dict:
    return briefing_out(briefing_organisation(request.user, number), aar)


class FromBriefingIn(ObjectIn):
    points: list[Keyword] = Field(min_length=1, max_length=MAX_POINTS)


class CreatedItemOut(Schema):
    id: int
    parent_id: int | None
    key: str
    title: str
    minutes: str
    version: int = Field(description="Referatets version; send den med, når referatet skrives")


class FromBriefingOut(Schema):
    meeting_id: int
    created: int
    items: list[CreatedItemOut]


def item_out(item: AgendaItem) -> dict:
    return {
        "id": item.pk,
        "parent_id": item.parent_id,
        "key": item.key,
        "title": item.title,
        "minutes": item.minutes,
        "version": item.minutes_version,
    }


@router.post(
    "/meetings/{meeting_id}/agenda/from-briefing",
    response={201: FromBriefingOut, 200: FromBriefingOut},
    summary="Sæt briefingens punkter på mødets dagsorden (punkter der allerede står der springes over)",
    description="Som 'Opret dagsorden' på briefingsiden: hvert punkt bliver et underpunkt under "
    "mødets standardpunkt for punktets kilde, med tallene som udkast til referatet. 201 med de "
    "oprettede punkter; 200 med en tom liste, når alle punkter allerede står på dagsordenen.",
)
def agenda_from_briefing(request: HttpRequest, meeting_id: ObjectId, payload: FromBriefingIn):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    organisation = briefing_organisation(request.user, meeting.organisation.number)
    points = chosen_points(organisation, meeting.styringsaar, payload.points)
    created = services.create_agenda_from_briefing(meeting=meeting, points=points, by=request.user)
    body = {
        "meeting_id": meeting.pk,
        "created": len(created),
        "items": [item_out(i) for i in created],
    }
    return Status(201 if created else 200, body)
