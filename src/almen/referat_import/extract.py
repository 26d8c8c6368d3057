"""Text out of a referat file: PDF (text layer, pypdf), DOCX (python-docx), HTML (stdlib) and text.

``extract_text(data, filename)`` returns the text with one line per line of the source, pages
joined, page headers, footers and page numbers removed. Anything that is not a readable referat
raises ``ReferatFileError`` with a Danish message; no other exception escapes, whatever the bytes.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections import Counter
from html.parser import HTMLParser
from typing import Any, Literal

MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_PAGES = 400
MAX_TEXT_CHARS = 2_000_000

Format = Literal["pdf", "docx", "html", "txt"]


class ReferatFileError(ValueError):
    """The file cannot be read as a referat; ``str(error)`` is a Danish sentence for the user."""


def detect_format(data: bytes, filename: str = "") -> Format:
    name = filename.lower()
    head = data[:1024].lstrip()
    if data.startswith(b"%PDF") or (b"%PDF-" in data[:1024]):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if (
        data.startswith(b"MZ")
        or data.startswith(b"\x7fELF")
        or data.startswith(b"\xd0\xcf\x11\xe0")
    ):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise ReferatFileError(
                "Filen er et gammelt Word-dokument (.doc). Gem den som .docx eller PDF og prøv igen."
            )
        raise ReferatFileError(
            "Filen er et program, ikke et referat. Vælg en PDF-, Word-, HTML- eller tekstfil."
        )
    lowered = head[:200].lower()
    if name.endswith((".htm", ".html")) or lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    if name.endswith((".pdf", ".docx")):
        kind = "PDF" if name.endswith(".pdf") else "Word"
        raise ReferatFileError(
            f"Filen hedder .{name.rsplit('.', 1)[-1]}, men er ikke en {kind}-fil."
        )
    return "txt"


def extract_text(data: bytes, filename: str = "") -> tuple[str, Format]:
    """(text, format) of the file; raises ``ReferatFileError`` for anything unreadable."""
    if not data or not data.strip():
        raise ReferatFileError("Filen er tom.")
    if len(data) > MAX_FILE_BYTES:
        raise ReferatFileError(
            f"Filen er for stor ({len(data) // (1024 * 1024)} MB); grænsen er "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB."
        )
    fmt = detect_format(data, filename)
    try:
        if fmt == "pdf":
            pages = _pdf_pages(data)
        elif fmt == "docx":
            pages = [_docx_text(data)]
        elif fmt == "html":
            pages = [_html_text(_decode(data))]
        else:
            pages = _decode(data).split("\f")
    except ReferatFileError:
        raise
    except Exception as exc:  # a damaged file: the libraries raise many kinds of errors
        kind = {"pdf": "PDF", "docx": "Word", "html": "HTML", "txt": "tekst"}[fmt]
        raise ReferatFileError(
            f"Filen kunne ikke læses som {kind}-fil; den er måske beskadiget."
        ) from exc
    text = "\n".join(strip_page_furniture(pages))
    if len(text) > MAX_TEXT_CHARS:
        raise ReferatFileError("Filen indeholder for meget tekst til at være et referat.")
    if not text.strip():
        if fmt == "pdf":
            raise ReferatFileError(
                "PDF-filen har ingen tekst (den er måske en scanning); kun PDF med tekstlag kan læses."
            )
        raise ReferatFileError("Filen indeholder ingen tekst.")
    return text, fmt


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data:
        raise ReferatFileError(
            "Filen er ikke en tekstfil. Vælg en PDF-, Word-, HTML- eller tekstfil."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text[:5000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 20:
        raise ReferatFileError(
            "Filen er ikke en tekstfil. Vælg en PDF-, Word-, HTML- eller tekstfil."
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- PDF -------------------------------------------------------------------------------------


def _pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:
                raise ReferatFileError("PDF-filen er beskyttet med adgangskode.") from exc
        if len(reader.pages) > MAX_PAGES:
            raise ReferatFileError(f"PDF-filen har over {MAX_PAGES} sider.")
        return [page.extract_text() or "" for page in reader.pages]
    except PdfReadError as exc:
        raise ReferatFileError(
            "Filen kunne ikke læses som PDF-fil; den er måske beskadiget."
        ) from exc


# --- DOCX ------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_text(data: bytes) -> str:
    from docx import Document

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "word/document.xml" not in names:
                raise ReferatFileError("Filen er et zip-arkiv, men ikke et Word-dokument (.docx).")
            if sum(i.file_size for i in archive.infolist()) > 20 * MAX_FILE_BYTES:
                raise ReferatFileError("Word-dokumentet er for stort udpakket.")
    except zipfile.BadZipFile as exc:
        raise ReferatFileError(
            "Filen kunne ikke læses som Word-fil; den er måske beskadiget."
        ) from exc
    document = Document(io.BytesIO(data))
    numbering = _Numbering(document)
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            text = _paragraph_text(child)
            prefix = numbering.prefix(child)
            lines.append(f"{prefix}{text}" if text.strip() else "")
            lines.append("")
        elif child.tag == f"{_W}tbl":
            for row in child.iter(f"{_W}tr"):
                cells = [
                    " ".join(_paragraph_text(p) for p in tc.iter(f"{_W}p")).strip()
                    for tc in row.iter(f"{_W}tc")
                ]
                lines.append(" | ".join(cells))
            lines.append("")
    return "\n".join(lines)


def _paragraph_text(p: object) -> str:
    parts: list[str] = []
    for node in p.iter():  # type: ignore[attr-defined]
        if node.tag == f"{_W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{_W}tab":
            parts.append(" ")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts)


class _Numbering:
    """Word's automatic list numbers ("1.", "a)") as text, so lists read like typed numbers."""

    def __init__(self, document: object) -> None:
        self.formats: dict[tuple[str, int], tuple[str, str]] = {}
        self.counters: dict[tuple[str, int], int] = {}
        # a list style ("List Number") numbers its paragraphs through the style's own numPr
        self.style_numbering: dict[str, Any] = {}
        try:
            styles = document.styles.element  # type: ignore[attr-defined]
            own: dict[str, Any] = {}
            based: dict[str, str] = {}
            for style in styles.iter(f"{_W}style"):
                sid = style.get(f"{_W}styleId", "")
                found = style.find(f"{_W}pPr/{_W}numPr")
                if found is not None:
                    own[sid] = found
                parent = style.find(f"{_W}basedOn")
                if parent is not None:
                    based[sid] = parent.get(f"{_W}val", "")
            for sid in set(own) | set(based):
                current, seen = sid, set()
                while current and current not in own and current not in seen:
                    seen.add(current)
                    current = based.get(current, "")
                if current in own:
                    self.style_numbering[sid] = own[current]
        except Exception:  # a damaged styles part: no list numbers from styles
            self.style_numbering = {}
        try:
            part = document.part.numbering_part  # type: ignore[attr-defined]
        except Exception:  # no numbering part
            return
        root = part.element
        abstract: dict[str, dict[int, tuple[str, str]]] = {}
        for an in root.iter(f"{_W}abstractNum"):
            levels: dict[int, tuple[str, str]] = {}
            for lvl in an.iter(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                txt = lvl.find(f"{_W}lvlText")
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    fmt.get(f"{_W}val", "") if fmt is not None else "",
                    txt.get(f"{_W}val", "") if txt is not None else "",
                )
            abstract[an.get(f"{_W}abstractNumId", "")] = levels
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(f"{_W}val", ""), {}).items():
                self.formats[(num.get(f"{_W}numId", ""), ilvl)] = spec

    def prefix(self, p: object) -> str:
        num_pr = p.find(f"{_W}pPr/{_W}numPr")  # type: ignore[attr-defined]
        if num_pr is None:
            style = p.find(f"{_W}pPr/{_W}pStyle")  # type: ignore[attr-defined]
            num_pr = (
                self.style_numbering.get(style.get(f"{_W}val", "")) if style is not None else None
            )
        if num_pr is None:
            return ""
        ilvl_el, num_el = num_pr.find(f"{_W}ilvl"), num_pr.find(f"{_W}numId")
        ilvl = int(ilvl_el.get(f"{_W}val", "0")) if ilvl_el is not None else 0
        num_id = num_el.get(f"{_W}val", "") if num_el is not None else ""
        fmt, text = self.formats.get((num_id, ilvl), ("", ""))
        if fmt not in ("decimal", "lowerLetter", "upperLetter"):
            return "- " if fmt == "bullet" else ""
        key = (num_id, ilvl)
        self.counters[key] = self.counters.get(key, 0) + 1
        for deeper in [k for k in self.counters if k[0] == num_id and k[1] > ilvl]:
            del self.counters[deeper]
        out = text or f"%{ilvl + 1}."
        for level in range(ilvl + 1):
            value = self.counters.get((num_id, level), 1)
            lf, _ = self.formats.get((num_id, level), ("decimal", ""))
            rendered = (
                chr(ord("a") + value - 1)
                if lf == "lowerLetter"
                else chr(ord("A") + value - 1)
                if lf == "upperLetter"
                else str(value)
            )
            out = out.replace(f"%{level + 1}", rendered)
        return out + " "


# --- HTML ------------------------------------------------------------------------------------

_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "table",
    "ul",
    "ol",
    "br",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "main",
    "body",
}
_SKIP = {"script", "style", "head", "nav", "header", "footer", "noscript", "template", "svg"}


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.lists: list[list[object]] = []  # [kind, type, counter]
        self.cells: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        if tag in ("ol", "ul"):
            kind = dict(attrs).get("type") or "1"
            self.lists.append([tag, kind, 0])
        if tag in _BLOCK and tag not in ("td", "th"):
            self.out.append("\n\n" if tag in ("p", "h1", "h2", "h3", "h4", "li", "table") else "\n")
        if tag == "li" and self.lists:
            entry = self.lists[-1]
            entry[2] = int(str(entry[2])) + 1
            n = int(str(entry[2]))
            if entry[0] == "ol":
                label = chr(ord("a") + n - 1) if entry[1] == "a" else str(n)
                self.out.append(f"{label}. ")
            else:
                self.out.append("- ")
        if tag in ("td", "th"):
            self.out.append(" | " if self.out and not self.out[-1].endswith("\n") else "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        if tag in _BLOCK:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(re.sub(r"\s+", " ", data))


def _html_text(source: str) -> str:
    parser = _HtmlText()
    parser.feed(source)
    parser.close()
    text = "".join(parser.out)
    lines = [line.strip() for line in text.split("\n")]
    lines = ["" if set(line) <= {" ", "|"} else line for line in lines]
    out: list[str] = []
    for line in lines:  # one blank line between blocks, as between the paragraphs of a DOCX
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out)


# --- headers, footers, page numbers ---------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"^\s*(?:(?:side|s\.|page)\s*\d+(?:\s*(?:af|/|of)\s*\d+)?|-?\s*\d{1,3}\s*-?|\d{1,3}\s*/\s*\d{1,3})\s*$",
    re.IGNORECASE,
)


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.strip().lower()))


def strip_page_furniture(pages: list[str]) -> list[str]:
    """Pages without repeated headers/footers (lines at the top or bottom of most pages, digits
    ignored) and without page-number lines ("3", "- 3 -", "Side 3 af 20", "3/20")."""
    split = [page.replace("\r\n", "\n").split("\n") for page in pages]
    if len(split) >= 2:
        edges: Counter[str] = Counter()
        for lines in split:
            content = [line for line in lines if line.strip()]
            edges.update({_shape(line) for line in content[:2] + content[-2:]})
        threshold = max(2, int(len(split) * 0.6))
        repeated = {shape for shape, n in edges.items() if n >= threshold}
        if repeated:
            split = [_strip_edges(lines, repeated) for lines in split]
    out: list[str] = []
    for lines in split:
        out.append("\n".join(line for line in lines if not _PAGE_NUMBER.match(line)))
    return out


def _strip_edges(lines: list[str], repeated: set[str]) -> list[str]:
    idx = [i for i, line in enumerate(lines) if line.strip()]
    drop = {i for i in idx[:2] + idx[-2:] if _shape(lines[i]) in repeated}
    return [line for i, line in enumerate(lines) if i not in drop]
