"""Writes of the anvisning app: keyword-only, validated, one transaction, ``by`` the actor.

Access to the object is authorised at the edge (``queries.get_*_for_user(write=True)``); the
services check the rules that depend on the actor (only the kommune writes agreements and the
ledger; the organisation's staff may comment) with ``accounts.permissions``, so the CLI and the
API cannot bypass them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from almen.anvisning import looks_like_cpr
from almen.formatting import format_date
from styringsdialog.accounts.permissions import (
    can_comment_on_anvisning,
    can_edit_anvisning_comment,
    can_write_anvisning,
    scope_for,
)
from styringsdialog.anvisning.models import (
    AnvisningAgreement,
    AnvisningComment,
    CommentRevision,
    CoveredDepartment,
    LedgerEntry,
    LedgerEvent,
    LegalBasis,
    Outcome,
    StepReview,
    VacancyCount,
)
from styringsdialog.registry.models import Department, Kommune, Organisation

CPR_MESSAGE = (
    "Husstandsreferencen ligner et CPR-nummer. Brug kommunens egen sags- eller "
    "husstandsreference – aldrig CPR-nummeret."
)


class Conflict(Exception):
    """Someone else saved the row after the writer read it (a stale ``version``)."""

    def __init__(self, stored: int, yours: int) -> None:
        self.stored, self.yours = stored, yours
        super().__init__(
            f"Rækken er blevet ændret af en anden (version {stored}, du startede fra {yours}). "
            "Hent den igen og gentag din ændring."
        )


def _who(by: Any) -> str:
    if by is None:
        return "system"
    return (by.get_full_name() or by.get_username())[:150]


def _require_kommune_writer(by: Any, kommune_id: int) -> None:
    if by is not None and not can_write_anvisning(scope_for(by), kommune_id):
        raise PermissionDenied("Kun kommunens sagsbehandlere kan skrive i anvisningen.")


def validate_household_ref(ref: str) -> str:
    ref = (ref or "").strip()
    if looks_like_cpr(ref):
        raise ValidationError({"household_ref": CPR_MESSAGE})
    return ref


# --- agreements -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentTerms:
    department: Department
    share: Decimal
    step: int | None = None
    criteria: str = ""


def _check_terms(kommune: Kommune, organisation: Organisation | None, terms: list[DepartmentTerms]):
    seen: set[int] = set()
    for t in terms:
        d = t.department
        if organisation is not None and d.organisation_id != organisation.pk:
            raise ValidationError(
                f"Afdeling {d.number} hører ikke under {organisation.name}; en rammeaftale "
                "(uden boligorganisation) kan dække flere organisationer."
            )
        if d.kommune_id != kommune.pk and (d.organisation.home_kommune_id != kommune.pk):
            raise ValidationError(f"Afdeling {d.name} ligger ikke i {kommune.name}.")
        if not (Decimal(0) <= Decimal(t.share) <= Decimal(100)):
            raise ValidationError(f"Anvisningsandelen for {d.name} skal ligge mellem 0 og 100 %.")
        if d.pk in seen:
            raise ValidationError(f"Afdeling {d.name} står to gange i aftalen.")
        seen.add(d.pk)


@transaction.atomic
def create_agreement(
    *,
    kommune: Kommune,
    organisation: Organisation | None,
    title: str,
    legal_basis: str,
    valid_from: date,
    valid_to: date,
    departments: Iterable[DepartmentTerms] = (),
    trappemodel: bool = False,
    note: str = "",
    supersedes: AnvisningAgreement | None = None,
    by: Any = None,
) -> AnvisningAgreement:
    """A new agreement (or, with ``supersedes``, the renewal of one: the old version is kept
    unchanged and points to the new one)."""
    _require_kommune_writer(by, kommune.pk)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Giv aftalen en titel."})
    if legal_basis not in LegalBasis.values:
        raise ValidationError({"legal_basis": "Ukendt hjemmel."})
    if valid_to < valid_from:
        raise ValidationError({"valid_to": "Aftalen skal slutte efter den begynder."})
    terms = list(departments)
    if not terms:
        raise ValidationError("Aftalen skal dække mindst én afdeling.")
    _check_terms(kommune, organisation, terms)
    number = 1
    if supersedes is not None:
        supersedes = AnvisningAgreement.objects.select_for_update().get(pk=supersedes.pk)
        if AnvisningAgreement.objects.filter(supersedes=supersedes).exists():
            raise ValidationError("Aftalen er allerede fornyet; forny den nyeste version.")
        if supersedes.kommune_id != kommune.pk or supersedes.organisation_id != (
            organisation.pk if organisation else None
        ):
            raise ValidationError("En fornyelse har samme kommune og boligorganisation.")
        number = supersedes.number + 1
    agreement = AnvisningAgreement.objects.create(
        kommune=kommune,
        organisation=organisation,
        title=title[:200],
        legal_basis=legal_basis,
        trappemodel=trappemodel,
        valid_from=valid_from,
        valid_to=valid_to,
        note=note,
        supersedes=supersedes,
        number=number,
        created_by=by,
    )
    CoveredDepartment.objects.bulk_create(
        [
            CoveredDepartment(
                agreement=agreement,
                department=t.department,
                share=Decimal(t.share),
                step=t.step,
                criteria=t.criteria,
            )
            for t in terms
        ]
    )
    return agreement


@transaction.atomic
def review_step(
    *,
    covered: CoveredDepartment,
    year: int,
    share: Decimal,
    step: int | None = None,
    criteria: str | None = None,
    note: str = "",
    reviewed_on: date | None = None,
    by: Any = None,
) -> StepReview:
    """The yearly review of a department's step; the department's current terms follow it and
    every earlier review stays as history. A year is reviewed once."""
    _require_kommune_writer(by, covered.agreement.kommune_id)
    if not (Decimal(0) <= Decimal(share) <= Decimal(100)):
        raise ValidationError({"share": "Anvisningsandelen skal ligge mellem 0 og 100 %."})
    if not 1900 <= year <= 2200:
        raise ValidationError({"year": "Året skal ligge mellem 1900 og 2200."})
    if step is not None and not 0 <= step <= 20:
        raise ValidationError({"step": "Trinnet skal være et helt tal fra 0 til 20."})
    if StepReview.objects.filter(covered=covered, year=year).exists():
        raise ValidationError(f"Afdelingens trin er allerede revurderet for {year}.")
    review = StepReview.objects.create(
        covered=covered,
        year=year,
        step=step,
        share=Decimal(share),
        criteria=covered.criteria if criteria is None else criteria,
        note=note,
        reviewed_on=reviewed_on or date.today(),
        by_name=_who(by),
    )
    covered.share, covered.step = review.share, review.step
    covered.criteria = review.criteria
    covered.save(update_fields=["share", "step", "criteria"])
    return review


# --- the ledger -------------------------------------------------------------------------------


MONEY_FIELDS = (
    "rent",
    "vacancy_amount",
    "guarantee_claimed",
    "guarantee_approved",
    "guarantee_paid",
)


def _validate_entry(entry: LedgerEntry) -> None:
    errors: dict[str, str] = {}
    if entry.outcome not in Outcome.values:
        errors["outcome"] = "Ukendt udfald."
    elif entry.outcome != Outcome.PENDING and entry.outcome_on is None:
        errors["outcome_on"] = "Angiv datoen for udfaldet."
    if entry.outcome_on and entry.outcome_on < entry.offered_on:
        errors["outcome_on"] = "Udfaldet kan ikke ligge før boligen blev tilbudt."
    if bool(entry.vacancy_from) != bool(entry.vacancy_to):
        errors["vacancy_to"] = "Angiv både første og sidste dag med betalt tomgang."
    elif entry.vacancy_from and entry.vacancy_to and entry.vacancy_to < entry.vacancy_from:
        errors["vacancy_to"] = "Sidste dag med tomgang ligger før den første."
    for name in MONEY_FIELDS:
        if Decimal(getattr(entry, name) or 0) < 0:
            errors[name] = "Beløbet kan ikke være negativt."
    if entry.guarantee_approved > entry.guarantee_claimed:
        errors["guarantee_approved"] = "Det godkendte beløb er større end kravet."
    if entry.guarantee_paid > 0 and entry.guarantee_paid_on is None:
        errors["guarantee_paid_on"] = "Angiv udbetalingsdatoen."
    if entry.guarantee_claimed > 0 and entry.guarantee_claimed_on is None:
        errors["guarantee_claimed_on"] = "Angiv datoen for kravet."
    if not entry.dwelling.strip():
        errors["dwelling"] = "Angiv lejemålets nummer."
    try:
        entry.household_ref = validate_household_ref(entry.household_ref)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)


def _check_department(kommune: Kommune, department: Department) -> None:
    if (
        department.kommune_id != kommune.pk
        and department.organisation.home_kommune_id != kommune.pk
    ):
        raise ValidationError(
            {"department": f"Afdeling {department.name} ligger ikke i {kommune.name}."}
        )


@transaction.atomic
def add_entry(
    *,
    kommune: Kommune,
    department: Department,
    dwelling: str,
    offered_on: date,
    by: Any = None,
    **values: Any,
) -> LedgerEntry:
    """A dwelling offered to the kommune. ``values``: the fields of ``LedgerEntry.EDITABLE``."""
    _require_kommune_writer(by, kommune.pk)
    _check_department(kommune, department)
    unknown = set(values) - set(LedgerEntry.EDITABLE) - {"source"}
    if unknown:
        raise ValidationError(f"Ukendte felter: {', '.join(sorted(unknown))}.")
    entry = LedgerEntry(
        kommune=kommune,
        department=department,
        dwelling=(dwelling or "").strip()[:40],
        offered_on=offered_on,
        **values,
    )
    _validate_entry(entry)
    if LedgerEntry.objects.filter(
        kommune=kommune, department=department, dwelling=entry.dwelling, offered_on=offered_on
    ).exists():
        raise ValidationError(
            f"Lejemål {entry.dwelling} i {department.name} står allerede som tilbudt "
            f"{format_date(offered_on)}."
        )
    entry.save()
    LedgerEvent.objects.create(
        entry=entry, by_name=_who(by), field="oprettet", new_value=str(entry)
    )
    return entry


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@transaction.atomic
def update_entry(
    *, entry: LedgerEntry, version: int | None = None, by: Any = None, **changes: Any
) -> LedgerEntry:
    """Change the fields given; every changed field is kept in ``LedgerEvent``. ``version`` is
    the version the writer read: someone saved in between → ``Conflict``, nothing written."""
    _require_kommune_writer(by, entry.kommune_id)
    fresh = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    if version is not None and version != fresh.version:
        raise Conflict(stored=fresh.version, yours=version)
    unknown = set(changes) - set(LedgerEntry.EDITABLE)
    if unknown:
        raise ValidationError(f"Ukendte felter: {', '.join(sorted(unknown))}.")
    changed = []
    for name, value in changes.items():
        old = getattr(fresh, name)
        if name in MONEY_FIELDS:
            value = Decimal(value or 0)
        if _show(old) != _show(value):
            changed.append((name, old, value))
            setattr(fresh, name, value)
    if not changed:
        return fresh
    _validate_entry(fresh)
    fresh.version += 1
    fresh.save()
    LedgerEvent.objects.bulk_create(
        [
            LedgerEvent(
                entry=fresh, by_name=_who(by), field=n, old_value=_show(o), new_value=_show(v)
            )
            for n, o, v in changed
        ]
    )
    entry.__dict__.update(fresh.__dict__)
    return fresh


@transaction.atomic
def set_vacancies(
    *, department: Department, kommune: Kommune, year: int, vacancies: int, by: Any = None
) -> VacancyCount:
    """The vacant family dwellings of a department in a year (the base of the achieved share)."""
    _require_kommune_writer(by, kommune.pk)
    _check_department(kommune, department)
    if vacancies < 0:
        raise ValidationError({"vacancies": "Antallet kan ikke være negativt."})
    row, _ = VacancyCount.objects.update_or_create(
        department=department, year=year, defaults={"vacancies": vacancies}
    )
    return row


# --- comments ---------------------------------------------------------------------------------


def _comment_orgs(agreement: AnvisningAgreement | None, entry: LedgerEntry | None) -> set[int]:
    if entry is not None:
        return {entry.department.organisation_id}
    assert agreement is not None
    orgs = set(agreement.departments.values_list("department__organisation_id", flat=True))
    if agreement.organisation_id:
        orgs.add(agreement.organisation_id)
    return orgs


@transaction.atomic
def add_comment(
    *,
    text: str,
    by: Any,
    agreement: AnvisningAgreement | None = None,
    entry: LedgerEntry | None = None,
) -> AnvisningComment:
    """A comment on an agreement or a ledger row by the kommune or the organisation's staff."""
    if (agreement is None) == (entry is None):
        raise ValidationError("Kommentér enten en aftale eller en række på anvisningslisten.")
    kommune_id = (agreement or entry).kommune_id  # type: ignore[union-attr]
    if not can_comment_on_anvisning(scope_for(by), kommune_id, _comment_orgs(agreement, entry)):
        raise PermissionDenied("Du kan ikke kommentere her.")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Skriv en kommentar."})
    return AnvisningComment.objects.create(
        agreement=agreement, entry=entry, author=by, author_name=_who(by), text=text[:4000]
    )


@transaction.atomic
def edit_comment(
    *, comment: AnvisningComment, text: str, version: int | None = None, by: Any
) -> AnvisningComment:
    """The author changes their comment; the earlier text is kept as a revision."""
    fresh = AnvisningComment.objects.select_for_update().get(pk=comment.pk)
    target = fresh.entry or fresh.agreement
    if by is None or not can_edit_anvisning_comment(
        scope_for(by),
        user_id=by.pk,
        author_id=fresh.author_id,
        kommune_id=target.kommune_id if target is not None else None,
        organisation_ids=_comment_orgs(fresh.agreement, fresh.entry),
    ):
        raise PermissionDenied("Kun den, der skrev kommentaren, kan rette den.")
    if version is not None and version != fresh.version:
        raise Conflict(stored=fresh.version, yours=version)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Skriv en kommentar."})
    if text == fresh.text:
        return fresh
    CommentRevision.objects.create(comment=fresh, text=fresh.text, by_name=_who(by))
    fresh.text, fresh.version = text[:4000], fresh.version + 1
    fresh.save(update_fields=["text", "version", "updated_at"])
    return fresh


def terms_from_refs(
    kommune: Kommune, lines: Iterable[tuple[str, Decimal, int | None, str]]
) -> list[DepartmentTerms]:
    """("0151-003", share, step, criteria) lines → terms; unknown departments are an error."""
    from styringsdialog.anvisning.queries import resolve_department

    terms = []
    for ref, share, step, criteria in lines:
        department = resolve_department(ref, kommune=kommune)
        if department is None:
            raise ValidationError(f"Afdeling '{ref}' findes ikke (skriv ORG-AFD, fx 0151-003).")
        terms.append(DepartmentTerms(department, Decimal(share), step, criteria))
    return terms
