"""History import (C13): known answers for the referat parser on the seed and on five referater
of our own making (tests/almen/fixtures/referater/, each as text, DOCX and PDF; two as HTML)."""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path

import pytest

from almen.referat_import import Proposal, ReferatFileError, read_referat
from almen.referat_import.extract import strip_page_furniture
from almen.referat_import.structure import parse_date, parse_referat

FIXTURES = Path(__file__).parent / "fixtures" / "referater"
SEED = FIXTURES / "seed-ballerup-almenbo-2021.txt"
SEED_DEPARTMENTS = [
    ("0611-001", "Lundebjerg"),
    ("0611-002", "Kirstinelund"),
    ("0611-003", "Grantoften"),
]
SEED_ORGANISATIONS = [("0611", "Almenbo"), ("0612", "Lejerbo")]


def read(name: str, **kwargs: object) -> Proposal:
    path = FIXTURES / name
    return read_referat(path.read_bytes(), path.name, **kwargs)  # type: ignore[arg-type]


def numbers(p: Proposal) -> list[str]:
    return [item.number for item in p.all_items()]


def flat(text: str) -> str:
    return " ".join(text.split())


# --- the seed --------------------------------------------------------------------------------


def seed(**kwargs: object) -> Proposal:
    return read(SEED.name, departments=SEED_DEPARTMENTS, organisations=SEED_ORGANISATIONS, **kwargs)


def test_seed_items_date_title_parties() -> None:
    p = seed()
    assert numbers(p) == ["1", "2", "2.a", "2.b", "3", "4", "5", "6", "7", "7.a"]
    assert [i.title for i in p.items][:3] == [
        "Covid-19",
        "Årets temaer",
        "Gennemgang af styringsrapport for 2020",
    ]
    assert p.items[1].children[1].title.startswith("LAR-projekter – lokale regnvandsløsninger")
    assert p.meeting_date == date(2021, 5, 27)
    assert p.title == "Referat af dialogmøde mellem Almenbo og Ballerup Kommune"
    assert (p.kommune_name, p.organisation_name, p.organisation) == (
        "Ballerup Kommune",
        "Almenbo",
        "0611",
    )
    assert p.file_format == "txt"


def test_seed_participants_found_in_the_text() -> None:
    p = seed()
    assert [x.name for x in p.participants] == ["Torben", "Claus", "Lisbet"]
    assert any("ingen deltagerliste" in w for w in p.warnings)


def test_seed_departments_linked() -> None:
    p = seed()
    assert [(d.mention, d.department) for d in p.departments] == [
        ("afd. Lundebjerg", "0611-001"),
        ("afd. Kirstinelund", "0611-002"),
    ]
    assert not [w for w in p.warnings if "Afdelingen" in w]


def test_seed_agreements() -> None:
    agreements = {(a.item, a.text): a.owner for a in seed().agreements}
    assert agreements[("7.a", "Oplysningerne sendes til Almenbo")] == "kommune"
    assert (
        agreements[("2.b", "Almenbo tager det med ved evt. kommende projekter")] == "organisation"
    )
    assert agreements[("4", "Materialet sendes til Ballerup Kommune")] == "organisation"
    assert len(agreements) == 3  # "sagen er sendt til Geodatastyrelsen" is past, not an agreement


JOINED = ("fordeler", "muligt", "velvilligt", "henlæggelser", "opførelsen", "Geodatastyrelsen",
          "bemærkninger", "overensstemmelse", "Danmarks")  # fmt: skip
KEPT = ("el-scooter", "el-scooteren", "LAR-projekter", "LAR-løsninger", "lar-løsning", "Covid-19")


def test_seed_every_sentence_present_after_dehyphenation() -> None:
    p = seed()
    body = flat(" ".join(f"{i.title} {i.text}" for i in p.all_items()))
    for word in JOINED + KEPT:
        assert re.search(rf"\b{re.escape(word)}\b", body), word
    assert not re.search(r"\w- \w", body.replace("LAR- og", ""))  # no hyphen left mid-sentence
    # every sentence of the source, its line breaks undone by hand, is in some item
    source = SEED.read_text(encoding="utf-8")
    lines = [line.strip() for line in source.splitlines() if line.strip()]
    text = ""
    for line in lines[3:]:
        if re.match(r"^(?:\d\.|[a-z]\.) [A-ZÆØÅ]", line):
            text += "\n"
            continue
        if text.endswith("-") and line[0].islower() and not text.endswith(("el-", "LAR-")):
            text = text[:-1] + line
        else:
            text += " " + line
    sentences = [
        s.strip() for s in re.split(r"(?<=[a-zæøå0-9)])\. (?=[A-ZÆØÅ0-9])", flat(text)) if s.strip()
    ]
    assert len(sentences) > 50
    missing = [s for s in sentences if s.rstrip(".") not in body]
    assert missing == []


def test_seed_paragraphs_kept() -> None:
    first = seed().items[0].text.split("\n\n")
    assert first == [
        "Torben orienterede om Covid-19, der lige nu ligger på et acceptabelt niveau og fordeler sig"
        " jævnt i hele Ballerup Kommune.",
        "Kontaktpersonerne i boligselskaberne mødes jævnligt og koordinerer evt. indsatser.",
        "Ballerup Kommune vil gerne rette en stor tak til boligorganisationerne og deres"
        " kontaktpersoner, der har været meget hjælpsomme.",
    ]


@pytest.mark.parametrize("ext", ["docx", "pdf"])
def test_seed_as_docx_and_pdf_reads_the_same(ext: str) -> None:
    text = seed()
    other = read(
        f"seed-ballerup-almenbo-2021.{ext}",
        departments=SEED_DEPARTMENTS,
        organisations=SEED_ORGANISATIONS,
    )
    assert other.file_format == ext
    assert numbers(other) == numbers(text)
    assert [i.title for i in other.all_items()] == [i.title for i in text.all_items()]
    assert [flat(i.text) for i in other.all_items()] == [flat(i.text) for i in text.all_items()]
    assert [(a.item, a.text, a.owner) for a in other.agreements] == [
        (a.item, a.text, a.owner) for a in text.agreements
    ]
    assert other.departments == text.departments
    assert other.meeting_date == text.meeting_date and other.title == text.title


# --- five referater of our own making ---------------------------------------------------------

EXPECTED = {
    "a-hvidovre-kaeret-2023": {
        "date": date(2023, 11, 14),
        "time": time(10, 0),
        "org": "Boligselskabet Kæret",
        "kommune": "Hvidovre Kommune",
        "items": ["1", "2", "3", "3.1", "3.2", "4"],
        "participants": [
            ("Mette Holm", "kommune", "sagsbehandler"),
            ("Jens Bak", "kommune", "teamleder"),
            ("Anne Lund", "organisation", "direktør"),
            ("Per Dahl", "organisation", "driftschef"),
        ],
        "agreements": [
            (
                "Kæret fremsender den opdaterede vedligeholdelsesplan senest 1. marts 2024",
                "organisation",
                date(2024, 3, 1),
                "3.2",
            ),
        ],  # fmt: skip
        "decisions": {"3.1": "Kommunen tager orienteringen til efterretning."},
        "departments": [
            ("afd. 7 Havtornen", "0101-007"),
            ("afdeling 3, Solbakken", "0101-003"),
            ("afd. 12 Engparken", None),
        ],  # fmt: skip
        "words": ["tagudskiftning", "forlænget"],
    },
    "b-gladsaxe-bo-vita-2022": {
        "date": date(2022, 10, 3),
        "time": time(13, 0),
        "org": "Bo-Vita",
        "kommune": "Gladsaxe Kommune",
        "items": ["1", "2", "3", "4"],
        "participants": [
            ("Karin Møller", "kommune", "kommunens tilsyn"),
            ("Ole Friis", "organisation", "direktør, Bo-Vita"),
            ("Lone Skov", "organisation", "økonomichef, Bo-Vita"),
        ],
        "agreements": [
            ("Bo-Vita sender effektiviseringsplanen", "organisation", date(2022, 12, 1), "2"),
            ("Kommunen sender tilsynsnotatet", "kommune", date(2022, 11, 15), "3"),
        ],
        "decisions": {"3": "Henlæggelserne drøftes igen næste år."},
        "departments": [("afd. Bakkehuset", "0101-011")],
        "words": ["besparelse"],
    },
    "c-roskilde-fsb-2024": {
        "date": date(2024, 4, 10),
        "time": time(9, 30),
        "org": "Boligforeningen Fjordhøj",
        "kommune": "Roskilde Kommune",
        "items": ["1", "2", "2.a", "2.b", "3"],
        "participants": [
            ("Sofie Krogh", "kommune", "fuldmægtig"),
            ("Henrik Lind", "kommune", "chef for boligområdet"),
            ("Birgit Nørgaard", "organisation", "formand"),
            ("Thomas Vang", "organisation", "forretningsfører"),
        ],
        "agreements": [
            ("Fjordhøj undersøger mulighederne for grønne tage", "organisation", None, "2.a"),
            (
                "Roskilde Kommune indkalder til næste møde senest 1. februar 2025",
                "kommune",
                date(2025, 2, 1),
                "3",
            ),
        ],
        "decisions": {},
        "departments": [("afdeling 2, Vigen", "0101-002")],
        "words": ["LAR-løsninger", "præsentationsrunde"],
    },
    "d-koege-toften-2024": {
        "date": date(2024, 11, 21),
        "time": None,
        "org": "Boligselskabet Toften",
        "kommune": "Køge Kommune",
        "items": ["1", "2", "2.a", "2.b", "3"],
        "participants": [
            ("Lars Bech", "kommune", "sagsbehandler, Køge Kommune"),
            ("Maria Juhl", "organisation", "direktør, Boligselskabet Toften"),
        ],
        "agreements": [
            (
                "Kommunen sender opgørelsen over anvisninger inden 15. januar 2025",
                "kommune",
                date(2025, 1, 15),
                "2.b",
            ),
        ],
        "decisions": {},
        "departments": [("afd. Toften", "0101-001"), ("afd. 4 Lyngen", "0101-004")],
        "words": ["økonomiske", "udskiftningen", "el-forbruget", "el-tavler"],
    },
    "e-gentofte-lyngby-2020": {
        "date": date(2020, 6, 2),
        "time": None,
        "org": "Lyngby Boligselskab",
        "kommune": "Gentofte Kommune",
        "items": ["1", "2", "3"],
        "participants": [
            ("Eva Dam", "kommune", "konsulent, Kommunen"),
            ("Niels Holt", "organisation", "direktør, Lyngby Boligselskab"),
        ],
        "agreements": [
            (
                "Lyngby Boligselskab fremsender regnskabet for 2019 senest 1. september 2020",
                "organisation",
                date(2020, 9, 1),
                "2",
            ),
        ],  # fmt: skip
        "decisions": {},
        "departments": [("Afd. 1 Holmegården", "0101-001"), ("afdeling 5, Strandparken", None)],
        "words": ["gennemført", "energirenovering"],
    },
}
DEPARTMENTS = [
    ("0101-001", "Holmegården"), ("0101-001", "Toften"), ("0101-002", "Vigen"), ("0101-003", "Solbakken"),
    ("0101-004", "Lyngen"), ("0101-007", "Havtornen"), ("0101-011", "Bakkehuset"),
    ("0202-005", "Strandparken"), ("0202-012", "Engparken"),
]  # fmt: skip
CASES = [(name, ext) for name in EXPECTED for ext in ("txt", "docx", "pdf")] + [
    ("a-hvidovre-kaeret-2023", "html"),
    ("c-roskilde-fsb-2024", "html"),
]


@pytest.mark.parametrize(("name", "ext"), CASES)
def test_own_referater_known_answers(name: str, ext: str) -> None:
    want = EXPECTED[name]
    p = read(f"{name}.{ext}", departments=DEPARTMENTS, organisations=[("0101", str(want["org"]))])
    assert p.file_format == ext
    assert p.meeting_date == want["date"]
    assert p.start_time == want["time"]
    assert (p.organisation_name, p.kommune_name, p.organisation) == (
        want["org"],
        want["kommune"],
        "0101",
    )
    assert numbers(p) == want["items"]
    assert all(item.title and item.text for item in p.all_items() if not item.children)
    assert [(x.name, x.side, x.role) for x in p.participants] == want["participants"]
    assert [(a.text, a.owner, a.deadline, a.item) for a in p.agreements] == want["agreements"]
    assert {i.number: i.decision for i in p.all_items() if i.decision} == want["decisions"]
    assert [(d.mention, d.department) for d in p.departments] == want["departments"]
    body = " ".join(i.text for i in p.all_items())
    for word in want["words"]:  # type: ignore[attr-defined]
        assert re.search(rf"(?<![\wæøå-]){re.escape(word)}(?![\wæøå-])", body), word
    assert "Side " not in body and "Referat fra dialogmøde" not in body and "Forside" not in body


def test_referent_and_agenda_list_are_one_item_each() -> None:
    p = read("a-hvidovre-kaeret-2023.txt")
    assert [x.name for x in p.participants if x.referent] == ["Mette Holm"]
    assert [i.title for i in p.items] == [
        "Velkomst", "Opfølgning på sidste års aftaler", "Styringsrapporten for 2022", "Eventuelt",
    ]  # fmt: skip
    assert not any("Dagsorden" in w for w in p.warnings)


def test_agenda_item_without_minutes_is_kept_with_a_warning() -> None:
    text = "Referat\n\nDato: 1. marts 2022\n\nDagsorden\n1. Velkomst\n2. Budget\n3. Eventuelt\n\n"
    text += "1. Velkomst\nAlle blev budt velkommen.\n\n3. Eventuelt\nIntet."
    p = parse_referat(text)
    assert [(i.number, i.title, bool(i.text)) for i in p.items] == [
        ("1", "Velkomst", True), ("2", "Budget", False), ("3", "Eventuelt", True),
    ]  # fmt: skip
    assert "Punkt 2 står på dagsordenen, men har ingen tekst i referatet." in p.warnings


@pytest.mark.parametrize(
    ("heading", "number"),
    [("1. Velkomst", "1"), ("1) Velkomst", "1"), ("Ad 1. Velkomst", "1"), ("Pkt. 1 Velkomst", "1"),
     ("Punkt 1 Velkomst", "1"), ("Punkt 1: Velkomst", "1"), ("Ad pkt. 1 Velkomst", "1")],
)  # fmt: skip
def test_numbering_styles(heading: str, number: str) -> None:
    p = parse_referat(
        f"Referat\n\n{heading}\nTekst om punktet.\n\n{heading.replace('1', '2')}x\nMere tekst."
    )
    assert [(i.number, i.title) for i in p.items] == [(number, "Velkomst"), ("2", "Velkomstx")]


@pytest.mark.parametrize(
    "sub", ["a. Økonomi", "a) Økonomi", "1.a Økonomi", "1a. Økonomi", "1.1 Økonomi"]
)
def test_sub_item_styles(sub: str) -> None:
    second = sub.replace("a", "b", 1) if "a" in sub.split()[0] else sub.replace("1.1", "1.2")
    p = parse_referat(
        f"1. Temaer\n{sub}\nTekst.\n{second.replace('Økonomi', 'Drift')}\nTekst.\n2. Eventuelt\nIntet."
    )
    assert [i.number for i in p.all_items()][0] == "1" and len(p.items) == 2
    assert [c.title for c in p.items[0].children] == ["Økonomi", "Drift"]


def test_dates_in_prose_and_numbers_are_not_headings() -> None:
    p = parse_referat(
        "1. Status\nBeboerne flyttede ind fra\n1. august 2020 og der er\n2020 har været roligt.\n"
        "27. maj er en dato.\n2. Eventuelt\nIntet."
    )
    assert numbers(p) == ["1", "2"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Torsdag den 27. maj 2021", date(2021, 5, 27)), ("Mødedato: 14. november 2023", date(2023, 11, 14)),
     ("Dato: 03.10.2022, kl. 10.00", date(2022, 10, 3)), ("d. 5. jan. 2020", date(2020, 1, 5)),
     ("2024-02-29", date(2024, 2, 29)), ("31. februar 2024", None)],
)  # fmt: skip
def test_parse_date(text: str, expected: date | None) -> None:
    found = parse_date(text)
    assert (found[0] if found else None) == expected


def test_page_furniture_removed() -> None:
    pages = [
        "Almenbo · Referat\nTekst et\nSide 1 af 3",
        "Almenbo · Referat\nTekst to\n- 2 -",
        "Almenbo · Referat\nTre\n3",
    ]
    assert strip_page_furniture(pages) == ["Tekst et", "Tekst to", "Tre"]


def test_dehyphenation_uses_the_documents_own_words() -> None:
    p = parse_referat(
        "1. Punkt\nVi talte om el-\nscooteren og el-scooter. Lars kom-\nmer igen og LAR-\nprojekter."
    )
    assert "el-scooteren og el-scooter. Lars kommer igen og LAR-projekter." in p.items[0].text


# --- hostile input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "tom.txt", "Filen er tom."),
        (b"   \n\n", "tom.txt", "Filen er tom."),
        (b"MZ\x90\x00\x03" + bytes(200), "virus.exe", "Filen er et program"),
        (b"%PDF-1.7\n1 0 obj <<>> garbage", "ødelagt.pdf", "Filen kunne ikke læses som PDF-fil"),
        (b"PK\x03\x04garbage", "ødelagt.docx", "Filen kunne ikke læses som Word-fil"),
        (b"\xd0\xcf\x11\xe0" + bytes(100), "gammel.doc", "gammelt Word-dokument"),
        (b"\x00\x01\x02\x03" * 100, "data.bin", "ikke en tekstfil"),
        (b"hello", "referat.pdf", "ikke en PDF-fil"),
    ],
)
def test_unreadable_files_give_a_danish_error(data: bytes, filename: str, message: str) -> None:
    with pytest.raises(ReferatFileError, match=message):
        read_referat(data, filename)


def test_zip_that_is_not_a_docx() -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hej.txt", "hej")
    with pytest.raises(ReferatFileError, match="ikke et Word-dokument"):
        read_referat(buffer.getvalue(), "x.docx")


def test_truncated_pdf_and_prose_never_raise_other_errors() -> None:
    pdf = (FIXTURES / "a-hvidovre-kaeret-2023.pdf").read_bytes()
    for cut in (len(pdf) // 3, len(pdf) // 2, len(pdf) - 50):
        try:
            read_referat(pdf[:cut], "x.pdf")
        except ReferatFileError:
            pass
    p = read_referat(b"bare noget tekst uden struktur", "x.txt")
    assert [i.title for i in p.items] == ["Referat"]
    assert "Ingen dagsordenspunkter blev fundet; hele teksten er lagt i ét punkt." in p.warnings
    assert "Mødedatoen blev ikke fundet." in p.warnings


def test_cp1252_text_and_json_shape() -> None:
    p = read_referat(
        "Referat\n\nDato: 1. maj 2020\n\n1. Økonomi\nGodt år.".encode("cp1252"), "x.txt"
    )
    data = p.as_json()
    assert data["meeting_date"] == "2020-05-01" and data["items"][0]["title"] == "Økonomi"
    assert {"meeting_date", "title", "organisation", "participants", "items", "agreements", "departments",
            "warnings"} <= set(data)  # fmt: skip
    assert set(data["items"][0]) >= {"number", "title", "text", "decision", "children"}


def test_a_capital_after_afd_that_starts_a_sentence_is_not_a_department() -> None:
    p = parse_referat("Referat af dialogmøde mellem Almenbo og Ballerup Kommune\n\n1. Status\nVi så afd.\nDer er ting i afd. 7. Almenbo i afd. Almenbo. I afd. Lundebjerg er alt fint.")  # fmt: skip
    assert [d.mention for d in p.departments] == ["afd. 7", "afd. Lundebjerg"]


def test_mutated_files_never_raise_anything_but_referat_file_error() -> None:
    import random

    rnd = random.Random(13)
    sources = [
        p.read_bytes()
        for p in sorted(FIXTURES.iterdir())
        if p.suffix in (".pdf", ".docx", ".txt", ".html")
    ]
    words = ["1.", "a)", "Ad", "Pkt.", "Deltagere:", "Fra", "Kommune:", "afd.", "-", "\n", "\n\n", "Aftaler",
             "|", "senest", "1. maj 2020", "Beslutning:", "Referent:", "(", ")", ",", ";", "Dagsorden", "2.a"]  # fmt: skip
    for i in range(300):
        data = bytearray(rnd.choice(sources))
        if i % 3 == 0:
            for _ in range(rnd.randint(1, 20)):
                data[rnd.randrange(len(data))] = rnd.randrange(256)
        elif i % 3 == 1:
            data = data[: rnd.randrange(len(data) + 1)]
        else:
            data = bytearray(
                " ".join(rnd.choice(words) for _ in range(rnd.randint(0, 150))).encode()
            )
        try:
            p = read_referat(bytes(data), rnd.choice(["x.pdf", "x.docx", "x.txt", "x.html", "x"]))
        except ReferatFileError:
            continue
        assert isinstance(p.as_json(), dict)


def test_words_automatic_list_numbers_become_item_numbers() -> None:
    import io

    from docx import Document

    word = Document()
    word.add_paragraph("Referat af dialogmøde mellem Almenbo og Ballerup Kommune")
    word.add_paragraph("Dato: 1. marts 2022")
    for title in ("Velkomst", "Budget", "Eventuelt"):
        word.add_paragraph(title, style="List Number")
        word.add_paragraph(f"Der blev talt om {title.lower()}.")
    out = io.BytesIO()
    word.save(out)
    p = read_referat(out.getvalue(), "liste.docx")
    assert [(i.number, i.title, i.text) for i in p.items] == [
        ("1", "Velkomst", "Der blev talt om velkomst."),
        ("2", "Budget", "Der blev talt om budget."),
        ("3", "Eventuelt", "Der blev talt om eventuelt."),
    ]


def test_html_ordered_lists_are_numbered_and_navigation_skipped() -> None:
    page = (
        "<html><head><title>x</title><script>var a = '1. Nej';</script></head><body>"
        "<nav>1. Forside</nav><h1>Referat</h1><p>Mødedato: 2. juni 2020</p>"
        "<ol><li>Velkomst<p>Alle var der.</p></li><li>Temaer<ol type='a'><li>Klima<p>Tekst.</p></li>"
        "<li>Drift<p>Tekst.</p></li></ol></li></ol><footer>Side 1</footer></body></html>"
    )
    p = read_referat(page.encode(), "side.html")
    assert numbers(p) == ["1", "2", "2.a", "2.b"]
    assert p.meeting_date == date(2020, 6, 2) and "Forside" not in p.source_text


def test_department_numbers_are_resolved_only_within_one_organisation() -> None:
    text = "1. Status\nI afd. 12 Engparken og afd. 3 er der ro."
    many = [("0101-012", "Solhaven"), ("0202-003", "Toften"), ("0303-001", "Engen")]
    p = parse_referat(text, departments=many)
    assert [(d.mention, d.department) for d in p.departments] == [
        ("afd. 12 Engparken", None),
        ("afd. 3", None),
    ]
    p = parse_referat(
        text, departments=[("0202-003", "Toften"), ("0202-012", "Engparken")], organisation="0202"
    )
    assert [(d.mention, d.department) for d in p.departments] == [
        ("afd. 12 Engparken", "0202-012"),
        ("afd. 3", "0202-003"),
    ]


# --- participants resolved against the users the caller passes in -----------------------------

SEED_PEOPLE = [
    ("Torben", "kommune", "torben", None),
    ("Claus", "organisation", "claus", "0611"),
    ("Claus Madsen", "organisation", "claus-lejerbo", "0612"),  # staff of another organisation
]


def test_seed_participants_get_side_and_user_from_the_people_passed_in() -> None:
    p = seed(people=SEED_PEOPLE, organisation="0611")
    assert [(x.name, x.side, x.user) for x in p.participants] == [
        ("Torben", "kommune", "torben"),
        ("Claus", "organisation", "claus"),
        ("Lisbet", None, None),
    ]
    assert [x.as_json()["user"] for x in p.participants] == ["torben", "claus", None]
    assert any("Lisbet svarer ikke til nogen bruger" in w for w in p.warnings)
    assert any("ikke angivet for: Lisbet." in w for w in p.warnings)
    assert not any(("Torben" in w or "Claus" in w) and "bruger" in w for w in p.warnings)


def test_staff_count_only_for_the_meetings_organisation() -> None:
    p = seed(people=SEED_PEOPLE, organisation="0612")
    sides = {x.name: (x.side, x.user) for x in p.participants}
    assert sides["Claus"] == ("organisation", "claus-lejerbo")  # first name, the one of 0612
    assert sides["Torben"] == ("kommune", "torben")


def test_first_name_shared_by_several_users_is_a_warning_not_a_guess() -> None:
    people = [
        ("Torben Jensen", "kommune", "tj", None),
        ("Torben Hansen", "organisation", "th", "0611"),
        *SEED_PEOPLE[1:],
    ]
    p = seed(people=people, organisation="0611")
    torben = next(x for x in p.participants if x.name == "Torben")
    assert (torben.side, torben.user) == (None, None)
    assert any(
        "Torben kan være flere brugere (Torben Hansen, Torben Jensen)" in w for w in p.warnings
    )


def test_full_name_wins_and_a_stated_side_is_kept() -> None:
    text = (
        "Referat af styringsdialogmøde mellem Ballerup Kommune og Almenbo\n\n"
        "Dato: 14. november 2023\n\n"
        "Deltagere:\n"
        "Fra Ballerup Kommune: Mette Holm (sagsbehandler)\n"
        "Fra Almenbo: Ole Berg (direktør)\n\n"
        "1. Velkomst\n\nMette bød velkommen.\n"
    )
    people = [
        ("Mette Holm", "kommune", "mette", None),
        ("Mette Hansen", "kommune", "mh", None),
        ("Ole Berg", "kommune", "ole", None),  # a caseworker, while the text says Almenbo
    ]
    p = parse_referat(text, organisations=SEED_ORGANISATIONS, organisation="0611", people=people)
    got = {x.name: (x.side, x.user) for x in p.participants}
    assert got["Mette Holm"] == ("kommune", "mette")
    assert got["Ole Berg"] == ("organisation", None)
    assert any("Ole Berg er angivet fra boligorganisationen" in w for w in p.warnings)


def test_no_people_no_resolution() -> None:
    p = seed()
    assert all(x.user is None for x in p.participants)
    assert not any("svarer ikke til nogen bruger" in w for w in p.warnings)
