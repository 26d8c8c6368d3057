"""The rendered chart SVGs: Danish tick labels, whole-number counts, labels inside the picture,
text alternatives and the data table beside each chart (issue 17, item 1)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.urls import reverse

from almen.efficiency import ColourScale
from styringsdialog.benchmarking import charts
from styringsdialog.lib.svg import danish_ticks
from styringsdialog.registers.charts import indicator_svg

SVG = "{http://www.w3.org/2000/svg}"


def ticks(svg: str, axis: str) -> list[str]:
    """The tick label texts of ``axis`` ("x" or "y"), in drawing order; a wrapped label (one
    ``<text>`` per line) joined with newlines."""
    root = ET.fromstring(svg[svg.index("<svg") :])
    out = []
    for group in root.iter(f"{SVG}g"):
        if re.fullmatch(rf"{axis}tick_\d+", group.get("id", "")):
            lines = ["".join(t.itertext()).strip() for t in group.iter(f"{SVG}text")]
            out.append("\n".join(line for line in lines if line))
    return [t for t in out if t]


def view_box(svg: str) -> tuple[float, float]:
    root = ET.fromstring(svg[svg.index("<svg") :])
    *_, width, height = (float(v) for v in root.get("viewBox", "").split())
    return width, height


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


SCALE = ColourScale(version="test", green_from=90, yellow_from=70)


def test_the_histogram_counts_departments_in_whole_numbers():
    svg = charts.distribution_svg([91, 92, 75], SCALE)  # at most 2 in one bin
    labels = ticks(svg, "y")
    assert labels and all(re.fullmatch(r"\d+", t) for t in labels), labels
    assert labels[0] == "0" and "2" in labels
    assert ticks(svg, "x")[:3] == ["0", "10", "20"]


def test_the_histogram_bins_are_its_table():
    bins = charts.distribution_bins([0, 4, 5, 69.6, 70, 89, 90, 100], SCALE)
    assert len(bins) == 20 and bins[0].label == "0–4" and bins[-1].label == "95–100"
    assert (bins[0].roed, bins[1].roed) == (2, 1)
    assert bins[13].roed == 0 and bins[14].gul == 2  # 69,6 is shown as 70, so gul
    assert (bins[17].gul, bins[18].groen, bins[19].groen) == (1, 1, 1)
    assert sum(b.total for b in bins) == 8


def test_large_counts_use_danish_thousands_separators():
    svg = charts.distribution_svg([95] * 2500, SCALE)
    labels = ticks(svg, "y")
    assert "2.000" in labels and not any("," in t for t in labels), labels


def test_decimal_ticks_use_a_comma_and_the_same_number_of_decimals():
    svg = indicator_svg(years=[2020, 2021, 2022], values=[1.0, 1.5, 1.85], unit="×")
    labels = ticks(svg, "y")
    assert labels[0] == "0,0" and "1,5" in labels, labels
    assert all(re.fullmatch(r"\d,\d", t) for t in labels)
    assert ticks(svg, "x") == ["2020", "2021", "2022"]


def test_the_danish_formatter_uses_the_fewest_decimals_that_show_every_tick():
    from matplotlib.figure import Figure

    axis = Figure().subplots().yaxis
    danish_ticks(axis)
    fmt = axis.get_major_formatter()
    assert fmt.format_ticks([1.5, 1.75, 2.0]) == ["1,50", "1,75", "2,00"]
    assert fmt.format_ticks([0, 1000, 2000]) == ["0", "1.000", "2.000"]
    assert fmt.format_ticks([-0.5, 0.0]) == ["\N{MINUS SIGN}0,5", "0,0"]


def test_the_konti_chart_keeps_long_account_names_inside_the_picture():
    long_name = "Almindelig og planlagt vedligeholdelse og fornyelser af bygninger og anlæg"
    labels = {"114": "114 Renholdelse", "116": f"116 {long_name}"}
    per_account = {"114": {"own": 1500.0, "peer": 1200.0}, "116": {"own": 2600.0, "peer": 2100.0}}
    svg = charts.accounts_svg(per_account, labels, "116", "kr./bolig")
    names = ticks(svg, "y")
    assert names[0] == "114 Renholdelse"
    assert names[1].replace("\n", " ") == f"116 {long_name} (bindende)"
    assert all(len(line) <= charts.LABEL_WIDTH for line in names[1].split("\n"))
    # every label starts inside the drawing (the tight bounding box makes room for it)
    root = ET.fromstring(svg[svg.index("<svg") :])
    for text in root.iter(f"{SVG}text"):
        found = re.search(r"translate\(([-\d.]+)", text.get("transform", ""))
        x = float(found.group(1)) if found else float(text.get("x", "-1"))
        assert 0 <= x <= view_box(svg)[0]
    assert "2.000" in ticks(svg, "x")


def test_the_indicator_chart_starts_at_zero_and_has_a_text_alternative():
    svg = indicator_svg(
        years=[2021, 2022],
        values=[52.0, 55.0],
        threshold=50.0,
        chart_id="chart-non_western_pct",
        title="Linjediagram: indvandrere pr. år",
        description="Afdelingen: 2021: 52,0 %; 2022: 55,0 %.",
    )
    assert ticks(svg, "y")[0] == "0"
    assert 'role="img"' in svg and "aria-hidden" not in svg
    assert 'aria-labelledby="chart-non_western_pct-title chart-non_western_pct-desc"' in svg
    root = ET.fromstring(svg)
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == "Linjediagram: indvandrere pr. år"
    assert desc is not None and desc.text == "Afdelingen: 2021: 52,0 %; 2022: 55,0 %."
    assert list(root)[0] is title  # the first child, as SVG wants it


@pytest.mark.django_db
def test_the_list_page_has_the_histogram_table_beside_the_chart(bm_run, bm_world, client_for):
    html = (
        client_for(bm_world.users["caseworker_ballerup"])
        .get(reverse("benchmarking:kommune", args=["151"]))
        .content.decode()
    )
    figure = html.index('<figure class="app-chart">')
    table = html.index('id="distribution-table"')
    assert figure < table < figure + 2000
    assert 'alt="Søjlediagram over effektivitetstallene' in html
    assert "Antal afdelinger pr. interval af effektivitetstal" in html
    assert '<th scope="row">95–100</th>' in html
    svg = (
        client_for(bm_world.users["caseworker_ballerup"])
        .get(reverse("benchmarking:kommune_chart", args=["151"]))
        .content.decode()
    )
    assert all(re.fullmatch(r"\d+", t) for t in ticks(svg, "y"))


@pytest.mark.django_db
def test_the_department_page_has_alt_text_and_the_table_of_the_konti_chart(
    bm_run, bm_world, client_for
):
    client = client_for(bm_world.users["almenbo_staff"])
    html = client.get(reverse("benchmarking:department", args=["0151", "010"])).content.decode()
    table = html.index("<caption>Afdelingens udgift og bedste praksis' udgift pr. kontogruppe")
    assert table < html.index('alt="Søjlediagram: afdelingens udgift')
    svg = client.get(
        reverse("benchmarking:department_chart", args=["0151", "010"])
    ).content.decode()
    assert ticks(svg, "x") and not any("," in t for t in ticks(svg, "x"))


def test_the_standalone_svgs_carry_a_title_and_a_description():
    svg = charts.distribution_svg([91, 92, 75], SCALE)
    root = ET.fromstring(svg[svg.index("<svg") :])
    title, desc = list(root)[:2]
    assert title.tag == f"{SVG}title" and "effektivitetstal" in (title.text or "")
    assert desc.tag == f"{SVG}desc"
    assert desc.text == (
        "Antal afdelinger pr. interval på 5 point: 75–79: 1 (0 røde, 1 gule, 0 grønne); "
        "90–94: 2 (0 røde, 0 gule, 2 grønne)."
    )
    svg = charts.accounts_svg(
        {"114": {"own": 1500.0, "peer": 1200.0}}, {"114": "114 Renholdelse"}, "114", "kr./bolig"
    )
    root = ET.fromstring(svg[svg.index("<svg") :])
    assert (
        root[1].text
        == "Afdelingen mod bedste praksis: 114 Renholdelse (bindende): 1.500 mod 1.200."
    )
