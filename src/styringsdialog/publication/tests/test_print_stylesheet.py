"""The PDF's CSS reaches WeasyPrint as a stylesheet (print.html has no inline <style>): A4 page
boxes with the kommune, the meeting date, the version and page numbers, and the referat's CSS."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from styringsdialog.publication.document import ReferatDocument
from styringsdialog.publication.rendering import (
    REFERAT_CSS,
    render_print_css,
    render_print_html,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(seed_meeting, publish, real_pdf):
    return publish(seed_meeting)


def test_the_page_boxes_of_the_stylesheet_are_in_the_pdf(version):
    reader = PdfReader(io.BytesIO(version.pdf))
    first = reader.pages[0].extract_text()
    assert "Ballerup Kommune" in first and "Referat 27.05.2021" in first
    assert "Version 1" in first and f"Side 1 af {len(reader.pages)}" in first
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points


def test_the_print_document_has_no_inline_css_and_the_stylesheet_has_the_referat_css(version):
    doc = ReferatDocument.from_snapshot(version.snapshot)
    html = render_print_html(doc)
    css = render_print_css(doc)
    assert "<style" not in html and "style=" not in html
    assert "@page" in css and '"Version 1"' in css
    assert REFERAT_CSS.read_text(encoding="utf-8").strip() in css
