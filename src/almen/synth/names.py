"""Plausible Danish names for organisations, departments and streets, and valid CVR numbers.

All names are generated; a resemblance to a real organisation or department is a coincidence
(except the seed world, which is deliberately real: Almenbo in Ballerup).
"""

from __future__ import annotations

import numpy as np

# Tree, nature and direction words that Danish housing estates are named after.
PREFIXES: tuple[str, ...] = tuple(
    "Lunde Birke Ege Bøge Ahorn Aske Elme Linde Hassel Pile Rosen Syren Sol Skov Hede Mølle"
    " Eng Kilde Bakke Sø Strand Kær Mose Nørre Vester Sønder Øster Kirke Præste Ager Lærke"
    " Svane Stor Fugle Rønne Tjørne Hyld Kløver Lyng Vinde Grantofte Blomster Æble Valmue"
    " Høje Gransko Fælled Dam".split()
)
SUFFIXES: tuple[str, ...] = tuple(
    "bjerg lund parken gården haven vænget høj toften bakken engen holm husene vang dal"
    " gårdene hegnet løkken marken".split()
)
STREET_SUFFIXES: tuple[str, ...] = tuple("vej vej vej gade allé stien parken vænge".split())
DIRECTIONS: tuple[str, ...] = ("", "", "", " Nord", " Syd", " Øst", " Vest")
BO_WORDS: tuple[str, ...] = tuple(
    "Vestbo Østbo Nordbo Sydbo Fjordbo Skovbo Engbo Kystbo Søbo Bakkebo Lyngbo Hedebo"
    " Ådalsbo Egebo Bøgebo Lindebo Åbo Strandbo".split()
)
ORG_TEMPLATES: tuple[str, ...] = (
    "Boligselskabet {p}{d}",
    "{p}{d} Almennyttige Boligselskab",
    "Boligforeningen {p}{d}",
    "{p}{d} Boligselskab",
    "Arbejdernes Andels-Boligforening {p}",
    "Almennyttigt Andelsboligselskab {p}{d}",
    "Boligselskabet af {y}, {p}",
    "Boligforeningen af {y}, {p}",
    "Boligselskabet {bo}, {p}",
    "Boligforeningen {bo}",
    "Den Almennyttige Boligforening {p}{d}",
    "Ungdomsboligselskabet {p}",
)


def cvr_check_ok(cvr: str) -> bool:
    """True if an 8-digit CVR number passes the modulus-11 check."""
    weights = (2, 7, 6, 5, 4, 3, 2, 1)
    return (
        len(cvr) == 8
        and cvr.isdigit()
        and sum(int(c) * w for c, w in zip(cvr, weights, strict=True)) % 11 == 0
    )


def cvr_numbers(rng: np.random.Generator, n: int, taken: set[str]) -> list[str]:
    """``n`` distinct CVR numbers with a valid mod-11 check digit, none in ``taken``."""
    weights = np.array([2, 7, 6, 5, 4, 3, 2])
    out: list[str] = []
    seen = set(taken)
    while len(out) < n:
        first = rng.integers(1, 10, size=(2 * n + 8, 1))
        rest = rng.integers(0, 10, size=(2 * n + 8, 6))
        digits = np.hstack([first, rest])
        check = (-(digits @ weights)) % 11
        for row, c in zip(digits, check, strict=True):
            if c == 10:
                continue
            cvr = "".join(map(str, row)) + str(int(c))
            if cvr not in seen:
                seen.add(cvr)
                out.append(cvr)
                if len(out) == n:
                    break
    return out


def organisation_name(rng: np.random.Generator, place: str, taken: set[str]) -> str:
    """A plausible organisation name mentioning ``place``, not in ``taken`` (which is updated)."""
    for _ in range(200):
        template = ORG_TEMPLATES[int(rng.integers(len(ORG_TEMPLATES)))]
        name = template.format(
            p=place,
            d=DIRECTIONS[int(rng.integers(len(DIRECTIONS)))],
            y=int(rng.integers(1912, 1975)),
            bo=BO_WORDS[int(rng.integers(len(BO_WORDS)))],
        )
        if name not in taken:
            taken.add(name)
            return name
    raise RuntimeError(f"could not name another organisation in {place}")


def department_name(rng: np.random.Generator, taken: set[str]) -> str:
    """An estate-style name ("Egelund", "Solhøj"), not in ``taken`` (which is updated)."""
    for _ in range(100):
        name = (
            PREFIXES[int(rng.integers(len(PREFIXES)))] + SUFFIXES[int(rng.integers(len(SUFFIXES)))]
        )
        if name not in taken:
            taken.add(name)
            return name
    base = PREFIXES[int(rng.integers(len(PREFIXES)))] + SUFFIXES[int(rng.integers(len(SUFFIXES)))]
    n = 2
    while f"{base} {n}" in taken:
        n += 1
    taken.add(f"{base} {n}")
    return f"{base} {n}"


def street_address(rng: np.random.Generator, town: str) -> str:
    """'Birkevej 14, Ballerup': a street, a house number and the kommune's name."""
    prefix = PREFIXES[int(rng.integers(len(PREFIXES)))]
    street = prefix + STREET_SUFFIXES[int(rng.integers(len(STREET_SUFFIXES)))]
    return f"{street} {int(rng.integers(1, 120))}, {town}"
