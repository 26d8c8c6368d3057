"""Inline SVG without inline CSS: matplotlib's style="" and <style> become SVG attributes."""

from __future__ import annotations

import pytest

from styringsdialog.lib.svg import presentation_attributes

MATPLOTLIB_LIKE = (
    '<svg width="10pt" xmlns="http://www.w3.org/2000/svg">\n'
    ' <defs>\n  <style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>\n </defs>\n'
    ' <path d="M 0 0" style="fill: none; stroke: #0059b3; stroke-width: 1.5; stroke-linejoin: miter"/>\n'
    " <text style=\"font-size: 9px; font-family: 'DejaVu Sans', sans-serif; text-anchor: end\">1</text>\n"
    "</svg>"
)


def test_style_attributes_become_presentation_attributes():
    svg = presentation_attributes(MATPLOTLIB_LIKE)
    assert "style" not in svg
    assert (
        '<path d="M 0 0" fill="none" stroke="#0059b3" stroke-width="1.5" stroke-linejoin="miter"/>'
        in svg
    )
    assert 'font-family="\'DejaVu Sans\', sans-serif" text-anchor="end"' in svg


def test_universal_rules_move_to_the_root_where_an_elements_own_attribute_still_wins():
    svg = presentation_attributes(MATPLOTLIB_LIKE)
    assert svg.startswith('<svg stroke-linejoin="round" stroke-linecap="butt" width="10pt"')
    assert 'stroke-linejoin="miter"' in svg  # the path keeps its own value


@pytest.mark.parametrize(
    "svg",
    [
        '<svg><path style="transform: rotate(3deg)"/></svg>',
        "<svg><style>path { fill: red }</style></svg>",
    ],
)
def test_css_without_an_svg_attribute_is_refused_rather_than_dropped(svg):
    with pytest.raises(ValueError):
        presentation_attributes(svg)


def test_a_quote_in_a_value_cannot_end_the_attribute():
    svg = presentation_attributes('<svg><text style="font-family: &quot;A&quot;"/></svg>')
    assert svg == '<svg><text font-family="&quot;A&quot;"/></svg>'
