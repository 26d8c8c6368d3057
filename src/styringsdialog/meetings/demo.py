"""Demo content for meetings (called by ``styringsdialog demo-data`` after the registry is loaded).

* The seed meeting (Ballerup Kommune and Almenbo, 27 May 2021) exactly as the referat has it:
  items, minutes, participants, themes, cases and agreements; held, referat approved
  (publication's demo step publishes it).
* Almenbo 2022: follow-up on the 2021 agreements, referat sent to Almenbo for comments; a
  planned meeting for the current year (a target for the briefing).
* A portal with a history (``portal_history``): for the last three styringsår, one meeting a
  year with an organisation in each of up to ten kommuner (Ballerup and København first).
  The agenda comes from the briefing, the minutes state the organisation's figures, each
  meeting makes two agreements and the next one follows them up. Past years' referater are
  approved (``publication.demo`` publishes them); this year's meetings are held or planned
  around the demo's "today", and last year's agreements without a follow-up are overdue.

Everything is dated relative to the demo's "today" (``timezone.localdate()``, which
``demo-data --today`` fixes); each step runs under ``lib.clock.frozen_at`` its own plausible
moment, so the history (agreement events, case timelines, referat events) reads as it happened.
Idempotent: if the seed meeting exists, nothing is done.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from almen import synth
from styringsdialog.accounts.models import User
from styringsdialog.lib.clock import aware, frozen_at
from styringsdialog.meetings import services
from styringsdialog.meetings.agenda import agenda_tree, flatten
from styringsdialog.meetings.models import AgendaItem, Meeting
from styringsdialog.meetings.seed_referat import (
    AGREEMENTS,
    CASES,
    ITEMS,
    PARTICIPANTS,
    SEED_DATE,
    SEED_STYRINGSAAR,
    THEMES_2021,
    SeedItem,
)
from styringsdialog.meetings.text import reflow
from styringsdialog.registry.models import Department, Kommune, Organisation

Progress = Callable[[str, int, int], None]
STAGE = "Dialogmøder, aftaler og sager"


def load_demo(*, world: Any, progress: Progress | None = None) -> Meeting | None:
    """Create the demo meetings; returns the seed meeting (None when it already existed)."""
    report = progress or (lambda stage, done, total: None)
    ballerup = Kommune.objects.get(code=synth.BALLERUP)
    almenbo = Organisation.objects.get(number=synth.ALMENBO_NUMBER)
    if Meeting.objects.filter(organisation=almenbo, date=SEED_DATE).exists():
        return None
    torben = User.objects.filter(username="torben").first()
    today = timezone.localdate()
    with transaction.atomic():
        seed = load_seed_meeting(kommune=ballerup, organisation=almenbo, by=torben)
        report(STAGE, 1, 4)
        follow_up_2022(seed, by=torben)
        report(STAGE, 2, 4)
        with frozen_at(aware(today, 9)):
            planned_this_year(ballerup, almenbo, by=torben)
        report(STAGE, 3, 4)
        portal_history(world, today=today)
        report(STAGE, 4, 4)
    return seed


def _department(organisation: Organisation, name: str) -> Department:
    return Department.objects.get(organisation=organisation, name=name)


def _add_items(
    meeting: Meeting, items: tuple[SeedItem, ...], parent: AgendaItem | None = None
) -> None:
    for spec in items:
        item = services.add_agenda_item(
            meeting=meeting,
            parent=parent,
            title=spec.title,
            minutes=reflow(spec.minutes),
            key=spec.key,
        )
        _add_items(meeting, spec.children, parent=item)


def load_seed_meeting(*, kommune: Kommune, organisation: Organisation, by: User | None) -> Meeting:
    """The 27 May 2021 meeting, structured as the seed referat; held, referat approved."""
    with frozen_at(aware(SEED_DATE - timedelta(days=24), 9)):  # the agenda, three weeks before
        meeting = _seed_agenda(kommune=kommune, organisation=organisation, by=by)
    with frozen_at(aware(SEED_DATE, 13)):  # minutes, agreements and cases on the day
        _seed_decisions(meeting, organisation=organisation, by=by)
        services.mark_meeting_held(meeting=meeting, by=by, at=_at(SEED_DATE, 12))
    with frozen_at(aware(SEED_DATE + timedelta(days=4), 10)):
        services.send_referat_to_organisation(meeting=meeting, by=by)
    with frozen_at(aware(SEED_DATE + timedelta(days=11), 14)):
        services.approve_referat(meeting=meeting, by=by)
    return meeting


def _seed_agenda(*, kommune: Kommune, organisation: Organisation, by: User | None) -> Meeting:
    for title in THEMES_2021:
        if not kommune.year_themes.filter(styringsaar=SEED_STYRINGSAAR, title=title).exists():
            services.add_year_theme(kommune=kommune, styringsaar=SEED_STYRINGSAAR, title=title)
    meeting = services.create_meeting(
        kommune=kommune,
        organisation=organisation,
        styringsaar=SEED_STYRINGSAAR,
        date=SEED_DATE,
        start_time=time(10, 0),
        place="Ballerup Rådhus",
        by=by,
    )
    _add_items(meeting, ITEMS)
    return meeting


def _seed_decisions(meeting: Meeting, *, organisation: Organisation, by: User | None) -> None:
    for name, side, title in PARTICIPANTS:
        services.add_participant(meeting=meeting, name=name, side=side, title=title)
    items = {n.label: n.item for n in flatten(agenda_tree(meeting))}
    for label, text, side, deadline, departments in AGREEMENTS:
        services.add_agreement(
            meeting=meeting,
            agenda_item=items[label],
            text=text,
            responsible_side=side,
            deadline=deadline,
            by=by,
            responsible_person="Torben" if side == "kommune" else "Claus",
            departments=[_department(organisation, d) for d in departments],
        )
    for dept_name, category, title, opened, entries, label in CASES:
        case = services.open_case(
            department=_department(organisation, dept_name),
            category=category,
            title=title,
            opened_on=opened,
            by=by,
        )
        for when, text in entries:
            services.add_case_entry(case=case, date=when, text=text, by=by)
        services.link_case_to_item(case=case, agenda_item=items[label], by=by)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def follow_up_2022(seed: Meeting, *, by: User | None) -> Meeting:
    """Statuses of the 2021 agreements, and the 2022 meeting that follows them up."""
    agreements = {a.text: a for a in seed.agreements.all()}
    sent = agreements["Oplysningerne sendes til Almenbo"]
    with frozen_at(aware(date(2021, 6, 21), 11)):
        services.change_agreement_status(
            agreement=sent,
            status="opfyldt",
            by=by,
            note="Oversigten over m²-forskelle er sendt til Almenbo.",
        )
    with frozen_at(aware(date(2021, 8, 16), 9)):
        services.change_agreement_status(agreement=sent, status="lukket", by=by)
    lar = agreements["Almenbo tager det med ved evt. kommende projekter"]
    with frozen_at(aware(date(2021, 10, 4), 13)):
        services.change_agreement_status(
            agreement=lar,
            status="i_gang",
            by=None,
            note="Indgår i planlægningen af nye udearealer.",
        )
    energy = agreements["Materialet om energitilskuddet sendes til Ballerup Kommune"]
    with frozen_at(aware(date(2022, 1, 12), 10)):
        services.change_agreement_status(
            agreement=energy,
            status="delvist_opfyldt",
            by=by,
            note="Materialet er kun delvist modtaget.",
        )
    with frozen_at(aware(date(2022, 4, 25), 9)):
        meeting = _follow_up_agenda(seed, energy, by=by)
    with frozen_at(aware(date(2022, 5, 19), 13)):
        _follow_up_decisions(seed, meeting, by=by)
        services.mark_meeting_held(meeting=meeting, by=by, at=_at(date(2022, 5, 19), 12))
    with frozen_at(aware(date(2022, 5, 24), 10)):
        services.send_referat_to_organisation(meeting=meeting, by=by)
    return meeting


def _follow_up_agenda(seed: Meeting, energy: Any, *, by: User | None) -> Meeting:
    meeting = services.create_meeting_from_template(
        kommune=seed.kommune,
        organisation=seed.organisation,
        styringsaar=2022,
        date=date(2022, 5, 19),
        start_time=time(10, 0),
        place="Ballerup Rådhus",
        by=by,
    )
    services.carry_over_agreement(
        agreement=energy,
        by=by,
        meeting=meeting,
        deadline=date(2022, 9, 1),
        note="Videreføres til 2022.",
    )
    return meeting


def _follow_up_decisions(seed: Meeting, meeting: Meeting, *, by: User | None) -> None:
    services.write_minutes(
        item=meeting.items.get(key="opfoelgning"),
        text=(
            "Aftalerne fra dialogmødet 27. maj 2021 blev gennemgået.\n\n"
            "Oplysningerne om boliger og m² er sendt til Almenbo (opfyldt). Almenbo tager LAR-løsninger med i kommende "
            "projekter (i gang). Materialet om energitilskuddet er kun delvist modtaget; aftalen videreføres."
        ),
    )
    services.write_minutes(item=meeting.items.get(key="velkomst"), text="Torben bød velkommen.")
    services.add_participant(
        meeting=meeting, name="Torben", side="kommune", title="Sagsbehandler, Ballerup Kommune"
    )
    services.add_participant(
        meeting=meeting, name="Lisbet", side="organisation", title="Direktør, Almenbo"
    )
    services.add_agreement(
        meeting=meeting,
        agenda_item=meeting.items.get(key="styringsrapport"),
        by=by,
        responsible_side="organisation",
        text="Almenbo udarbejder en plan for at hæve henlæggelserne i afdelinger under 200 kr. pr. m²",
        responsible_person="Lisbet",
        deadline=date(2022, 12, 31),
        departments=[_department(seed.organisation, "Kirstinelund")],
    )


def planned_this_year(kommune: Kommune, organisation: Organisation, *, by: User | None) -> Meeting:
    """A planned meeting later this year: the target for the briefing's "Opret dagsorden"."""
    today = timezone.localdate()
    when = (
        date(today.year, 11, 15) if today < date(today.year, 11, 15) else date(today.year, 12, 31)
    )
    return services.create_meeting_from_template(
        kommune=kommune,
        organisation=organisation,
        styringsaar=today.year,
        date=when,
        start_time=time(9, 30),
        place="Ballerup Rådhus",
        by=by,
    )


PORTAL_KOMMUNER = 10  # kommuner with a published history on the portal (Ballerup, København, …)
PORTAL_YEARS = 3  # the last three styringsår
FIRST_KOMMUNER = (synth.BALLERUP, "101")


def _portal_organisations(world: Any) -> list[Organisation]:
    """One organisation in each of up to ``PORTAL_KOMMUNER`` kommuner: Ballerup (not Almenbo,
    whose meetings are the seed's), København, the demo "other organisation"'s kommune, then the
    largest kommuner by dwellings."""
    dwellings: dict[str, int] = {}
    for d in world.departments:
        dwellings[d.kommune_code] = dwellings.get(d.kommune_code, 0) + sum(d.dwellings.values())
    other = next(
        (o.home_kommune for o in world.organisations if o.home_kommune != synth.BALLERUP), None
    )
    codes = list(FIRST_KOMMUNER) + ([other] if other else [])
    codes += sorted(dwellings, key=lambda c: (-dwellings[c], c))
    chosen: dict[str, str] = {}
    for code in codes:
        if code in chosen or len(chosen) >= PORTAL_KOMMUNER:
            continue
        number = next(
            (
                o.number
                for o in world.organisations
                if o.home_kommune == code and o.number != synth.ALMENBO_NUMBER
            ),
            None,
        )
        if number is not None:
            chosen[code] = number
    by_number = {
        o.number: o
        for o in Organisation.objects.filter(number__in=chosen.values()).select_related(
            "home_kommune"
        )
    }
    return [by_number[n] for n in chosen.values() if n in by_number]


def _figures(world: Any, org: Organisation, regnskabsaar: int) -> str:
    """The organisation's figures in the minutes: departments, dwellings and effektivitetstal."""
    from almen.formatting import format_number

    depts = [d for d in world.departments if d.org_number == org.number]
    dwellings = sum(sum(d.dwellings.values()) for d in depts)
    scores = [
        s.score
        for s in world.official_scores
        if s.org_number == org.number and s.year == regnskabsaar
    ]
    text = (
        f"{org.name} har {format_number(len(depts))} afdelinger med {format_number(dwellings)} "
        f"boliger."
    )
    if scores:
        mean = sum(scores) / len(scores)
        below = sum(1 for x in scores if x < 90)
        text += (
            f" Det gennemsnitlige effektivitetstal for regnskabsåret {regnskabsaar} er "
            f"{format_number(mean, 1)}; {format_number(below)} af {format_number(len(scores))} "
            "afdelinger ligger under 90."
        )
    return text


def _meeting_day(year: int, index: int, count: int, today: date) -> date:
    """Past years: September to November. The current year: spread around today (about a third
    still to come), within the year."""
    if year < today.year:
        return date(year, 9, 1) + timedelta(days=7 * index)
    day = today + timedelta(days=12 * (index - (2 * count) // 3))
    return min(max(day, date(year, 1, 20)), date(year, 12, 18))


def portal_history(world: Any, *, today: date) -> list[Meeting]:
    """Meetings for the last ``PORTAL_YEARS`` styringsår with one organisation per kommune."""
    orgs = _portal_organisations(world)
    years = list(range(today.year - PORTAL_YEARS + 1, today.year + 1))
    made: list[Meeting] = []
    for index, org in enumerate(orgs):
        by = User.objects.filter(memberships__kommune=org.home_kommune).first() or (
            User.objects.filter(username="admin").first()
        )
        previous: Meeting | None = None
        for year in years:
            day = _meeting_day(year, index, len(orgs), today)
            meeting = _history_meeting(world, org, year, day, previous, today=today, by=by)
            made.append(meeting)
            previous = meeting
    return made


def _history_meeting(
    world: Any,
    org: Organisation,
    year: int,
    day: date,
    previous: Meeting | None,
    *,
    today: date,
    by: User | None,
) -> Meeting:
    from styringsdialog.meetings.briefing import briefing_points

    kommune = org.home_kommune
    with frozen_at(aware(min(day - timedelta(days=28), today), 9)):
        meeting = services.create_meeting_from_template(
            kommune=kommune,
            organisation=org,
            styringsaar=year,
            date=day,
            start_time=time(13, 0),
            place=f"{kommune.name} Rådhus",
            by=by,
        )
        points = [p for _, p in briefing_points(org, year)][:4]
        if points:
            services.create_agenda_from_briefing(meeting=meeting, points=points, by=by)
    if day >= today:
        return meeting  # planned: the agenda is ready, the meeting is still to come
    follow_up = previous.agreements.order_by("pk") if previous is not None else []
    with frozen_at(aware(day - timedelta(days=40), 11)):
        # between the meetings: the organisation fulfils one agreement, the other is under way
        notes = []
        for i, agreement in enumerate(follow_up):
            status = "opfyldt" if i == 0 else "delvist_opfyldt"
            services.change_agreement_status(
                agreement=agreement, status=status, by=by, note="Status før årets dialogmøde."
            )
            notes.append(f"»{agreement.text}« ({'opfyldt' if i == 0 else 'delvist opfyldt'})")
    with frozen_at(aware(day, 15)):
        services.write_minutes(
            item=meeting.items.get(key="velkomst"),
            text=f"{kommune.name} bød {org.name} velkommen til dialogmødet for styringsåret {year}.",
        )
        services.write_minutes(
            item=meeting.items.get(key="styringsrapport"),
            text=(
                f"Styringsrapporten for regnskabsåret {year - 1} blev gennemgået. "
                + _figures(world, org, year - 1)
            ),
        )
        if notes and previous is not None:
            services.write_minutes(
                item=meeting.items.get(key="opfoelgning"),
                text=(
                    f"Aftalerne fra dialogmødet {previous.date:%d.%m.%Y} blev gennemgået: "
                    + "; ".join(notes)
                    + "."
                ),
            )
        dept = org.departments.order_by("number").first()
        services.add_agreement(
            meeting=meeting,
            agenda_item=meeting.items.get(key="styringsrapport"),
            by=by,
            responsible_side="organisation",
            text=(
                f"{org.name} sender en opdateret vedligeholdelsesplan"
                + (f" for {dept.name}" if dept else "")
            ),
            deadline=date(year + 1, 3, 1),
            departments=[dept] if dept else [],
        )
        services.add_agreement(
            meeting=meeting,
            agenda_item=meeting.items.get(key="anvisning"),
            by=by,
            responsible_side="kommune",
            text="Kommunen sender den nye anvisningsaftale til underskrift",
            deadline=day + timedelta(days=60),
        )
        services.mark_meeting_held(meeting=meeting, by=by, at=_at(day, 15))
    sent = day + timedelta(days=5)
    if sent > today:
        return meeting
    with frozen_at(aware(sent, 10)):
        services.send_referat_to_organisation(meeting=meeting, by=by)
    approved = day + timedelta(days=14)
    if approved <= today:
        with frozen_at(aware(approved, 14)):
            services.approve_referat(meeting=meeting, by=by)
    return meeting


__all__ = ["load_demo", "load_seed_meeting", "portal_history"]
