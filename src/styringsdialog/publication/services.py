"""Publishing referater: freeze, render, store an immutable version, index it for search.

``publish_referat`` publishes the first version of an approved referat (or, if the meeting has
already been published, a correction); ``publish_correction`` publishes a new version of a
corrected and re-approved referat with a change note. Old versions stay readable at their own
address. The meeting's state is moved to *published* by ``meetings`` in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from styringsdialog.accounts.permissions import can_write_meeting, scope_for
from styringsdialog.lib.storage import store_content
from styringsdialog.meetings.models import Meeting
from styringsdialog.meetings.services.agenda import settle_empty_items
from styringsdialog.meetings.services.referat import mark_referat_published
from styringsdialog.meetings.workflow import empty_items
from styringsdialog.publication.document import ReferatDocument
from styringsdialog.publication.models import (
    PersonalDataDecision,
    PublishedReferat,
    ReferatFile,
    ReferatVersion,
)
from styringsdialog.publication.personal_data import (
    meeting_party_names,
    redact_snapshot,
    referat_findings,
    require_decided,
)
from styringsdialog.publication.rendering import RenderedReferat, render_all
from styringsdialog.publication.search import index_referat
from styringsdialog.publication.snapshot import VersionFacts, build_snapshot

CHANGE_NOTE_MAX = 2000
REFERAT_FOLDER = "referater"  # storage folder of the published files, <sha256>.<ext>
_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slug(text: str) -> str:
    """'Københavns Boligselskab' → 'koebenhavns-boligselskab' (æ, ø, å spelt out, not dropped)."""
    return slugify(text.translate(_DANISH_LETTERS))


def user_display_name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()).strip()


def check_may_publish(meeting: Meeting, by: Any) -> None:
    """Only a caseworker of the meeting's kommune or an administrator may publish."""
    if not can_write_meeting(scope_for(by), meeting):
        raise PermissionDenied("Kun kommunens sagsbehandlere kan offentliggøre referatet.")


@transaction.atomic
def publish_referat(
    *,
    meeting: Meeting,
    by: Any,
    change_note: str = "",
    at: datetime | None = None,
    empty: dict[int, str] | None = None,
    personal_data: Mapping[str, str] | None = None,
) -> ReferatVersion:
    """Publish the meeting's approved referat as version 1 (or as a correction if published before).

    Returns the new version. Raises ``ValidationError`` when the referat is not approved,
    ``PermissionDenied`` when ``by`` may not publish for the meeting's kommune. ``at`` (default
    now) is for demo data and imports of referater published in the past. ``empty`` decides,
    per point without text (``meetings.workflow.empty_items``), ``"omit"`` or ``"no_remarks"``;
    a referat with an undecided empty point is refused, so none is published as a bare heading.
    ``personal_data`` decides each possible personal data finding (``publication.personal_data``):
    ``{key | "kind:<kind>" | "*": "redact" | "keep"}``; an undecided finding is refused.
    """
    meeting = _locked(meeting)
    check_may_publish(meeting, by)
    existing = PublishedReferat.objects.select_for_update().filter(meeting=meeting).first()
    if existing is not None:
        return _publish_correction(existing, meeting, by, change_note, at, empty, personal_data)
    _require_approved(meeting)
    _settle_empty(meeting, by, empty)
    now = _publication_time(meeting, at)
    referat = PublishedReferat.objects.create(
        meeting=meeting,
        kommune=meeting.kommune,
        organisation=meeting.organisation,
        slug=_unique_slug(meeting),
        meeting_date=meeting.date,
        styringsaar=meeting.styringsaar,
        title=ReferatDocument.title_for(meeting.organisation.name, meeting.kommune.official_name),
        first_published_at=now,
        updated_at=now,
    )
    referat.other_organisations.set(meeting.other_organisations.all())
    return _store_version(
        referat,
        meeting,
        by,
        number=1,
        change_note=_clean_note(change_note),
        now=now,
        personal_data=personal_data,
    )


@transaction.atomic
def publish_correction(
    *,
    meeting: Meeting,
    by: Any,
    change_note: str,
    at: datetime | None = None,
    empty: dict[int, str] | None = None,
    personal_data: Mapping[str, str] | None = None,
) -> ReferatVersion:
    """Publish a corrected, re-approved referat as a new version; ``change_note`` says what changed."""
    meeting = _locked(meeting)
    check_may_publish(meeting, by)
    existing = PublishedReferat.objects.select_for_update().filter(meeting=meeting).first()
    if existing is None:
        raise ValidationError("Referatet er ikke offentliggjort endnu, så der er intet at rette.")
    return _publish_correction(existing, meeting, by, change_note, at, empty, personal_data)


def _settle_empty(meeting: Meeting, by: Any, empty: dict[int, str] | None) -> None:
    """Apply the decisions for points without text; refuse if any is left undecided."""
    pending = empty_items(meeting)
    decisions = {i.pk: (empty or {}).get(i.pk, "") for i in pending}
    undecided = [i.title for i in pending if not decisions[i.pk]]
    if undecided:
        names = ", ".join(f"»{t}«" for t in undecided[:5]) + (" …" if len(undecided) > 5 else "")
        raise ValidationError(
            f"{len(undecided)} punkt{'er' if len(undecided) != 1 else ''} i referatet har ingen "
            f"tekst ({names}). Vælg for hvert, om det skal udelades af referatet eller "
            "offentliggøres med »Ingen bemærkninger«."
        )
    if decisions:
        settle_empty_items(meeting=meeting, decisions=decisions, by=by)


def _publish_correction(
    referat: PublishedReferat,
    meeting: Meeting,
    by: Any,
    change_note: str,
    at: datetime | None,
    empty: dict[int, str] | None = None,
    personal_data: Mapping[str, str] | None = None,
) -> ReferatVersion:
    note = _clean_note(change_note)
    if not note:
        raise ValidationError("Skriv en ændringsnote, der forklarer, hvad rettelsen ændrer.")
    if meeting.referat_status == Meeting.ReferatStatus.PUBLISHED:
        raise ValidationError(
            "Referatet er allerede offentliggjort i sin nuværende form. Genåbn referatet, ret det og "
            "godkend det igen, før rettelsen offentliggøres."
        )
    _require_approved(meeting)
    _settle_empty(meeting, by, empty)
    number = referat.versions.count() + 1
    now = _publication_time(meeting, at)
    if now < referat.updated_at:
        raise ValidationError("En rettelse kan ikke dateres før den gældende version.")
    return _store_version(
        referat,
        meeting,
        by,
        number=number,
        change_note=note,
        now=now,
        personal_data=personal_data,
    )


def _store_version(
    referat: PublishedReferat,
    meeting: Meeting,
    by: Any,
    *,
    number: int,
    change_note: str,
    now: datetime,
    personal_data: Mapping[str, str] | None = None,
) -> ReferatVersion:
    previous = tuple(referat.versions.order_by("number").values_list("number", "published_at"))
    facts = VersionFacts(number, now, user_display_name(by), change_note, previous)
    snapshot = build_snapshot(meeting, facts)
    names = meeting_party_names(meeting)
    findings = referat_findings(snapshot, names)
    decided = require_decided(findings, personal_data or {})
    redact_snapshot(snapshot, {k for k, d in decided.items() if d == "redact"}, names)
    doc = ReferatDocument.from_snapshot(snapshot)
    rendered = render_all(doc)
    version = ReferatVersion.objects.create(
        referat=referat,
        meeting=meeting,
        number=number,
        published_at=now,
        published_by=by,
        published_by_name=facts.published_by,
        change_note=change_note,
        title=doc.title,
        text=doc.plain_text(),
        snapshot=snapshot,
        html_sha256=rendered.html_sha256,
        pdf_sha256=rendered.pdf_sha256,
        docx_sha256=rendered.docx_sha256,
    )
    _store_files(version, rendered)
    PersonalDataDecision.objects.bulk_create(
        PersonalDataDecision(
            version=version,
            key=f.key,
            kind=f.kind,
            value=f.masked[:300],
            context=f.context[:400],
            occurrences=f.count,
            decision=decided[f.key],
            by=by,
            by_name=facts.published_by,
            at=now,
        )
        for f in findings
    )
    PublishedReferat.objects.filter(pk=referat.pk).update(
        current=version, updated_at=now, title=doc.title
    )
    referat.current, referat.updated_at, referat.title = version, now, doc.title
    mark_referat_published(meeting=meeting, by=by, at=now)
    index_referat(referat, version)
    return version


def _store_files(version: ReferatVersion, rendered: RenderedReferat) -> None:
    """The version's HTML, PDF and DOCX into the file storage (``referater/<sha256>.<ext>``)."""
    contents = (
        (ReferatFile.Kind.HTML, rendered.html.encode("utf-8")),
        (ReferatFile.Kind.PDF, rendered.pdf),
        (ReferatFile.Kind.DOCX, rendered.docx),
    )
    rows = []
    for kind, data in contents:
        name, sha = store_content(data, folder=REFERAT_FOLDER, ext=kind.value)
        rows.append(ReferatFile(version=version, kind=kind, file=name, sha256=sha, size=len(data)))
    ReferatFile.objects.bulk_create(rows)


def _locked(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("kommune", "organisation", "meeting_type")
        .get(pk=meeting.pk)
    )


def _publication_time(meeting: Meeting, at: datetime | None) -> datetime:
    now = timezone.now()
    if at is None:
        return now
    if at > now or timezone.localtime(at).date() < meeting.date:
        raise ValidationError(
            "Tidspunktet for offentliggørelsen skal ligge mellem mødedagen og nu."
        )
    return at


def _require_approved(meeting: Meeting) -> None:
    if meeting.referat_status != Meeting.ReferatStatus.APPROVED:
        state = meeting.get_referat_status_display().lower()
        raise ValidationError(f"Kun et godkendt referat kan offentliggøres (referatet er {state}).")


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > CHANGE_NOTE_MAX:
        raise ValidationError(f"Ændringsnoten må højst være {CHANGE_NOTE_MAX} tegn.")
    return note


def _unique_slug(meeting: Meeting) -> str:
    """'almenbo-2021-05-27'; '-2', '-3' … if the organisation had two meetings that day."""
    base = f"{danish_slug(meeting.organisation.name)[:100]}-{meeting.date.isoformat()}"
    taken = set(
        PublishedReferat.objects.filter(kommune=meeting.kommune, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
