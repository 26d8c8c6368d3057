"""Render a referat from its snapshot: HTML (page and PDF share one template) and PDF.

The DOCX lives in ``docx_render``. All three take a ``ReferatDocument`` built from the same
snapshot, so the page, the PDF and the Word file say the same thing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from styringsdialog.publication.document import ReferatDocument
from styringsdialog.publication.docx_render import render_docx
from styringsdialog.publication.models import sha256_hex

BODY_TEMPLATE = "publication/referat/_body.html"
PRINT_TEMPLATE = "publication/referat/print.html"
PRINT_CSS_TEMPLATE = "publication/referat/print.css"
# The referat's own CSS: a static file (the pages link it; no inline styles under the CSP), read
# here for the PDF.
REFERAT_CSS = Path(__file__).resolve().parent / "static" / "publication" / "referat.css"

# WeasyPrint logs every unsupported CSS property at WARNING; the referat CSS is ours and checked.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


@dataclass(frozen=True)
class RenderedReferat:
    """The three outputs of one version, with their sha256."""

    html: str
    pdf: bytes
    docx: bytes

    @property
    def html_sha256(self) -> str:
        return sha256_hex(self.html.encode())

    @property
    def pdf_sha256(self) -> str:
        return sha256_hex(self.pdf)

    @property
    def docx_sha256(self) -> str:
        return sha256_hex(self.docx)


def render_html(doc: ReferatDocument) -> SafeString:
    """The referat as an HTML fragment (an ``<article>``), as stored and shown on the public page."""
    return mark_safe(
        render_to_string(BODY_TEMPLATE, {"doc": doc, "groups": doc.participant_groups()})
    )  # autoescaped template


def referat_css() -> SafeString:
    """The referat's own CSS (``static/publication/referat.css``), for the PDF."""
    return mark_safe(REFERAT_CSS.read_text(encoding="utf-8"))  # static file of ours


def _css_string(text: str) -> str:
    cleaned = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "").replace("\n", " ")
    return f'"{cleaned}"'


def render_print_html(doc: ReferatDocument, body: str | None = None) -> str:
    """A whole A4 HTML document around the body fragment: what WeasyPrint turns into the PDF."""
    body = body if body is not None else render_html(doc)
    return render_to_string(PRINT_TEMPLATE, {"doc": doc, "body": mark_safe(body)})


def render_print_css(doc: ReferatDocument) -> str:
    """The PDF's stylesheet: A4 page boxes with kommune, date and version, and the referat CSS."""
    context = {
        "doc": doc,
        "css_kommune": _css_string(doc.kommune_name),
        "referat_css": referat_css(),
    }
    return render_to_string(PRINT_CSS_TEMPLATE, context)


def render_pdf(doc: ReferatDocument, body: str | None = None) -> bytes:
    """The referat as a tagged A4 PDF (PDF/UA-1, so screen readers can follow it)."""
    from styringsdialog.lib.pdf_cache import cached_pdf

    html_text, css_text = render_print_html(doc, body), render_print_css(doc)

    def render() -> bytes:
        from weasyprint import CSS, HTML

        html = HTML(string=html_text, base_url=None)
        stylesheet = CSS(string=css_text, base_url=None)
        return html.write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1")

    # the same HTML and CSS are rendered once (lib.pdf_cache): the preview, downloaded again
    return cached_pdf(html_text, css_text, render)


ARCHIVAL_PDF_VARIANT = "pdf/a-2b"


def render_archival_pdf(doc: ReferatDocument) -> bytes:
    """The same referat as a PDF/A-2b for records management (ESDH export), not stored."""
    from weasyprint import CSS, HTML

    html = HTML(string=render_print_html(doc), base_url=None)
    stylesheet = CSS(string=render_print_css(doc), base_url=None)
    return html.write_pdf(stylesheets=[stylesheet], pdf_variant=ARCHIVAL_PDF_VARIANT)


def render_all(doc: ReferatDocument) -> RenderedReferat:
    body = str(render_html(doc))
    return RenderedReferat(html=body, pdf=render_pdf(doc, body), docx=render_docx(doc))
