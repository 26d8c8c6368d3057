"""Export a meeting, a case or a construction case to the kommune's ESDH (issue 16, item 5) as one ZIP package.

The package format (``almen.esdh``: ``metadata.json`` + ``metadata.xml`` + ``dokumenter/``) is
documented in ``docs/reference/esdh.md`` and ADR 0010. Each kind of record has an ``Exporter``
— its metadata (title, date, parties, journal number, KLE) and its documents as ``Source``s
that are opened and streamed one at a time — registered in ``EXPORTERS`` by kind. Another kind
of record (e.g. a construction case) is added with ``register_exporter`` and a ``records.Kind``.

``export_to_file`` writes the package to an anonymous temporary file (deleted when closed), in
chunks: attachments are never read into memory whole. ``settings.ESDH_EXPORT_MAX_BYTES``
bounds the documents' total size (default 500 MB).
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone

from almen.esdh import DEFAULT_MAX_BYTES, Metadata, PackageTooLarge, Source, write_package
from styringsdialog.construction.models import ConstructionCase
from styringsdialog.construction.queries import case_checks
from styringsdialog.meetings import printing
from styringsdialog.meetings.models import Attachment, Case, Meeting
from styringsdialog.publication.document import ReferatDocument
from styringsdialog.publication.docx_render import render_docx
from styringsdialog.publication.models import PublishedReferat
from styringsdialog.publication.rendering import ARCHIVAL_PDF_VARIANT, render_archival_pdf
from styringsdialog.publication.snapshot import VersionFacts, build_snapshot
from styringsdialog.records.models import Kind
from styringsdialog.records.queries import record_info

# the stylesheet of the case and construction-case PDFs (no inline CSS in templates)
ESDH_CSS = Path(__file__).resolve().parent / "static" / "publication" / "esdh.css"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_NOTE = (
    "PDF/A-2b dannet med WeasyPrint (ikke valideret med veraPDF); LibreOffice er ikke en del af "
    "installationen, så DOCX-filen er ikke konverteret."
)


class Exporter(Protocol):
    @property
    def kind(self) -> str: ...

    def metadata(self, obj: Any, by: Any) -> Metadata: ...

    def sources(self, obj: Any) -> Iterable[Source]: ...


EXPORTERS: dict[str, Exporter] = {}


def register_exporter(exporter: Exporter) -> None:
    EXPORTERS[exporter.kind] = exporter


def _bytes(data: bytes) -> Callable[[], IO[bytes]]:
    return lambda: io.BytesIO(data)


def _lazy(render: Callable[[], bytes]) -> Callable[[], IO[bytes]]:
    """Rendered only when the writer reaches it (one document in memory at a time)."""
    return lambda: io.BytesIO(render())


def _name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()).strip()


def _base(kind: str, obj: Any, by: Any, title: str, day: Any, parties: list[dict[str, str]]):
    info = record_info(kind, obj)
    return Metadata(
        record_type=kind,
        record_id=obj.pk,
        title=title,
        date=day.isoformat(),
        kommune=f"{obj.kommune.code} {obj.kommune.official_name}",
        journal_number=info.journal_number,
        kle=info.kle,
        parties=parties,
        created_at=timezone.localtime().isoformat(timespec="seconds"),
        created_by=_name(by),
    )


@dataclass(frozen=True)
class MeetingExporter:
    kind: str = Kind.MEETING

    def metadata(self, obj: Meeting, by: Any) -> Metadata:
        parties = [{"name": obj.kommune.official_name, "role": "kommune"}]
        parties += [
            {"name": f"{o.number} {o.name}", "role": "boligorganisation"}
            for o in [obj.organisation, *obj.other_organisations.order_by("name")]
        ]
        title = f"{obj.meeting_type.name}: {obj.organisation.name} og {obj.kommune.official_name}"
        meta = _base(self.kind, obj, by, title, obj.date, parties)
        meta.notes.append(PDF_NOTE)
        if not PublishedReferat.objects.filter(meeting=obj, current__isnull=False).exists():
            meta.notes.append("Referatet er ikke offentliggjort: pakken har referatet som udkast.")
        return meta

    def sources(self, obj: Meeting) -> Iterable[Source]:
        stem = f"{obj.organisation.number}-{obj.date:%Y-%m-%d}"
        doc, note = _referat_document(obj)
        yield Source(
            f"referat-{stem}.pdf",
            PDF,
            "Referat",
            _lazy(lambda: render_archival_pdf(doc)),
            f"{ARCHIVAL_PDF_VARIANT}; {note}",
        )
        yield Source(
            f"referat-{stem}.docx", DOCX, "Referat (Word)", _lazy(lambda: render_docx(doc))
        )
        yield Source(
            f"dagsorden-{stem}.pdf",
            PDF,
            "Dagsorden",
            _lazy(lambda: printing.render_agenda_pdf(obj, variant=ARCHIVAL_PDF_VARIANT)),
            ARCHIVAL_PDF_VARIANT,
        )
        for a in Attachment.objects.filter(item__meeting=obj).order_by("item__position", "pk"):
            yield Source(
                a.original_name,
                a.content_type or "application/octet-stream",
                f"Bilag til punktet »{a.item.title}«",
                _opener(a.file.name or ""),
                f"sha256 ved upload: {a.sha256}",
            )


def _opener(name: str) -> Callable[[], IO[bytes]]:
    return lambda: default_storage.open(name, "rb")


def _referat_document(meeting: Meeting) -> tuple[ReferatDocument, str]:
    """The published current version's frozen snapshot, else the referat as it stands."""
    pub = PublishedReferat.objects.filter(meeting=meeting, current__isnull=False).first()
    if pub is not None and pub.current is not None:
        version = pub.current
        return (
            ReferatDocument.from_snapshot(version.snapshot),
            f"offentliggjort version {version.number} (PDF sha256 {version.pdf_sha256})",
        )
    snap = build_snapshot(meeting, VersionFacts(0))
    return ReferatDocument.from_snapshot(snap, preview=True), "udkast, ikke offentliggjort"


@dataclass(frozen=True)
class CaseExporter:
    kind: str = Kind.CASE

    def metadata(self, obj: Case, by: Any) -> Metadata:
        org = obj.department.organisation
        parties = [
            {"name": obj.kommune.official_name, "role": "kommune"},
            {"name": f"{org.number} {org.name}", "role": "boligorganisation"},
        ]
        parties += [
            {"name": n, "role": "privat part"} for n in record_info(self.kind, obj).party_names
        ]
        title = f"{obj.title} (afd. {obj.department.number} {obj.department.name})"
        meta = _base(self.kind, obj, by, title, obj.opened_on, parties)
        meta.notes.append(PDF_NOTE)
        return meta

    def sources(self, obj: Case) -> Iterable[Source]:
        yield Source(
            f"sag-{obj.pk}.pdf",
            PDF,
            "Sagsforløb",
            _lazy(lambda: _case_pdf(obj)),
            ARCHIVAL_PDF_VARIANT,
        )


def _case_pdf(case: Case) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string(
        "publication/esdh/case.html",
        {
            "case": case,
            "info": record_info(Kind.CASE, case),
            "entries": case.entries.select_related("author").order_by("date", "pk"),
            "links": case.links.exclude(agenda_item=None).select_related(
                "agenda_item", "agenda_item__meeting"
            ),
            "printed_at": timezone.localtime(),
        },
    )
    return HTML(string=html, base_url=None).write_pdf(
        stylesheets=[CSS(filename=str(ESDH_CSS))], pdf_variant=ARCHIVAL_PDF_VARIANT
    )


@dataclass(frozen=True)
class ConstructionExporter:
    """A construction case (issue 16 with C15): its facts, milestones with their decisions,
    events and the checks (maksimumbeløb, financing, guarantee, rent) as one PDF/A-2b."""

    kind: str = Kind.CONSTRUCTION

    def metadata(self, obj: ConstructionCase, by: Any) -> Metadata:
        parties = [
            {"name": obj.kommune.official_name, "role": "kommune"},
            {
                "name": f"{obj.organisation.number} {obj.organisation.name}",
                "role": "boligorganisation",
            },
        ]
        title = f"Byggesag: {obj.title} ({obj.department_label})"
        meta = _base(self.kind, obj, by, title, obj.opened_on, parties)
        meta.notes.append(PDF_NOTE)
        return meta

    def sources(self, obj: ConstructionCase) -> Iterable[Source]:
        yield Source(
            f"byggesag-{obj.pk}.pdf",
            PDF,
            "Byggesag: fakta, milepæle, hændelser og kontrol",
            _lazy(lambda: _construction_pdf(obj)),
            ARCHIVAL_PDF_VARIANT,
        )


def _construction_pdf(case: ConstructionCase) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string(
        "publication/esdh/construction.html",
        {
            "case": case,
            "info": record_info(Kind.CONSTRUCTION, case),
            "milestones": case.milestones.order_by("date", "pk"),
            "events": case.events.order_by("date", "pk"),
            "checks": case_checks(case),
            "printed_at": timezone.localtime(),
        },
    )
    return HTML(string=html, base_url=None).write_pdf(
        stylesheets=[CSS(filename=str(ESDH_CSS))], pdf_variant=ARCHIVAL_PDF_VARIANT
    )


register_exporter(MeetingExporter())
register_exporter(CaseExporter())
register_exporter(ConstructionExporter())


def package_filename(kind: str, obj: Any) -> str:
    return f"esdh-{kind}-{obj.pk}.zip"


def export_to_file(*, kind: str, obj: Any, by: Any) -> tuple[IO[bytes], Metadata]:
    """The package in a temporary file (rewound; deleted when closed) and its metadata.
    The caller has looked ``obj`` up with write scope. ``ValidationError`` if too large."""
    exporter = EXPORTERS.get(kind)
    if exporter is None:
        raise ValidationError(f"Poster af typen »{kind}« kan ikke eksporteres til ESDH.")
    limit = int(getattr(settings, "ESDH_EXPORT_MAX_BYTES", DEFAULT_MAX_BYTES))
    target = tempfile.TemporaryFile(prefix="esdh-", suffix=".zip")
    try:
        meta = write_package(
            target, exporter.metadata(obj, by), exporter.sources(obj), max_bytes=limit
        )
    except PackageTooLarge as exc:
        target.close()
        raise ValidationError(
            f"{exc} Fjern eller formindsk bilag, eller eksportér dem særskilt."
        ) from None
    except BaseException:
        target.close()
        raise
    target.seek(0)
    return target, meta
