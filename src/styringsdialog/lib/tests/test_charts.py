"""lib.charts: grouped bars and lines as accessible inline SVG, Danish ticks, cached by digest."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache

from styringsdialog.lib import charts
from styringsdialog.lib.charts import Reference, Series, bar_svg, line_svg

NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _ticks(svg: str) -> list[str]:
    """The text of every tick label (matplotlib's groups are id'd 'xtick_n'/'ytick_n')."""
    root = ET.fromstring(svg)
    out = []
    for g in root.iter(f"{NS}g"):
        if re.match(r"[xy]tick_\d+", g.get("id", "")):
            out += ["".join(t.itertext()).strip() for t in g.iter(f"{NS}text")]
    return out


def test_bar_chart_is_an_image_with_title_desc_and_integer_danish_ticks():
    svg = bar_svg(
        categories=["Grøn", "Gul", "Rød"],
        series=[Series("Afdelinger", (1200, 3, 0))],
        unit="Afdelinger",
        integer=True,
        chart_id="c1",
        title="Afdelinger pr. farve",
        description="Grøn: 1.200; gul: 3; rød: 0.",
    )
    assert svg.startswith("<svg ") and 'role="img"' in svg
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Afdelinger pr. farve</title>' in svg
    assert "style=" not in svg and "<style" not in svg  # CSP: no inline CSS
    ticks = [t for t in _ticks(svg) if t not in ("Grøn", "Gul", "Rød")]
    assert ticks[0] == "0"  # the value axis starts at 0
    assert "1.200" in ticks or "1.000" in ticks  # '.' groups thousands
    assert all("," not in t for t in ticks)  # counts: whole numbers only


def test_small_counts_get_whole_ticks_only():
    svg = bar_svg(
        categories=["Kladde", "Afsluttet"],
        series=[Series("Møder", (1, 2))],
        unit="Antal",
        integer=True,
        chart_id="c2",
        title="t",
        description="d",
    )
    values = [t for t in _ticks(svg) if t not in ("Kladde", "Afsluttet")]
    assert values and all(re.fullmatch(r"\d+", t) for t in values), values


def test_line_chart_decimal_comma_band_and_reference():
    svg = line_svg(
        years=[2021, 2022, 2023],
        series=[Series("Henlæggelser", (10.5, None, 12.25))],
        band=("Kritiske værdier", (5.0, 5.5, 6.0), (15.0, 15.5, 16.0)),
        references=[Reference("Norm", 11.0)],
        unit="kr./m²",
        chart_id="c3",
        title="Henlæggelser",
        description="2021: 10,5",
    )
    ET.fromstring(svg)  # well-formed
    ticks = _ticks(svg)
    assert {"2021", "2022", "2023"} <= set(ticks)
    assert "0" in ticks or "0,0" in ticks
    assert all("." not in t for t in ticks if not t.isdigit())
    assert "Norm" in svg and "Kritiske værdier" in svg


def test_a_chart_is_drawn_once_for_the_same_data(monkeypatch):
    drawn: list[int] = []
    real = charts._bars

    def counting(*args):  # type: ignore[no-untyped-def]
        drawn.append(1)
        return real(*args)

    monkeypatch.setattr(charts, "_bars", counting)

    def draw(value: float) -> str:
        return bar_svg(
            categories=["A"],
            series=[Series("s", (value,))],
            unit="u",
            chart_id="c",
            title="t",
            description="d",
        )

    first = draw(1)
    assert draw(1) == first and len(drawn) == 1
    draw(2)
    assert len(drawn) == 2  # new data, new key


def test_fractional_ticks_use_the_decimal_comma_and_large_ones_the_thousands_point():
    small = line_svg(
        years=[2022, 2023],
        series=[Series("s", (0.25, 1.75))],
        unit="%",
        chart_id="c4",
        title="t",
        description="d",
    )
    values = [t for t in _ticks(small) if t not in ("2022", "2023")]
    assert any("," in t for t in values) and not any("." in t for t in values), values
    large = line_svg(
        years=[2022, 2023],
        series=[Series("s", (1500.0, 250000.0))],
        unit="kr.",
        chart_id="c5",
        title="t",
        description="d",
    )
    values = [t for t in _ticks(large) if t not in ("2022", "2023")]
    assert "100.000" in values or "200.000" in values, values
