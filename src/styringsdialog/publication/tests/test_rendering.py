"""One snapshot, three outputs: the HTML page, the PDF (read back with pypdf) and the DOCX."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from styringsdialog.publication.document import ReferatDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(seed_meeting, publish, real_pdf):
    return publish(seed_meeting)


def _pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def _style_name(paragraph: Paragraph) -> str:
    style = paragraph.style
    assert style is not None
    return style.name


def test_the_pdf_reads_like_the_seed_referat(version):
    reader, text = _pdf_text(bytes(version.pdf))
    assert bytes(version.pdf).startswith(b"%PDF")
    assert "Referat" in text and "af dialogmøde mellem Almenbo og Ballerup Kommune" in text
    assert "Torsdag den 27. maj 2021" in text and "Kl. 13.00, Ballerup Rådhus" in text
    assert "Ballerup Kommune" in text and "Lundebjerg" in text
    for heading in (
        "1. Covid-19",
        "2. Årets temaer",
        "2.a Hjælpemidler",
        "3. Gennemgang af styringsrapport for 2020",
        "7. Eventuelt",
    ):
        assert heading in text
    assert "Fra Ballerup Kommune" in text and "Claus Almenbo, Driftschef" in text
    assert "Version 1, offentliggjort" in text


def test_the_pdf_has_the_agreements_table_with_responsible_and_deadline(version):
    _, text = _pdf_text(bytes(version.pdf))
    flat = re.sub(r"\s+", " ", text)
    assert "Aftaler" in flat and "Ansvarlig" in flat and "Frist" in flat
    assert "Almenbo (Claus)" in flat and "1. september 2021" in flat and "1. maj 2022" in flat


def test_the_pdf_is_a4_with_danish_metadata(version):
    reader, _ = _pdf_text(bytes(version.pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    metadata = reader.metadata
    assert metadata is not None and metadata.title is not None
    assert metadata.title.startswith("Referat af dialogmøde mellem Almenbo og Ballerup Kommune")
    assert metadata.author == "Ballerup Kommune"
    root = reader.trailer["/Root"].get_object()
    assert isinstance(root, DictionaryObject)
    assert root.get("/Lang") == "da"


def test_the_docx_has_the_same_content(version):
    word = Document(io.BytesIO(bytes(version.docx)))
    paragraphs = [p.text for p in word.paragraphs]
    assert "Referat" in paragraphs and "Torsdag den 27. maj 2021" in paragraphs
    assert "af dialogmøde mellem Almenbo og Ballerup Kommune" in paragraphs
    headings = [p.text for p in word.paragraphs if _style_name(p).startswith("Heading")]
    assert (
        "1. Covid-19" in headings
        and "2.a Hjælpemidler til ældre og handicappede borgere" in headings
    )
    table = word.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Nr.", "Aftale", "Punkt", "Ansvarlig", "Frist"]
    assert [c.text for c in table.rows[1].cells][3:] == ["Almenbo (Claus)", "1. september 2021"]
    assert word.sections[0].header.paragraphs[0].text == "Ballerup Kommune"
    footer = word.sections[0].footer.paragraphs[0]
    assert "Side 1 af 1" in footer.text  # placeholders until Word lays out the pages
    instructions = [t.text.strip() for t in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert word.core_properties.language == "da-DK"
    assert any("Lundebjerg" in p for p in paragraphs)


def test_the_page_shows_the_stored_html(client, version):
    html = client.get(version.referat.get_absolute_url()).content.decode()
    assert version.html in html
    assert (
        "Torsdag den 27. maj 2021" in html and '<h2 class="referat__item">1. Covid-19</h2>' in html
    )


def test_minutes_are_escaped_and_keep_paragraphs(world, caseworker, publish):
    from datetime import date

    from styringsdialog.publication.tests.conftest import ItemSpec, make_meeting

    items: list[ItemSpec] = [("Test", "<script>alert(1)</script>\n\nAnden linje\nsamme afsnit", [])]
    version = publish(make_meeting(world, on=date(2023, 3, 1), items=items))
    assert "<script>" not in version.html and "&lt;script&gt;" in version.html
    assert "<p>Anden linje<br>samme afsnit</p>" in version.html


def test_the_document_view_of_a_snapshot(version):
    doc = ReferatDocument.from_snapshot(version.snapshot)
    assert doc.date_text == "Torsdag den 27. maj 2021" and doc.time_text == "kl. 13.00"
    assert [g.heading for g in doc.participant_groups()] == ["Fra Ballerup Kommune", "Fra Almenbo"]
    with pytest.raises(ValueError, match="snapshot"):
        ReferatDocument.from_snapshot({**version.snapshot, "schema": 99})
