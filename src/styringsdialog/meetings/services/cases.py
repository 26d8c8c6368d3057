"""Cases (sager) per department: open, edit, timeline entries, status, links to agenda items
and to other departments."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from styringsdialog.meetings.models import AgendaItem, Case, CaseEntry, CaseLink
from styringsdialog.meetings.services.meetings import _clean_text, participating_organisation_ids
from styringsdialog.registry.models import Department, Kommune

UNSET: Any = object()


class CaseConflict(ValidationError):
    """Someone else changed the case after the writer read it (a stale ``version``)."""

    def __init__(self, stored: int, yours: int) -> None:
        super().__init__(
            f"Sagen er blevet ændret af en anden (version {stored}, du startede fra {yours}). "
            "Hent sagen igen og prøv igen."
        )
        self.stored = stored
        self.yours = yours


class CaseLinkExists(ValidationError):
    """The case is already linked to that agenda item or department (``link`` is the link)."""

    def __init__(self, link: CaseLink, message: str) -> None:
        super().__init__(message)
        self.link = link


@transaction.atomic
def open_case(
    *,
    department: Department,
    category: str,
    title: str,
    opened_on: date,
    by: Any,
    kommune: Kommune | None = None,
    text: str = "",
    responsible: str = "",
) -> Case:
    """A new open case; ``text`` (optional) becomes the first timeline entry."""
    kommune = kommune or department.kommune
    if kommune.pk not in (department.kommune_id, department.organisation.home_kommune_id):
        raise ValidationError(
            f"Afdelingen {department.name} ligger ikke i {kommune.name}, og organisationen har ikke hjemsted der."
        )
    if category not in Case.Category.values:
        raise ValidationError("Vælg en kategori for sagen.")
    case = Case.objects.create(
        kommune=kommune,
        department=department,
        category=category,
        title=_clean_text(title, "Sagens titel", 300),
        opened_on=opened_on,
        responsible=(responsible or "").strip()[:200],
        created_by=by,
    )
    if text.strip():
        add_case_entry(case=case, date=opened_on, text=text, by=by)
    return case


@transaction.atomic
def open_case_once(
    *,
    department: Department,
    category: str,
    title: str,
    opened_on: date,
    by: Any,
    text: str = "",
    responsible: str = "",
    kommune: Kommune | None = None,
) -> tuple[Case, bool]:
    """``open_case`` unless the department already has a case of the same kommune that is not
    closed with the same title (a repeated click, a retried request): then that case. Returns
    ``(case, created)``."""
    existing = (
        Case.objects.filter(
            department=department,
            kommune=kommune or department.kommune,
            title=title.strip()[:300],
        )
        .exclude(status=Case.Status.CLOSED)
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing, False
    case = open_case(
        department=department,
        category=category,
        title=title,
        opened_on=opened_on,
        text=text,
        responsible=responsible,
        kommune=kommune,
        by=by,
    )
    return case, True


@transaction.atomic
def add_case_entry(*, case: Case, date: date, text: str, by: Any) -> CaseEntry:
    if case.status == Case.Status.CLOSED:
        raise ValidationError("Sagen er lukket. Genåbn den for at skrive i forløbet.")
    if date < case.opened_on:
        raise ValidationError(f"Datoen ligger før sagen blev oprettet ({case.opened_on:%d.%m.%Y}).")
    return CaseEntry.objects.create(
        case=case, date=date, text=_clean_text(text, "Teksten", 10_000), author=by
    )


@transaction.atomic
def change_case_status(*, case: Case, status: str, by: Any, note: str = "") -> Case:
    """Åben ↔ afventer ↔ lukket; every change is written to the timeline."""
    if status not in Case.Status.values:
        raise ValidationError("Ukendt status for sagen.")
    if status == case.status:
        raise ValidationError(f"Sagen har allerede status '{case.get_status_display().lower()}'.")
    old = case.get_status_display().lower()
    case.status = status
    case.closed_on = timezone.localdate() if status == Case.Status.CLOSED else None
    case.save(update_fields=["status", "closed_on"])
    text = f"Status ændret fra {old} til {case.get_status_display().lower()}."
    CaseEntry.objects.create(
        case=case, date=timezone.localdate(), text=f"{text} {note.strip()}".strip(), author=by
    )
    return case


def close_case(*, case: Case, by: Any, note: str = "") -> Case:
    return change_case_status(case=case, status=Case.Status.CLOSED, by=by, note=note)


@transaction.atomic
def link_case_to_item(*, case: Case, agenda_item: AgendaItem, by: Any = None) -> CaseLink:
    """Record that the case was discussed under an agenda item of one of its kommune's meetings."""
    meeting = agenda_item.meeting
    if meeting.kommune_id != case.kommune_id:
        raise ValidationError("Sagen hører til en anden kommune end mødet.")
    if case.department.organisation_id not in participating_organisation_ids(meeting):
        raise ValidationError("Sagens afdeling hører ikke til en af mødets boligorganisationer.")
    existing = CaseLink.objects.filter(case=case, agenda_item=agenda_item).first()
    if existing is not None:
        raise CaseLinkExists(existing, "Sagen er allerede knyttet til punktet.")
    return CaseLink.objects.create(case=case, agenda_item=agenda_item)


@transaction.atomic
def link_case_to_department(*, case: Case, department: Department, by: Any = None) -> CaseLink:
    """Record that the case concerns another department too (in the case's kommune, or of an
    organisation with its home there)."""
    if department.pk == case.department_id:
        raise ValidationError("Sagen handler allerede om den afdeling.")
    if case.kommune_id not in (department.kommune_id, department.organisation.home_kommune_id):
        raise ValidationError(
            f"Afdelingen {department.name} ligger ikke i sagens kommune, "
            "og organisationen har ikke hjemsted der."
        )
    existing = CaseLink.objects.filter(case=case, department=department).first()
    if existing is not None:
        raise CaseLinkExists(existing, "Sagen er allerede knyttet til afdelingen.")
    return CaseLink.objects.create(case=case, department=department)


@transaction.atomic
def remove_case_link(*, link: CaseLink, by: Any = None) -> None:
    link.delete()


@transaction.atomic
def update_case(
    *,
    case: Case,
    by: Any,
    title: Any = UNSET,
    category: Any = UNSET,
    responsible: Any = UNSET,
    version: int | None = None,
) -> Case:
    """Change the title, category or responsible caseworker; each change is written to the timeline. ``version`` is the
    version the writer read: when someone saved in between, nothing is written and
    ``CaseConflict`` is raised. A change bumps the version."""
    fresh = Case.objects.select_for_update().get(pk=case.pk)
    if version is not None and version != fresh.version:
        raise CaseConflict(stored=fresh.version, yours=version)
    if fresh.status == Case.Status.CLOSED:
        raise ValidationError("Sagen er lukket. Genåbn den for at ændre den.")
    changes: list[str] = []
    if title is not UNSET:
        title = _clean_text(title, "Sagens titel", 300)
        if title != fresh.title:
            changes.append(f"Titel ændret fra »{fresh.title}« til »{title}«.")
            case.title = title
    if category is not UNSET:
        if category not in Case.Category.values:
            raise ValidationError("Vælg en kategori for sagen.")
        if category != fresh.category:
            labels = dict(Case.Category.choices)
            changes.append(
                f"Kategori ændret fra {str(labels[fresh.category]).lower()} "
                f"til {str(labels[category]).lower()}."
            )
            case.category = category
    if responsible is not UNSET:
        responsible = (responsible or "").strip()[:200]
        if responsible != fresh.responsible:
            changes.append(
                f"Ansvarlig ændret fra {fresh.responsible or '–'} til {responsible or '–'}."
            )
            case.responsible = responsible
    if changes:
        case.version = fresh.version + 1
        case.save(update_fields=["title", "category", "responsible", "version"])
        CaseEntry.objects.create(
            case=case, date=timezone.localdate(), text=" ".join(changes), author=by
        )
    return case
