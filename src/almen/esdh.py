"""ESDH export packages (issue 16, item 5), Django-free: KLE validation, the metadata file in
JSON and XML, and a ZIP writer that streams each document to disk while hashing it.

A package is one ZIP with ``metadata.json``, ``metadata.xml`` and the documents under
``dokumenter/``. The format is documented in ``docs/reference/esdh.md`` (schema: the
``METADATA_SCHEMA`` JSON Schema below and ``docs/reference/esdh-metadata.xsd``).
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

FORMAT = "styringsdialog-esdh"
FORMAT_VERSION = 1
NAMESPACE = "urn:styringsdialog:esdh:1"
CHUNK = 1024 * 1024
DEFAULT_MAX_BYTES = 500 * 1024 * 1024
KLE_PATTERN = re.compile(r"^(\d{2})\.(\d{2})\.(\d{2})(?: ?([A-GP]\d{2}))?$")
JOURNAL_MAX = 60


class PackageTooLarge(Exception):
    """The documents together exceed the package's size limit."""


def clean_kle(value: str) -> str:
    """'20.00.00', '20.00.00 G01' (handlingsfacet) or ''. ``ValueError`` with a Danish message."""
    value = " ".join((value or "").split())
    if not value:
        return ""
    m = KLE_PATTERN.match(value.upper())
    if m is None:
        raise ValueError(
            f"»{value}« er ikke et KLE-nummer. Skriv emnet som NN.NN.NN, eventuelt efterfulgt "
            "af en handlingsfacet, fx »20.00.00« eller »20.00.00 G01«."
        )
    main = f"{m.group(1)}.{m.group(2)}.{m.group(3)}"
    return f"{main} {m.group(4)}" if m.group(4) else main


def clean_journal_number(value: str) -> str:
    value = " ".join((value or "").split())
    if len(value) > JOURNAL_MAX:
        raise ValueError(f"Journalnummeret må højst være {JOURNAL_MAX} tegn.")
    if value and not re.fullmatch(r"[\w./:-]+(?: [\w./:-]+)*", value):
        raise ValueError(
            "Journalnummeret må kun indeholde bogstaver, tal, mellemrum og tegnene . / : -"
        )
    return value


@dataclass(frozen=True)
class Source:
    """One document to put in the package: ``open`` returns a binary file object to stream."""

    filename: str
    mime_type: str
    title: str
    open: Callable[[], IO[bytes]]
    note: str = ""


@dataclass
class Document:
    filename: str
    mime_type: str
    title: str
    sha256: str
    size: int
    note: str = ""


@dataclass
class Metadata:
    record_type: str
    record_id: int
    title: str
    date: str
    kommune: str
    journal_number: str
    kle: str
    parties: list[dict[str, str]]
    created_at: str
    created_by: str
    documents: list[Document] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "record": {
                "type": self.record_type,
                "id": self.record_id,
                "title": self.title,
                "date": self.date,
                "kommune": self.kommune,
                "journal_number": self.journal_number,
                "kle": self.kle,
                "parties": self.parties,
            },
            "created_at": self.created_at,
            "created_by": self.created_by,
            "documents": [
                {
                    "filename": d.filename,
                    "mime_type": d.mime_type,
                    "title": d.title,
                    "sha256": d.sha256,
                    "size": d.size,
                    "note": d.note,
                }
                for d in self.documents
            ],
            "notes": self.notes,
        }

    def as_xml(self) -> str:
        def el(name: str, text: object) -> str:
            return f"<{name}>{escape(str(text))}</{name}>"

        parties = "".join(
            f"<party role={quoteattr(p.get('role', ''))}>{escape(p.get('name', ''))}</party>"
            for p in self.parties
        )
        docs = "".join(
            "<document>"
            + el("filename", d.filename)
            + el("mimeType", d.mime_type)
            + el("title", d.title)
            + el("sha256", d.sha256)
            + el("size", d.size)
            + el("note", d.note)
            + "</document>"
            for d in self.documents
        )
        notes = "".join(el("note", n) for n in self.notes)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<package xmlns="{NAMESPACE}" formatVersion="{FORMAT_VERSION}">'
            f'<record type={quoteattr(self.record_type)} id="{self.record_id}">'
            + el("title", self.title)
            + el("date", self.date)
            + el("kommune", self.kommune)
            + el("journalNumber", self.journal_number)
            + el("kle", self.kle)
            + f"<parties>{parties}</parties></record>"
            + el("createdAt", self.created_at)
            + el("createdBy", self.created_by)
            + f"<documents>{docs}</documents><notes>{notes}</notes></package>\n"
        )


def safe_filename(name: str, taken: set[str]) -> str:
    """A plain file name for the ZIP (no folders, no control characters), unique in ``taken``."""
    base = re.sub(r"[^\w.() -]", "_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(" .")
    base = base[:120] or "dokument"
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    candidate, n = base, 2
    while candidate.casefold() in taken:
        candidate = f"{stem}-{n}.{ext}" if ext else f"{stem}-{n}"
        n += 1
    taken.add(candidate.casefold())
    return candidate


def write_package(
    target: IO[bytes],
    metadata: Metadata,
    sources: Iterable[Source],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Metadata:
    """Write the ZIP to ``target`` (a file on disk): each document is copied in chunks of 1 MiB
    while its sha256 and size are computed, then ``metadata.json`` and ``metadata.xml`` are
    added. Raises ``PackageTooLarge`` past ``max_bytes`` of documents."""
    taken: set[str] = {"metadata.json", "metadata.xml"}
    total = 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        for source in sources:
            name = safe_filename(source.filename, taken)
            digest, size = hashlib.sha256(), 0
            with source.open() as src, zf.open(f"dokumenter/{name}", "w", force_zip64=True) as dst:
                while chunk := src.read(CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    if total > max_bytes:
                        raise PackageTooLarge(
                            f"Pakken bliver større end {max_bytes // (1024 * 1024)} MB."
                        )
                    digest.update(chunk)
                    dst.write(chunk)
            metadata.documents.append(
                Document(
                    f"dokumenter/{name}",
                    source.mime_type,
                    source.title,
                    digest.hexdigest(),
                    size,
                    source.note,
                )
            )
        zf.writestr(
            "metadata.json", json.dumps(metadata.as_json(), ensure_ascii=False, indent=2) + "\n"
        )
        zf.writestr("metadata.xml", metadata.as_xml())
    return metadata


METADATA_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "urn:styringsdialog:esdh:1:metadata.json",
    "title": "Styringsdialog ESDH-pakke, metadata.json",
    "type": "object",
    "required": ["format", "format_version", "record", "created_at", "created_by", "documents"],
    "additionalProperties": False,
    "properties": {
        "format": {"const": FORMAT},
        "format_version": {"const": FORMAT_VERSION},
        "record": {
            "type": "object",
            "required": ["type", "id", "title", "date", "kommune", "journal_number", "kle"],
            "additionalProperties": False,
            "properties": {
                "type": {"type": "string", "pattern": "^[a-z_]+$"},
                "id": {"type": "integer", "minimum": 1},
                "title": {"type": "string"},
                "date": {"type": "string", "format": "date"},
                "kommune": {"type": "string"},
                "journal_number": {"type": "string", "maxLength": JOURNAL_MAX},
                "kle": {"type": "string", "pattern": r"^(\d{2}\.\d{2}\.\d{2}( [A-GP]\d{2})?)?$"},
                "parties": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["name", "role"],
                        "additionalProperties": False,
                        "properties": {"name": {"type": "string"}, "role": {"type": "string"}},
                    },
                },
            },
        },
        "created_at": {"type": "string", "format": "date-time"},
        "created_by": {"type": "string"},
        "documents": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["filename", "mime_type", "title", "sha256", "size"],
                "additionalProperties": False,
                "properties": {
                    "filename": {"type": "string", "pattern": "^dokumenter/[^/]+$"},
                    "mime_type": {"type": "string"},
                    "title": {"type": "string"},
                    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "size": {"type": "integer", "minimum": 0},
                    "note": {"type": "string"},
                },
            },
        },
        "notes": {"type": "array", "items": {"type": "string"}},
    },
}
