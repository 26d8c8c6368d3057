"""Demo content for meetings (called by ``styringsdialog demo-data`` after the registry is loaded).

* The seed meeting (Ballerup Kommune and Almenbo, 27 May 2021) exactly as the referat has it:
  items, minutes, participants, themes, cases and agreements; held, referat approved
  (publication's demo step publishes it).
* Almenbo 2022: follow-up on the 2021 agreements, referat sent to Almenbo for comments; a
  planned meeting for the current year (a target for the briefing).
* Meetings in other kommuner (København and the demo "other organisation"'s kommune), with some
  overdue agreements so the lists and panels are not empty.

Idempotent: if the seed meeting exists, nothing is done.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from almen import synth
from styringsdialog.accounts.models import User
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
    with transaction.atomic():
        seed = load_seed_meeting(kommune=ballerup, organisation=almenbo, by=torben)
        report(STAGE, 1, 4)
        follow_up_2022(seed, by=torben)
        report(STAGE, 2, 4)
        planned_this_year(ballerup, almenbo, by=torben)
        report(STAGE, 3, 4)
        for org in _other_organisations(world):
            other_kommune_meeting(org)
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
    services.mark_meeting_held(meeting=meeting, by=by, at=_at(SEED_DATE, 12))
    services.send_referat_to_organisation(meeting=meeting, by=by)
    services.approve_referat(meeting=meeting, by=by)
    return meeting


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def follow_up_2022(seed: Meeting, *, by: User | None) -> Meeting:
    """Statuses of the 2021 agreements, and the 2022 meeting that follows them up."""
    agreements = {a.text: a for a in seed.agreements.all()}
    sent = agreements["Oplysningerne sendes til Almenbo"]
    services.change_agreement_status(
        agreement=sent,
        status="opfyldt",
        by=by,
        note="Oversigten over m²-forskelle er sendt til Almenbo.",
    )
    services.change_agreement_status(agreement=sent, status="lukket", by=by)
    lar = agreements["Almenbo tager det med ved evt. kommende projekter"]
    services.change_agreement_status(
        agreement=lar, status="i_gang", by=None, note="Indgår i planlægningen af nye udearealer."
    )
    energy = agreements["Materialet om energitilskuddet sendes til Ballerup Kommune"]
    services.change_agreement_status(
        agreement=energy,
        status="delvist_opfyldt",
        by=by,
        note="Materialet er kun delvist modtaget.",
    )
    meeting = services.create_meeting_from_template(
        kommune=seed.kommune,
        organisation=seed.organisation,
        styringsaar=2022,
        date=date(2022, 5, 19),
        start_time=time(10, 0),
        place="Ballerup Rådhus",
        by=by,
    )
    followup = meeting.items.get(key="opfoelgning")
    services.carry_over_agreement(
        agreement=energy,
        by=by,
        meeting=meeting,
        deadline=date(2022, 9, 1),
        note="Videreføres til 2022.",
    )
    services.write_minutes(
        item=followup,
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
    services.mark_meeting_held(meeting=meeting, by=by, at=_at(date(2022, 5, 19), 12))
    services.send_referat_to_organisation(meeting=meeting, by=by)
    return meeting


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


def _other_organisations(world: Any) -> list[Organisation]:
    """The first organisation in København and the demo 'other organisation' (outside Ballerup)."""
    numbers: list[str] = []
    for predicate in (
        lambda o: o.home_kommune == "101",
        lambda o: o.home_kommune != synth.BALLERUP,
    ):
        number = next((o.number for o in world.organisations if predicate(o)), None)
        if number and number not in numbers:
            numbers.append(number)
    return list(Organisation.objects.filter(number__in=numbers).select_related("home_kommune"))


def other_kommune_meeting(org: Organisation) -> Meeting:
    """A held 2023 meeting with an approved referat and two agreements, one of them overdue."""
    kommune = org.home_kommune
    by = User.objects.filter(memberships__kommune=kommune).first()
    meeting = services.create_meeting_from_template(
        kommune=kommune,
        organisation=org,
        styringsaar=2023,
        date=date(2023, 10, 5),
        start_time=time(13, 0),
        place=f"{kommune.name} Rådhus",
        by=by,
    )
    services.write_minutes(
        item=meeting.items.get(key="velkomst"), text=f"Kommunen bød {org.name} velkommen."
    )
    services.write_minutes(
        item=meeting.items.get(key="styringsrapport"),
        text="Styringsrapporten blev gennemgået uden bemærkninger.",
    )
    dept = org.departments.order_by("number").first()
    services.add_agreement(
        meeting=meeting,
        agenda_item=meeting.items.get(key="styringsrapport"),
        by=by,
        responsible_side="organisation",
        text="Organisationen sender en opdateret vedligeholdelsesplan",
        deadline=date(2024, 3, 1),
        departments=[dept] if dept else [],
    )
    done = services.add_agreement(
        meeting=meeting,
        agenda_item=meeting.items.get(key="anvisning"),
        by=by,
        responsible_side="kommune",
        text="Kommunen sender den nye anvisningsaftale til underskrift",
        deadline=date(2023, 12, 1),
    )
    services.change_agreement_status(agreement=done, status="opfyldt", by=None)
    services.mark_meeting_held(meeting=meeting, by=by, at=_at(date(2023, 10, 5), 15))
    services.send_referat_to_organisation(meeting=meeting, by=by)
    services.approve_referat(meeting=meeting, by=by)
    return meeting


__all__ = ["load_demo", "load_seed_meeting"]
