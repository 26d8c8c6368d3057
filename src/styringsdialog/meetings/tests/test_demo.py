"""The demo loader: the seed meeting exactly as the referat of 27 May 2021, and more."""

from __future__ import annotations

from datetime import date

import pytest

from almen import synth
from styringsdialog.demo.users import create_demo_users, demo_users
from styringsdialog.meetings.agenda import agenda_tree, flatten
from styringsdialog.meetings.demo import load_demo
from styringsdialog.meetings.models import Agreement, Case, Meeting
from styringsdialog.registry.services import load_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(fast_password_hashing):
    world = synth.generate(seed=2021, scale="small")
    load_world(world, source_name="test")
    other = next(o.number for o in world.organisations if o.home_kommune != "151")
    create_demo_users(demo_users(synth.ALMENBO_NUMBER, other))
    meeting = load_demo(world=world, progress=None)
    return world, meeting


def test_seed_meeting_has_the_referats_header(seed):
    meeting = seed[1]
    assert (meeting.kommune.code, meeting.organisation.name, meeting.date) == (
        "151",
        "Almenbo",
        date(2021, 5, 27),
    )
    assert (meeting.styringsaar, meeting.regnskabsaar) == (2021, 2020)
    assert (meeting.status, meeting.referat_status) == ("held", "approved")
    assert meeting.held_at.date() == date(2021, 5, 27)


def test_seed_meeting_agenda_matches_the_referat(seed):
    labels = [(n.label, n.item.title) for n in flatten(agenda_tree(seed[1]))]
    assert labels == [
        ("1", "Covid-19"),
        ("2", "Årets temaer"),
        ("2.a", "Hjælpemidler til ældre og handicappede borgere"),
        ("2.b", "LAR-projekter – lokale regnvandsløsninger på boligafdelingens udearealer"),
        ("3", "Gennemgang af styringsrapport for 2020"),
        ("4", "Status for aktuelle sager om boligafdelingerne"),
        ("5", "Gennemgang af kvarterprofiler"),
        ("6", "Anvisning – samarbejde med boligkontoret"),
        ("7", "Eventuelt"),
        ("7.a", "Registrering af boliger i Landsbyggefondens stamdata og BBR"),
    ]


def test_seed_minutes_are_copied_and_dehyphenated(seed):
    items = {n.label: n.item for n in flatten(agenda_tree(seed[1]))}
    covid = items["1"].minutes
    assert covid.startswith(
        "Torben orienterede om Covid-19, der lige nu ligger på et acceptabelt niveau og fordeler sig jævnt i hele Ballerup Kommune."
    )
    assert covid.count("\n\n") == 2
    assert "så længe som muligt" in items["2.a"].minutes
    assert "Effektiviseringstallene ligger fra 75 (gul) til 98 (grøn)." in items["3"].minutes
    assert "De opsparede henlæggelser er lavere end benchmarktallene." in items["3"].minutes
    assert "sagen er sendt til Geodatastyrelsen." in items["4"].minutes
    assert "Der var ikke bemærkninger til profilerne." in items["5"].minutes
    assert (
        "overensstemmelse i antallet af almene boliger, opgjort i Landsbyggefondens stamdata og Danmarks Statistik"
        in items["7.a"].minutes
    )
    for item in items.values():
        assert "-\n" not in item.minutes and "  " not in item.minutes
    assert items["2"].minutes == "" and items["7"].minutes == ""


def test_seed_participants_themes_and_agreements(seed):
    meeting = seed[1]
    assert [(p.name, p.side) for p in meeting.participants.all()] == [
        ("Torben", "kommune"),
        ("Claus", "organisation"),
        ("Lisbet", "organisation"),
    ]
    assert list(
        meeting.kommune.year_themes.filter(styringsaar=2021).values_list("title", flat=True)
    ) == [
        "Hjælpemidler til ældre og handicappede borgere",
        "LAR-projekter – lokale regnvandsløsninger på boligafdelingens udearealer",
    ]
    labels = {n.item.pk: n.label for n in flatten(agenda_tree(meeting))}
    got = {(a.text, a.responsible_side, labels[a.agenda_item_id]) for a in meeting.agreements.all()}
    assert got == {
        ("Oplysningerne sendes til Almenbo", "kommune", "7.a"),
        ("Almenbo tager det med ved evt. kommende projekter", "organisation", "2.b"),
        ("Materialet om energitilskuddet sendes til Ballerup Kommune", "organisation", "4"),
    }


def test_seed_cases_with_timeline(seed):
    cases = {
        c.title: c
        for c in Case.objects.filter(department__organisation__number=synth.ALMENBO_NUMBER)
    }
    defects = cases["Mangler og forsinkede udearealer i nye boliger"]
    assert (defects.department.name, defects.category) == ("Lundebjerg", "byggeri_mangler")
    entries = list(defects.entries.all())
    assert [e.date for e in entries] == [date(2020, 8, 1), date(2021, 5, 27), date(2021, 6, 9)]
    assert "kompensation på tre måneders leje" in entries[1].text
    assert (
        cases["Nye matrikler – sagen sendt til Geodatastyrelsen"].category == "matrikulaere_forhold"
    )
    balconies = cases["Ny etape med opsætning af altaner"]
    assert (balconies.department.name, balconies.category) == ("Kirstinelund", "renovering")
    item = defects.links.get().agenda_item
    assert item is not None
    assert item.title == "Status for aktuelle sager om boligafdelingerne"


def test_follow_up_meeting_and_other_kommuner(seed):
    almenbo_2022 = Meeting.objects.get(organisation__number=synth.ALMENBO_NUMBER, styringsaar=2022)
    assert almenbo_2022.referat_status == "sent"
    carried = Agreement.objects.get(styringsaar=2022, carried_from__isnull=False)
    assert carried.carried_from is not None  # filtered on carried_from__isnull=False
    assert carried.meeting == almenbo_2022 and carried.carried_from.status == "videreført"
    assert Meeting.objects.exclude(kommune__code="151").exists()
    assert Agreement.objects.overdue().exists()
    assert Meeting.objects.filter(
        organisation__number=synth.ALMENBO_NUMBER, status="planned"
    ).exists()


def test_loading_twice_changes_nothing(seed):
    world, _ = seed
    before = Meeting.objects.count()
    assert load_demo(world=world, progress=None) is None
    assert Meeting.objects.count() == before
