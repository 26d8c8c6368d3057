"""Agreements (aftaler): creation, status lifecycle with full history, carry-over to next year.

Lifecycle (docs/reference/meetings.md)::

    aftalt → i gang → opfyldt | delvist opfyldt | ikke opfyldt → lukket | videreført

The kommune decides every status. Organisation staff may only move an agreement their
organisation is responsible for from aftalt to i gang, and report progress (a note) on it.
Every change writes an ``AgreementEvent``; nothing else writes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from styringsdialog.accounts.permissions import agreement_write_level, scope_for
from styringsdialog.meetings import notifications
from styringsdialog.meetings.models import (
    AgendaItem,
    Agreement,
    AgreementEvent,
    Meeting,
    ResponsibleSide,
)
from styringsdialog.meetings.services.meetings import _clean_text, participating_organisation_ids
from styringsdialog.registry.models import Department, Kommune, Organisation

S = Agreement.Status
_EVALUATED = {S.FULFILLED, S.PARTLY_FULFILLED, S.NOT_FULFILLED}
# Allowed moves. Skipping "i gang" is allowed: at follow-up an agreement may be judged at once.
TRANSITIONS: dict[str, set[str]] = {
    S.AGREED: {S.IN_PROGRESS, *_EVALUATED},
    S.IN_PROGRESS: set(_EVALUATED),
    S.FULFILLED: {S.CLOSED, S.IN_PROGRESS, S.PARTLY_FULFILLED, S.NOT_FULFILLED},
    S.PARTLY_FULFILLED: {S.CLOSED, S.CARRIED_OVER, S.IN_PROGRESS, S.FULFILLED, S.NOT_FULFILLED},
    S.NOT_FULFILLED: {S.CLOSED, S.CARRIED_OVER, S.IN_PROGRESS, S.FULFILLED, S.PARTLY_FULFILLED},
    S.CLOSED: set(),
    S.CARRIED_OVER: set(),
}
ORGANISATION_TRANSITIONS = {(S.AGREED, S.IN_PROGRESS)}
UNSET: Any = object()


class AgreementConflict(ValidationError):
    """Someone else changed the agreement after the writer read it (a stale ``version``)."""

    def __init__(self, stored: int, yours: int) -> None:
        super().__init__(
            f"Aftalen er blevet ændret af en anden (version {stored}, du startede fra {yours}). "
            "Hent aftalen igen og prøv igen."
        )
        self.stored = stored
        self.yours = yours


def status_label(status: str) -> str:
    return str(dict(S.choices).get(status, status)).lower()


def allowed_statuses(agreement: Agreement, level: str | None) -> list[str]:
    """Statuses the form may offer for this agreement and write level."""
    if level == "full":
        return [s for s in S.values if s in TRANSITIONS[agreement.status]]
    if level == "progress":
        return [new for old, new in ORGANISATION_TRANSITIONS if old == agreement.status]
    return []


def _who(by: Any) -> str:
    if by is None:
        return "System"
    return (by.get_full_name() or by.username) if hasattr(by, "get_full_name") else str(by)


def record_event(
    agreement: Agreement, *, by: Any, field: str, old: str = "", new: str = "", note: str = ""
) -> AgreementEvent:
    return AgreementEvent.objects.create(
        agreement=agreement,
        at=timezone.now(),
        by=by,
        by_name=_who(by),
        field=field,
        old_value=old,
        new_value=new,
        note=note,
    )


def _write_level(by: Any, agreement: Agreement) -> str | None:
    """``by=None`` is the system itself (demo data, CLI): full rights."""
    return "full" if by is None else agreement_write_level(scope_for(by), agreement)


def _check_departments(departments: list[Department], organisation: Organisation) -> None:
    for d in departments:
        if d.organisation_id != organisation.pk:
            raise ValidationError(
                f"Afdeling {d.number} {d.name} hører ikke til {organisation.name}."
            )


def resolve_departments(organisation: Organisation, refs: Iterable[str]) -> list[Department]:
    """Departments named by number (``008``, the organisation's) or as ``ORG-NR`` (``0151-008``,
    as the API shows them). Unknown ones are a ``ValidationError``; a department of another
    organisation is returned, and refused by the service that checks it."""
    out: list[Department] = []
    for raw in refs:
        ref = str(raw).strip()
        org_number, _, number = ref.rpartition("-")
        qs = Department.objects.select_related("organisation")
        if org_number:
            department = qs.filter(organisation__number=org_number, number=number).first()
        else:
            department = qs.filter(organisation=organisation, number=number).first()
        if department is None:
            raise ValidationError(f"Afdeling {ref!r} findes ikke.")
        if department not in out:
            out.append(department)
    return out


@transaction.atomic
def add_agreement(
    *,
    meeting: Meeting | None,
    text: str,
    responsible_side: str,
    by: Any,
    agenda_item: AgendaItem | None = None,
    responsible_person: str = "",
    deadline: date | None = None,
    departments: Iterable[Department] = (),
    organisation: Organisation | None = None,
    kommune: Kommune | None = None,
    styringsaar: int | None = None,
) -> Agreement:
    """An agreement made at ``meeting`` (under ``agenda_item``), status aftalt.

    Without a meeting (an agreement made outside a dialogue meeting) ``kommune``,
    ``organisation`` and ``styringsaar`` say whose it is; the organisation must have its home
    or a department in the kommune."""
    text = _clean_text(text, "Aftalens tekst", 2000)
    if responsible_side not in ResponsibleSide.values:
        raise ValidationError("Vælg hvem der er ansvarlig for aftalen.")
    if meeting is not None:
        organisation = organisation or meeting.organisation
        kommune = meeting.kommune
        styringsaar = meeting.styringsaar
        if organisation.pk not in participating_organisation_ids(meeting):
            raise ValidationError(f"{organisation.name} deltager ikke i mødet.")
        if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
            raise ValidationError("Dagsordenspunktet hører til et andet møde.")
    else:
        if kommune is None or organisation is None or styringsaar is None:
            raise ValidationError(
                "Angiv mødet, eller kommune, boligorganisation og styringsår for aftalen."
            )
        if agenda_item is not None:
            raise ValidationError("Et dagsordenspunkt kræver, at mødet er angivet.")
        if (
            organisation.home_kommune_id != kommune.pk
            and not organisation.departments.filter(kommune=kommune).exists()
        ):
            raise ValidationError(f"{organisation.name} har ingen afdelinger i {kommune.name}.")
    departments = list(departments)
    _check_departments(departments, organisation)
    agreement = Agreement.objects.create(
        kommune=kommune,
        organisation=organisation,
        meeting=meeting,
        agenda_item=agenda_item,
        styringsaar=styringsaar,
        text=text,
        responsible_side=responsible_side,
        responsible_person=(responsible_person or "").strip()[:200],
        deadline=deadline,
        created_by=by,
    )
    agreement.departments.set(departments)
    record_event(agreement, by=by, field="oprettet", new=status_label(S.AGREED), note=text)
    notifications.notify_agreement_assigned(agreement=agreement, by=by)  # i10-invite
    return agreement


def _locked(agreement: Agreement) -> Agreement:
    fresh = Agreement.objects.select_for_update().get(pk=agreement.pk)
    agreement.status = fresh.status
    agreement.version = fresh.version
    return agreement


@transaction.atomic
def change_agreement_status(
    *, agreement: Agreement, status: str, by: Any, note: str = "", version: int | None = None
) -> Agreement:
    """Move the agreement to ``status`` (or, with the same status and a note, report progress).

    Refuses illegal moves with a Danish ``ValidationError`` and moves the actor may not make
    with ``PermissionDenied``. ``version`` is the version the writer read: when someone changed
    the agreement in between, nothing is written and ``AgreementConflict`` is raised. A status
    change bumps the version (a progress note does not), so an edit begun before it is stale.
    ``videreført`` creates next year's copy (see ``carry_over_agreement``); the returned
    agreement is always the one passed in.
    """
    _locked(agreement)
    note = (note or "").strip()
    if status not in S.values:
        raise ValidationError(f"Ukendt status: {status!r}.")
    level = _write_level(by, agreement)
    if level is None:
        raise PermissionDenied("Du kan ikke ændre denne aftale.")
    if version is not None and version != agreement.version:
        raise AgreementConflict(stored=agreement.version, yours=version)
    if status == agreement.status:
        return _report_progress(agreement, by=by, note=note)
    if agreement.status in Agreement.FINAL_STATUSES:
        raise ValidationError(f"Aftalen er {status_label(agreement.status)} og kan ikke ændres.")
    if level == "progress" and (agreement.status, status) not in ORGANISATION_TRANSITIONS:
        raise PermissionDenied(
            "Boligorganisationen kan kun melde en aftale i gang og skrive status på den. "
            "Kommunen vurderer, om aftalen er opfyldt."
        )
    if status not in TRANSITIONS[agreement.status]:
        raise ValidationError(
            f"En aftale kan ikke gå fra '{status_label(agreement.status)}' direkte til '{status_label(status)}'."
        )
    if status == S.CARRIED_OVER:
        carry_over_agreement(agreement=agreement, by=by, note=note)
        return agreement
    return _set_status(agreement, status, by=by, note=note)


def _set_status(agreement: Agreement, status: str, *, by: Any, note: str) -> Agreement:
    old = agreement.status
    agreement.status = status
    agreement.version += 1
    agreement.save(update_fields=["status", "version", "updated_at"])
    record_event(
        agreement, by=by, field="status", old=status_label(old), new=status_label(status), note=note
    )
    return agreement


def _report_progress(agreement: Agreement, *, by: Any, note: str) -> Agreement:
    if not note:
        raise ValidationError(
            f"Aftalen har allerede status '{status_label(agreement.status)}'. Skriv en bemærkning for at melde status."
        )
    if agreement.status in Agreement.FINAL_STATUSES:
        raise ValidationError(f"Aftalen er {status_label(agreement.status)} og kan ikke ændres.")
    record_event(agreement, by=by, field="bemærkning", note=note[:5000])
    return agreement


@transaction.atomic
def carry_over_agreement(
    *,
    agreement: Agreement,
    by: Any,
    note: str = "",
    deadline: date | None = None,
    meeting: Meeting | None = None,
) -> Agreement:
    """Close a partly or not fulfilled agreement as videreført and return its copy for the next
    styringsår (status aftalt, ``carried_from`` pointing back). ``meeting``: next year's meeting."""
    _locked(agreement)
    if _write_level(by, agreement) != "full":
        raise PermissionDenied("Kun kommunen kan videreføre en aftale.")
    if agreement.status not in (S.PARTLY_FULFILLED, S.NOT_FULFILLED):
        raise ValidationError(
            f"Kun delvist eller ikke opfyldte aftaler kan videreføres (aftalen er {status_label(agreement.status)})."
        )
    if meeting is not None and (
        meeting.organisation_id != agreement.organisation_id
        or meeting.kommune_id != agreement.kommune_id
    ):
        raise ValidationError(
            "Aftalen kan kun videreføres til et møde med samme kommune og boligorganisation."
        )
    if meeting is not None and meeting.styringsaar <= agreement.styringsaar:
        raise ValidationError(
            f"Aftalen kan kun videreføres til et møde i et senere styringsår end {agreement.styringsaar}."
        )
    year = meeting.styringsaar if meeting else agreement.styringsaar + 1
    copy = Agreement.objects.create(
        kommune_id=agreement.kommune_id,
        organisation_id=agreement.organisation_id,
        meeting=meeting,
        styringsaar=year,
        text=agreement.text,
        responsible_side=agreement.responsible_side,
        responsible_person=agreement.responsible_person,
        deadline=deadline,
        carried_from=agreement,
        created_by=by,
    )
    copy.departments.set(agreement.departments.all())
    _set_status(
        agreement,
        S.CARRIED_OVER,
        by=by,
        note=note or f"Videreført til {year} (aftale nr. {copy.pk}).",
    )
    record_event(
        copy,
        by=by,
        field="oprettet",
        new=status_label(S.AGREED),
        note=f"Videreført fra {agreement.styringsaar} (aftale nr. {agreement.pk}).",
    )
    return copy


@transaction.atomic
def update_agreement(
    *,
    agreement: Agreement,
    by: Any,
    text: Any = UNSET,
    deadline: Any = UNSET,
    responsible_side: Any = UNSET,
    responsible_person: Any = UNSET,
    departments: Any = UNSET,
    version: int | None = None,
    note: str = "",
) -> Agreement:
    """Change text, deadline, responsibility or departments (kommune only); one event per
    changed field. ``version`` is the version the writer read: when someone saved in between,
    nothing is written and ``AgreementConflict`` is raised. A change bumps the version."""
    _locked(agreement)
    if _write_level(by, agreement) != "full":
        raise PermissionDenied("Kun kommunen kan ændre aftalens indhold.")
    if version is not None and version != agreement.version:
        raise AgreementConflict(stored=agreement.version, yours=version)
    if agreement.status in Agreement.FINAL_STATUSES:
        raise ValidationError(f"Aftalen er {status_label(agreement.status)} og kan ikke ændres.")
    if text is not UNSET:
        text = _clean_text(text, "Aftalens tekst", 2000)
    if responsible_side is not UNSET and responsible_side not in ResponsibleSide.values:
        raise ValidationError("Vælg hvem der er ansvarlig for aftalen.")
    if responsible_person is not UNSET:
        responsible_person = (responsible_person or "").strip()[:200]
    changed = False
    if departments is not UNSET:
        departments = list(departments)
        _check_departments(departments, agreement.organisation)
        old_departments = list(agreement.departments.order_by("organisation__number", "number"))
        if {d.pk for d in departments} != {d.pk for d in old_departments}:
            agreement.departments.set(departments)
            record_event(
                agreement,
                by=by,
                field="afdelinger",
                old=_show_departments(old_departments),
                new=_show_departments(departments),
                note=note,
            )
            changed = True
    changes = {
        "text": text,
        "deadline": deadline,
        "responsible_side": responsible_side,
        "responsible_person": responsible_person,
    }
    labels = {
        "text": "tekst",
        "deadline": "frist",
        "responsible_side": "ansvarlig part",
        "responsible_person": "ansvarlig person",
    }
    for name, value in changes.items():
        old = getattr(agreement, name)
        if value is UNSET or value == old:
            continue
        setattr(agreement, name, value)
        record_event(
            agreement, by=by, field=labels[name], old=_show(old), new=_show(value), note=note
        )
        changed = True
    if changed:
        agreement.version += 1
        agreement.save()
    return agreement


def _show_departments(departments: Iterable[Department]) -> str:
    return ", ".join(f"{d.number} {d.name}" for d in departments) or "–"


def _show(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return str(dict(ResponsibleSide.choices).get(value, value))
