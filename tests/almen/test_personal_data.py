"""Known answers for the personal-data detector (issue 16, item 4), false-positive guards included."""

from __future__ import annotations

from pathlib import Path

import pytest

from almen.personal_data import (
    REDACTED,
    find_personal_data,
    finding_key,
    mask,
    redact,
    valid_cpr_date,
)

SEED = Path("/work/shared/seed/referat-dialogmoede-ballerup-almenbo-2021-05-27.txt")


def hits(text: str, **kw: object) -> list[tuple[str, str]]:
    return [(f.kind, f.value) for f in find_personal_data(text, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lejer 120345-1234 klager", [("cpr", "120345-1234")]),
        ("cpr 1203451234.", [("cpr", "1203451234")]),
        ("Ring 44 77 20 00", [("phone", "44 77 20 00")]),
        ("tlf. +45 44772000", [("phone", "+45 44772000")]),
        ("tlf. 4477 2000", [("phone", "4477 2000")]),
        ("skriv til a.b@ballerup.dk.", [("email", "a.b@ballerup.dk")]),
        ("Bor på Lundebjerggårdsvej 12, 2. th.", [("address", "Lundebjerggårdsvej 12")]),
        ("i Ballerup Byvej 3B", [("address", "Ballerup Byvej 3B")]),
        (
            "Hold Allé 7 og Kirkestræde 19",
            [("address", "Hold Allé 7"), ("address", "Kirkestræde 19")],
        ),
    ],
)
def test_known_hits(text: str, expected: list[tuple[str, str]]) -> None:
    assert hits(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Henlæggelserne er 1.234.567 kr. i 2021",
        "Et beløb på 12345678 kr og 23456789 kroner",
        "Mødet 27.05.2021 og 27052021 og 20210527",
        "Styringsårene 2021 2022",
        "afd. 008 Lundebjerg og afd. 12",
        "Parken 2021 blev renoveret",
        "320145-1234 er ingen dato",
        "131345-1234 har måned 13",
        "Lejen er 1234,56 kr/m2 i 2021, 99,5 %",
        "Kontonummer 12345678901234",
        "side 12 af 30",
        "Renovering 2 er afsluttet, forbedring 3 følger",
        "Alle 3 afdelinger og alle 12 boliger",
        "punkt 4 på dagsordenen, afd. 12 Lundebjerg",
        "",
    ],
)
def test_false_positive_guards(text: str) -> None:
    assert hits(text) == []


def test_the_seed_referat_has_no_hits() -> None:
    if not SEED.exists():
        pytest.skip("seed referat not available")
    assert hits(SEED.read_text(encoding="utf-8")) == []


def test_cpr_century_rules() -> None:
    assert valid_cpr_date("29", "02", "00", "4000")  # 2000 is a leap year
    assert not valid_cpr_date("29", "02", "00", "0000")  # 1900 is not
    assert not valid_cpr_date("31", "04", "80", "1234")


def test_party_names_are_found_case_insensitive_whole_words() -> None:
    text = "Søren  Hansen klagede; SØREN HANSEN igen; Sørensen Hansensen ikke"
    assert hits(text, party_names=["Søren Hansen"]) == [
        ("name", "Søren  Hansen"),
        ("name", "SØREN HANSEN"),
    ]


def test_keys_are_per_distinct_value_and_hide_the_value() -> None:
    assert finding_key("cpr", "120345-1234") == finding_key("cpr", "1203451234")
    assert finding_key("phone", "+45 44772000") == finding_key("phone", "44 77 20 00")
    assert "1203451234" not in finding_key("cpr", "120345-1234")


def test_context_never_shows_a_cpr_number() -> None:
    text = "Lejer 120345-1234 og 230456-4321 ringede fra 44772000"
    for f in find_personal_data(text):
        assert "1234" not in f.context and "4321" not in f.context
        assert "44772000" not in f.context
    assert mask("cpr", "120345-1234") == "••••••-••••"


def test_redact_only_the_chosen_keys() -> None:
    text = "Lejer 120345-1234 på Lundebjerggårdsvej 12"
    key = finding_key("cpr", "120345-1234")
    assert redact(text, [key]) == f"Lejer {REDACTED} på Lundebjerggårdsvej 12"
    assert redact(text, []) == text
