"""The referat as a Word file (python-docx), with the same content as the HTML and the PDF."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table

from styringsdialog.publication.document import ReferatDocument

LANGUAGE = "da-DK"


def render_docx(doc: ReferatDocument) -> bytes:
    """A4 DOCX: header with the kommune, the referat, a footer with the version."""
    word = Document()
    _setup(word, doc)
    _front(word, doc)
    _participants(word, doc)
    for item in doc.items:
        word.add_heading(f"{item.label} {item.title}", level=1 if item.level == 0 else 2)
        for paragraph in item.paragraphs:
            _text_paragraph(word, paragraph)
        if item.decision_paragraphs:
            word.add_paragraph().add_run("Beslutning:").bold = True
            for paragraph in item.decision_paragraphs:
                _text_paragraph(word, paragraph)
    _followup(word, doc)
    _agreements(word, doc)
    _cases(word, doc)
    _footer_note(word, doc)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _setup(word: DocxDocument, doc: ReferatDocument) -> None:
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(25), Mm(22)
    section.top_margin, section.bottom_margin = Mm(25), Mm(22)
    normal = word.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    for style in word.styles:
        rpr = style.element.get_or_add_rPr() if hasattr(style.element, "get_or_add_rPr") else None
        if rpr is not None:
            _set_language(rpr)
    section.header.paragraphs[0].text = doc.kommune_name
    footer = section.footer.paragraphs[0]
    footer.text = _version_line(doc) + " · Side "
    _field(footer, "PAGE", "1")
    footer.add_run(" af ")
    _field(footer, "NUMPAGES", "1")
    props = word.core_properties
    props.title = f"{doc.title}, {doc.date_text.lower()}"
    props.author = doc.kommune_name
    props.subject = "Styringsdialog"
    props.keywords = f"styringsdialog, referat, {doc.organisation_names}"
    props.language = LANGUAGE


def _field(paragraph: Any, instruction: str, placeholder: str) -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) Word fills in when it lays out the pages;
    ``placeholder`` is shown until then."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
        run = paragraph.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _set_language(rpr: Any) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)


def _front(word: DocxDocument, doc: ReferatDocument) -> None:
    word.add_paragraph(doc.kommune_name).runs[0].bold = True
    word.add_heading("Referat", level=0)
    word.add_paragraph(doc.subtitle).runs[0].bold = True
    word.add_paragraph(doc.date_text).runs[0].bold = True
    if doc.when_where:
        word.add_paragraph(doc.when_where[0].upper() + doc.when_where[1:])


def _participants(word: DocxDocument, doc: ReferatDocument) -> None:
    groups = doc.participant_groups()
    if not groups:
        return
    word.add_heading("Deltagere", level=1)
    for group in groups:
        word.add_heading(group.heading, level=3)
        for p in group.participants:
            word.add_paragraph(f"{p.name}, {p.title}" if p.title else p.name, style="List Bullet")


def _text_paragraph(word: DocxDocument, text: str) -> None:
    paragraph = word.add_paragraph()
    for i, line in enumerate(text.split("\n")):
        if i:
            paragraph.runs[-1].add_break()  # keep the author's line breaks inside a paragraph
        paragraph.add_run(line)


def _table(word: DocxDocument, headers: list[str], rows: list[list[str]], caption: str) -> Table:
    word.add_paragraph(caption).runs[0].italic = True
    table = word.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    _repeat_header(table)
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    return table


def _repeat_header(table: Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _agreements(word: DocxDocument, doc: ReferatDocument) -> None:
    if not doc.agreements:
        return
    word.add_heading("Aftaler", level=1)
    rows = [
        [str(a.number), a.text, a.item_label or "–", a.responsible, a.deadline_text]
        for a in doc.agreements
    ]
    _table(word, ["Nr.", "Aftale", "Punkt", "Ansvarlig", "Frist"], rows, "Aftaler indgået på mødet")


def _followup(word: DocxDocument, doc: ReferatDocument) -> None:
    if not doc.followup:
        return
    word.add_heading("Opfølgning på tidligere aftaler", level=1)
    rows = [
        [str(f.styringsaar), f.text, f.responsible, f.deadline_text, f.status] for f in doc.followup
    ]
    _table(
        word,
        ["År", "Aftale", "Ansvarlig", "Frist", "Status"],
        rows,
        "Aftaler fra tidligere dialogmøder og deres status ved mødet",
    )


def _cases(word: DocxDocument, doc: ReferatDocument) -> None:
    if not doc.cases:
        return
    word.add_heading("Sager drøftet på mødet", level=1)
    rows = [[c.department, c.title, c.category, c.status] for c in doc.cases]
    _table(word, ["Afdeling", "Sag", "Kategori", "Status"], rows, "Sager om boligafdelingerne")


def _version_line(doc: ReferatDocument) -> str:
    pub = doc.publication
    if doc.preview:
        return f"Forhåndsvisning – bliver version {pub.number}. Referatet er ikke offentliggjort."
    by = f" af {pub.published_by}" if pub.published_by else ""
    return f"Version {pub.number}, offentliggjort {pub.published_text}{by}, {doc.kommune_name}."


def _footer_note(word: DocxDocument, doc: ReferatDocument) -> None:
    pub = doc.publication
    word.add_paragraph()
    word.add_paragraph(_version_line(doc)).runs[0].italic = True
    if pub.change_note:
        word.add_paragraph(f"Ændringsnote: {pub.change_note}")
    if pub.previous:
        older = ", ".join(f"version {n} ({when})" for n, when in pub.previous)
        word.add_paragraph(f"Tidligere versioner: {older}.")
