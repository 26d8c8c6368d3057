"""History import (C13): a referat file → a proposal → (confirmed) a held, published meeting.

The CLI (``import-referat``), the API (``/kommuner/{code}/referat-import``) and the review page
call these functions; the parsing itself is ``almen.referat_import`` (Django-free).

* ``propose`` reads one file into the proposal JSON (nothing saved) — the same object everywhere;
* ``clean_proposal`` validates a (possibly corrected) proposal against the kommune: organisation,
  date, items, participants, agreements, department links; Danish ``ValidationError`` messages;
* ``import_referat`` stores one confirmed proposal, all or nothing: the meeting (held), its items,
  participants and agreements, the referat approved and published (version 1, dated the meeting
  day), the original file archived with its sha256 (``ImportedReferat``). The same file for the
  same kommune is imported once: a second time returns the existing meeting, creating nothing.
  Notifications are not sent for the made-up workflow of a historical meeting.

Imported agreements are ordinary agreements (status "aftalt", styringsår = the meeting's year),
so next year's briefing and agenda open with them (``meetings.queries.followup_agreements``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from almen.referat_import import ReferatFileError, read_referat
from styringsdialog.accounts.models import Membership, Role
from styringsdialog.accounts.permissions import can_import_referater, scope_for
from styringsdialog.accounts.services import notifications_suppressed
from styringsdialog.lib.storage import content_name, iter_files, read_content, store_content
from styringsdialog.meetings import services as meetings
from styringsdialog.meetings.models import AgendaItem, Meeting, ResponsibleSide, Side
from styringsdialog.meetings.workflow import empty_items
from styringsdialog.publication.models import ImportedReferat
from styringsdialog.publication.services import publish_referat
from styringsdialog.registry.models import Department, Kommune, Organisation

MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_ITEMS = 200
MAX_PARTICIPANTS = 100
MAX_AGREEMENTS = 200
EMPTY_ITEM_TEXT = "no_remarks"  # an item the original referat listed without text


def _require_may_import(kommune: Kommune, by: Any) -> None:
    from django.core.exceptions import PermissionDenied

    if not can_import_referater(scope_for(by), kommune.pk):
        raise PermissionDenied("Kun kommunens sagsbehandlere kan importere referater.")


def kommune_organisations(kommune: Kommune) -> list[Organisation]:
    """The organisations a meeting of the kommune can be with (hjemsted or departments there)."""
    return list(
        Organisation.objects.filter(Q(home_kommune=kommune) | Q(departments__kommune=kommune))
        .distinct()
        .order_by("number")
    )


def department_id(department: Department) -> str:
    return f"{department.organisation.number}-{department.number}"


@dataclass(frozen=True)
class Person:
    """A user a participant's name may be resolved to: a caseworker of the kommune (side
    kommune) or staff of one of its organisations (side organisation, ``organisation`` = LBF)."""

    user: Any
    name: str
    side: str
    organisation: str | None


@dataclass
class ImportContext:
    kommune: Kommune
    organisations: dict[str, Organisation]
    departments: dict[str, Department] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)

    @classmethod
    def of(cls, kommune: Kommune) -> ImportContext:
        orgs = {o.number: o for o in kommune_organisations(kommune)}
        deps = Department.objects.filter(organisation__in=orgs.values()).select_related(
            "organisation"
        )
        return cls(kommune, orgs, {department_id(d): d for d in deps}, _people(kommune, orgs))

    def person(self, username: str, organisation: Organisation) -> Person | None:
        """The user ``username`` as a possible participant of a meeting with ``organisation``."""
        for person in self.people:
            if person.user.username == username and person.side == Side.KOMMUNE:
                return person
        for person in self.people:
            if person.user.username == username and person.organisation == organisation.number:
                return person
        return None


def _people(kommune: Kommune, orgs: dict[str, Organisation]) -> list[Person]:
    memberships = (
        Membership.objects.filter(
            Q(role=Role.CASEWORKER, kommune=kommune)
            | Q(role__in=[Role.ORGANISATION, Role.ADMINISTRATION], organisation__in=orgs.values())
        )
        .filter(user__is_active=True)
        .select_related("user", "organisation")
        .order_by("user__username", "pk")
    )
    return [
        Person(
            user=m.user,
            name=m.user.get_full_name() or m.user.username,
            side=Side.KOMMUNE if m.role == Role.CASEWORKER else Side.ORGANISATION,
            organisation=m.organisation.number if m.organisation else None,
        )
        for m in memberships
    ]


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


STAGING_FOLDER = "referater/import-staging"


def stage_upload(data: bytes, filename: str) -> str:
    """Keep an uploaded file until its proposal is confirmed (content-addressed: the same file is
    stored once; the confirm step finds it by its sha256). Returns the sha256."""
    _, sha = store_content(data, folder=STAGING_FOLDER, ext=_ext(filename))
    return sha


def _staged_name(sha256: str, filename: str) -> str:
    name, _ = content_name(b"", folder=STAGING_FOLDER, ext=_ext(filename))
    return name.rsplit("/", 1)[0] + f"/{sha256}." + name.rsplit(".", 1)[-1]


def staged_upload(sha256: str, filename: str) -> bytes | None:
    name = _staged_name(sha256, filename)
    try:
        data = read_content(name)
    except (FileNotFoundError, OSError):
        return None
    return data if sha256_of(data) == sha256 else None


def uploaded_file(kommune: Kommune, sha256: str, filename: str) -> bytes | None:
    """The file to review or confirm: its staged copy, else — once imported, when the staged copy
    is removed — the original archived with the kommune's import (a confirm then answers with
    the existing meeting, as the natural key promises)."""
    data = staged_upload(sha256, filename)
    if data is not None:
        return data
    done = ImportedReferat.objects.filter(kommune=kommune, sha256=sha256).first()
    if done is None or not done.file:
        return None
    try:
        with done.file.open("rb") as handle:
            archived: bytes = handle.read()
    except (FileNotFoundError, OSError):  # pragma: no cover - archive lost
        return None
    return archived if sha256_of(archived) == sha256 else None


def unstage(sha256: str, filename: str) -> None:
    """Remove the staged copy of a file (after its import is committed; nothing if none)."""
    name = _staged_name(sha256, filename)
    try:
        if default_storage.exists(name):
            default_storage.delete(name)
    except OSError:  # pragma: no cover - the daily clean-up removes it later
        pass


def remove_stale_staged(
    *, now: datetime | None = None, hours: int | None = None, dry_run: bool = False
) -> list[str]:
    """Remove staged uploads older than ``hours`` (``REFERAT_IMPORT_STAGING_HOURS``): files
    uploaded for review and never confirmed. Returns the storage names removed (or, with
    ``dry_run``, that would be). Run daily by ``send-reminders``."""
    hours = settings.REFERAT_IMPORT_STAGING_HOURS if hours is None else hours
    cutoff = (now or timezone.now()) - timedelta(hours=hours)
    removed = []
    for name in iter_files(STAGING_FOLDER):
        try:
            modified = default_storage.get_modified_time(name)
        except (OSError, NotImplementedError):  # pragma: no cover - a backend without times
            continue
        if timezone.is_naive(modified):
            modified = timezone.make_aware(modified)
        if modified >= cutoff:
            continue
        if not dry_run:
            try:
                default_storage.delete(name)
            except OSError:  # pragma: no cover - gone meanwhile, or not deletable now
                continue
        removed.append(name)
    return removed


def _ext(filename: str) -> str:
    return filename.rsplit(".", 1)[-1] if "." in filename else "bin"


def existing_import(kommune: Kommune, data: bytes) -> ImportedReferat | None:
    return (
        ImportedReferat.objects.filter(kommune=kommune, sha256=sha256_of(data))
        .select_related("meeting")
        .first()
    )


def propose(
    *,
    kommune: Kommune,
    data: bytes,
    filename: str,
    organisation: str | None = None,
    context: ImportContext | None = None,
    source: bool = False,
) -> dict[str, Any]:
    """The proposal for one file as JSON (nothing saved). Raises ``ValidationError`` (Danish)
    when the file cannot be read or ``organisation`` is not one of the kommune's."""
    context = context or ImportContext.of(kommune)
    if organisation and organisation not in context.organisations:
        raise ValidationError(
            f"Organisation {organisation} har hverken hjemsted eller afdelinger i {kommune.name}."
        )
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(
            f"Filen er for stor; grænsen er {MAX_FILE_BYTES // (1024 * 1024)} MB."
        )
    try:
        proposal = read_referat(
            data,
            filename,
            departments=[(key, d.name) for key, d in context.departments.items()],
            organisations=[(n, o.name) for n, o in context.organisations.items()],
            organisation=organisation,
            kommune_name=kommune.name if kommune.name.endswith("Kommune") else "",
            people=[(p.name, str(p.side), p.user.username, p.organisation) for p in context.people],
        )
    except ReferatFileError as exc:
        raise ValidationError(str(exc)) from exc
    result = proposal.as_json(source=source)
    named = proposal.kommune_name
    if named and kommune.name.casefold() not in named.casefold():
        result["warnings"].append(
            f"Referatet nævner {named}, men importeres til {kommune.official_name}; tjek kommunen."
        )
    result["file"] = {"name": filename, "sha256": sha256_of(data), "size": len(data)}
    done = existing_import(kommune, data)
    result["imported_meeting"] = done.meeting_id if done else None
    if done:
        result["warnings"].append(
            f"Filen er allerede importeret (møde {done.meeting_id}); en ny import opretter intet."
        )
    else:
        same_day = _meetings_on_the_day(
            kommune, result.get("organisation"), result.get("meeting_date")
        )
        if same_day:
            result["warnings"].append(
                f"Der findes allerede et møde med organisationen den dag (møde {same_day[0]}); "
                "tjek, at referatet ikke er det samme møde, før det importeres."
            )
    return result


def _meetings_on_the_day(kommune: Kommune, organisation: str | None, day: Any) -> list[int]:
    """Meetings of the kommune with the organisation on the referat's date (another file, or a
    meeting held in the system): a hint that the import may duplicate a meeting."""
    if not organisation or not day:
        return []
    return list(
        Meeting.objects.filter(
            kommune=kommune, organisation__number=organisation, date=str(day)
        ).values_list("pk", flat=True)
    )


# --- validation ------------------------------------------------------------------------------


@dataclass
class CleanItem:
    number: str
    title: str
    text: str
    decision: str
    children: list[CleanItem]


@dataclass
class CleanAgreement:
    text: str
    owner: str
    owner_name: str
    deadline: date | None
    item: str | None
    departments: list[Department]


@dataclass
class CleanProposal:
    organisation: Organisation
    meeting_date: date
    start_time: time | None
    items: list[CleanItem]
    participants: list[tuple[str, str, str, Any]]  # (name, side, role, user or None)
    agreements: list[CleanAgreement]
    departments: list[Department]


def _text(value: Any, label: str, limit: int, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"{label} skal være tekst.")
    value = value.strip()
    if required and not value:
        raise ValidationError(f"{label} mangler.")
    if len(value) > limit:
        raise ValidationError(f"{label} er for lang (højst {limit} tegn).")
    return value


def _date(value: Any, label: str, *, required: bool) -> date | None:
    if value in (None, ""):
        if required:
            raise ValidationError(f"{label} mangler.")
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValidationError(f"{label} skal være en dato (ÅÅÅÅ-MM-DD), ikke {value!r}.") from exc


def _items(raw: Any, *, level: int = 0) -> list[CleanItem]:
    if not isinstance(raw, list):
        raise ValidationError("Dagsordenspunkterne skal være en liste.")
    out = []
    for entry in raw:
        if not isinstance(entry, dict):
            raise ValidationError("Hvert dagsordenspunkt skal være et objekt.")
        number = _text(entry.get("number"), "Punktets nummer", 10)
        title = _text(entry.get("title"), f"Overskriften på punkt {number}", 300, required=True)
        children = entry.get("children") or []
        if level and children:
            raise ValidationError(
                f"Punkt {number} er et underpunkt og kan ikke have egne underpunkter."
            )
        out.append(
            CleanItem(
                number=number,
                title=title,
                text=_text(entry.get("text"), f"Teksten til punkt {number}", 100_000),
                decision=_text(entry.get("decision"), f"Beslutningen på punkt {number}", 20_000),
                children=_items(children, level=level + 1) if children else [],
            )
        )
    return out


def clean_proposal(
    kommune: Kommune, data: dict[str, Any], *, context: ImportContext | None = None
) -> CleanProposal:
    """Validate a proposal (as ``propose`` returned it, possibly corrected) for ``kommune``."""
    context = context or ImportContext.of(kommune)
    number = data.get("organisation")
    if not number:
        raise ValidationError("Vælg boligorganisationen (LBF-nummer).")
    organisation = context.organisations.get(str(number))
    if organisation is None:
        raise ValidationError(
            f"Organisation {number} har hverken hjemsted eller afdelinger i {kommune.name}."
        )
    meeting_date = _date(data.get("meeting_date"), "Mødedatoen", required=True)
    assert meeting_date is not None
    if meeting_date > timezone.localdate():
        raise ValidationError("Mødedatoen ligger i fremtiden; kun afholdte møder kan importeres.")
    start = data.get("start_time")
    try:
        start_time = time.fromisoformat(start) if start else None
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"Starttidspunktet skal være TT:MM, ikke {start!r}.") from exc
    items = _items(data.get("items") or [])
    if not items:
        raise ValidationError("Referatet skal have mindst ét dagsordenspunkt.")
    flat = [i for item in items for i in (item, *item.children)]
    if len(flat) > MAX_ITEMS:
        raise ValidationError(f"Referatet har over {MAX_ITEMS} punkter.")
    numbers = [i.number for i in flat if i.number]
    if len(numbers) != len(set(numbers)):
        raise ValidationError("To dagsordenspunkter har samme nummer.")
    participants = []
    linked_users: list[Any] = []
    for entry in (data.get("participants") or [])[: MAX_PARTICIPANTS + 1]:
        if not isinstance(entry, dict):
            raise ValidationError("Hver deltager skal være et objekt.")
        name = _text(entry.get("name"), "Deltagerens navn", 200, required=True)
        side = entry.get("side") or Side.OTHER
        if side not in Side.values:
            raise ValidationError(
                f"Deltageren {name}: part skal være kommune, organisation eller andet."
            )
        user = None
        username = entry.get("user")
        if username:
            person = context.person(str(username), organisation)
            if person is None:
                raise ValidationError(
                    f"Deltageren {name}: brugeren {str(username)[:150]} er hverken sagsbehandler "
                    f"i kommunen eller medarbejder i {organisation.name}."
                )
            if person.side == side:  # a side corrected in the review drops the link
                if person.user in linked_users:
                    raise ValidationError(
                        f"Brugeren {person.name} er knyttet til mere end én deltager."
                    )
                linked_users.append(person.user)
                user = person.user
        participants.append((name, str(side), _text(entry.get("role"), "Rollen", 200), user))
    if len(participants) > MAX_PARTICIPANTS:
        raise ValidationError(f"Referatet har over {MAX_PARTICIPANTS} deltagere.")
    mentions: dict[str | None, list[Department]] = {}
    linked: list[Department] = []
    for entry in data.get("departments") or []:
        if not isinstance(entry, dict):
            raise ValidationError("Hver afdeling skal være et objekt.")
        dep_key = entry.get("department")
        if not dep_key:
            continue
        department = context.departments.get(str(dep_key))
        if department is None or department.organisation_id != organisation.pk:
            raise ValidationError(f"Afdelingen {dep_key} hører ikke til {organisation.name}.")
        where = entry.get("items") or [entry.get("item")]
        for item_number in where if isinstance(where, list) else [where]:
            mentions.setdefault(item_number, []).append(department)
        if department not in linked:
            linked.append(department)
    agreements = []
    for entry in (data.get("agreements") or [])[: MAX_AGREEMENTS + 1]:
        if not isinstance(entry, dict):
            raise ValidationError("Hver aftale skal være et objekt.")
        text = _text(entry.get("text"), "Aftalens tekst", 2000, required=True)
        owner = entry.get("owner") or ResponsibleSide.BOTH
        if owner not in ResponsibleSide.values:
            raise ValidationError(
                f"Aftalen »{text[:60]}«: ansvarlig skal være kommune, organisation eller begge."
            )
        item = entry.get("item") or None
        if item is not None and str(item) not in numbers:
            raise ValidationError(
                f"Aftalen »{text[:60]}« henviser til punkt {item}, som ikke findes."
            )
        agreements.append(
            CleanAgreement(
                text=text,
                owner=str(owner),
                owner_name=_text(entry.get("owner_name"), "Den ansvarlige", 200),
                deadline=_date(entry.get("deadline"), f"Fristen for »{text[:60]}«", required=False),
                item=str(item) if item is not None else None,
                departments=list(mentions.get(item, [])) if item is not None else [],
            )
        )
    if len(agreements) > MAX_AGREEMENTS:
        raise ValidationError(f"Referatet har over {MAX_AGREEMENTS} aftaler.")
    return CleanProposal(
        organisation, meeting_date, start_time, items, participants, agreements, linked
    )


# --- storing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    meeting: Meeting
    created: bool
    imported: ImportedReferat


def import_referat(
    *,
    kommune: Kommune,
    proposal: dict[str, Any],
    data: bytes,
    filename: str,
    by: Any,
    context: ImportContext | None = None,
) -> ImportResult:
    """Store one confirmed proposal for the file ``data`` (all or nothing). The same file again
    returns the existing import with ``created=False``."""
    _require_may_import(kommune, by)
    done = existing_import(kommune, data)
    if done is not None:
        _unstage_on_commit(data, filename)
        return ImportResult(done.meeting, False, done)
    clean = clean_proposal(kommune, proposal, context=context)
    with transaction.atomic(), notifications_suppressed():
        done = existing_import(kommune, data)  # a concurrent import of the same file
        if done is not None:
            _unstage_on_commit(data, filename)
            return ImportResult(done.meeting, False, done)
        meeting = _store(kommune, clean, by)
        fmt = str(proposal.get("format") or filename.rsplit(".", 1)[-1].lower())[:10]
        imported = ImportedReferat(
            kommune=kommune,
            meeting=meeting,
            sha256=sha256_of(data),
            original_name=filename[:255],
            file_format=fmt,
            size=len(data),
            proposal={k: v for k, v in proposal.items() if k != "source_text"},
            imported_by=by if getattr(by, "pk", None) else None,
        )
        safe = (
            "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in filename)[-120:]
            or "referat"
        )
        imported.file.save(safe, ContentFile(data), save=False)
        imported.save()
    _unstage_on_commit(data, filename)
    return ImportResult(meeting, True, imported)


def _unstage_on_commit(data: bytes, filename: str) -> None:
    """Once the import is committed the file is archived (``ImportedReferat.file``): its staged
    copy goes (at once when no transaction is open, e.g. the CLI)."""
    sha = sha256_of(data)
    transaction.on_commit(lambda: unstage(sha, filename), robust=True)


def _store(kommune: Kommune, clean: CleanProposal, by: Any) -> Meeting:
    meeting = meetings.create_meeting(
        kommune=kommune,
        organisation=clean.organisation,
        styringsaar=clean.meeting_date.year,
        date=clean.meeting_date,
        start_time=clean.start_time,
        by=by,
    )
    by_number: dict[str, AgendaItem] = {}
    for spec in clean.items:
        item = _add_item(meeting, spec, None, by)
        by_number[spec.number] = item
        for child in spec.children:
            by_number[child.number] = _add_item(meeting, child, item, by)
    for name, side, role, user in clean.participants:
        meetings.add_participant(
            meeting=meeting, name=name, side=side, title=role, by=by, user=user
        )
    for agreement in clean.agreements:
        meetings.add_agreement(
            meeting=meeting,
            agenda_item=by_number.get(agreement.item) if agreement.item else None,
            text=agreement.text,
            responsible_side=agreement.owner,
            responsible_person=agreement.owner_name,
            deadline=agreement.deadline,
            departments=agreement.departments,
            by=by,
        )
    held_at = timezone.make_aware(
        datetime.combine(clean.meeting_date, clean.start_time or time(12, 0))
    )
    meetings.mark_meeting_held(meeting=meeting, by=by, at=held_at)
    meetings.send_referat_to_organisation(meeting=meeting, by=by)
    meetings.approve_referat(meeting=meeting, by=by)
    empty = {i.pk: EMPTY_ITEM_TEXT for i in empty_items(meeting)}
    publish_referat(
        meeting=meeting,
        by=by,
        at=held_at,
        change_note="Importeret fra det offentliggjorte referat.",
        empty=empty,
        # The referat is already public: keep what it says, but never republish a CPR number.
        personal_data=HISTORIC_PERSONAL_DATA,
    )
    meeting.refresh_from_db()
    return meeting


HISTORIC_PERSONAL_DATA = {"kind:cpr": "redact", "*": "keep"}


def _add_item(meeting: Meeting, spec: CleanItem, parent: AgendaItem | None, by: Any) -> AgendaItem:
    item = meetings.add_agenda_item(
        meeting=meeting, parent=parent, title=spec.title, minutes=spec.text, by=by
    )
    if spec.decision:
        item = meetings.write_minutes(item=item, text=spec.text, decision=spec.decision, by=by)
    return item
