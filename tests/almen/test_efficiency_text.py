"""Colours, Danish number formats, the seed's range phrase and explanations."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import numpy as np
import pytest

from almen.efficiency import (
    DEFAULT_SCALE,
    ColourScale,
    DepartmentCosts,
    Parameters,
    explain,
    fdh,
    format_kr,
    format_number,
    format_pct,
    range_phrase,
)


def test_the_range_phrase_reads_like_the_ballerup_referat():
    assert range_phrase([75, 98]) == "fra 75 (gul) til 98 (grøn)"
    assert range_phrase(np.array([80.4, 97.6, 74.5])) == "fra 75 (gul) til 98 (grøn)"
    assert range_phrase([64, 64]) == "64 (rød)"
    with pytest.raises(ValueError):
        range_phrase([])


@pytest.mark.parametrize(
    ("score", "colour"),
    [
        (100, "groen"),
        (90, "groen"),
        (89.5, "groen"),
        (89.4, "gul"),
        (70, "gul"),
        (69.49, "roed"),
        (0, "roed"),
    ],
)
def test_default_cut_offs_classify_the_shown_number(score, colour):
    assert DEFAULT_SCALE.classify(score) == colour


def test_the_default_scale_declares_itself_unofficial_and_is_versioned():
    assert (
        DEFAULT_SCALE.provenance == "Ikke officielle grænser – de officielle er ikke offentliggjort"
    )
    assert DEFAULT_SCALE.version and DEFAULT_SCALE.valid_from == date(2021, 1, 1)
    strict = ColourScale(version="test", green_from=95, yellow_from=80)
    assert strict.label(90) == "gul" and strict.label(79) == "rød"
    with pytest.raises(ValueError):
        ColourScale(green_from=60, yellow_from=70)


def test_danish_number_formats():
    assert format_number(1234567.891, 1) == "1.234.567,9"
    assert format_pct(20.0) == "20 %"
    assert format_pct(20.34) == "20,3 %"
    assert format_kr(1234567.5) == "1.234.568 kr."


def make(unit):
    unit = np.asarray(unit, dtype=float)
    n = len(unit)
    return DepartmentCosts.from_arrays(
        ids=["0045-001", "0045-002", "0045-003"][:n],
        costs=unit * 10,
        dwellings=[10] * n,
        area_m2=[800] * n,
        region=["1084"] * n,
        housing_type=["familie"] * n,
    )


def test_explain_names_best_practice_the_gap_and_the_binding_account():
    result = fdh(make([[100] * 7, [80, 90, 70, 60, 75, 85, 50], [0] * 7]), Parameters(min_peers=0))
    names = {"0045-002": "afd. 002 Kirstinelund (org 0045)"}
    assert explain(result, 0, names) == (
        "Bedste praksis er afd. 002 Kirstinelund (org 0045): mindst 10 % billigere på alle konti; "
        "bindende konto 110 Energiforbrug fællesarealer. Effektiviseringspotentiale 700 kr."
    )
    assert explain(result, 1).startswith("Afdelingen er selv bedste praksis")
    assert explain(result, 2) == (
        "Ikke beregnet: udgift på 0 kr. på en benchmarket kontogruppe "
        "(kontogruppe 109, 110, 111, 112.1, 114, 115, 117.h)."
    )


def test_explain_rounds_the_guaranteed_gap_down():
    result = fdh(make([[100] * 7, [80.06] * 7]), Parameters(min_peers=0))
    assert "mindst 19,9 % billigere" in explain(result, 0)


def test_explain_mentions_a_widened_peer_group():
    result = fdh(make([[100] * 7, [50] * 7]), Parameters(min_peers=30))
    assert "Kun 1 andre sammenlignelige afdelinger" in explain(result, 0)


def test_the_almen_package_imports_without_django():
    code = (
        "import sys, almen.efficiency, almen.keyfigures; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'styringsdialog')]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
