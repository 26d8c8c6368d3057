"""Writes on construction cases: open, edit (optimistic lock), approve milestones in order,
add and update events, link to the department's cases, agreements and agenda items, close;
and the maksimumbeløb rate table. Keyword-only, validated, one transaction, ``by=`` actor; every
change is written to the case's (or the rate table's) history.

Authorisation of the object is at the edge (``queries.get_construction_case_for_user``); the
rule that depends on the actor — organisation staff add events but never approve or change
figures — is enforced here from ``by`` (``accounts.permissions``), so the CLI and API cannot
bypass it.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from almen import construction as calc
from styringsdialog.accounts.permissions import (
    can_add_construction_event,
    can_edit_construction_rates,
    can_write_construction,
    scope_for,
)
from styringsdialog.construction.models import (
    CaseChange,
    CaseDocument,
    ConstructionCase,
    Event,
    MaximumRate,
    Milestone,
    RateChange,
)
from styringsdialog.registry.models import Department, Kommune, Organisation

UNSET: Any = object()
EDITABLE = (
    "title",
    "kind",
    "housing_type",
    "rate_region",
    "dwellings",
    "area_m2",
    "loan_amount",
    "property_value",
    "prior_debt",
    "responsible",
    "description",
    "new_department_name",
)


class Conflict(ValidationError):
    """Someone else saved in between (a stale ``version``)."""

    def __init__(self, what: str, stored: int, yours: int) -> None:
        super().__init__(
            f"{what} er blevet ændret af en anden (version {stored}, du startede fra {yours}). "
            "Hent den igen og prøv igen."
        )
        self.stored = stored
        self.yours = yours


def _name(by: Any) -> str:
    if by is None:
        return ""
    return (by.get_full_name() or by.username)[:200]


def _text(value: Any, label: str, max_length: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise ValidationError(f"{label} indeholder ugyldige tegn.")
    if required and not value:
        raise ValidationError(f"{label} skal udfyldes.")
    if len(value) > max_length:
        raise ValidationError(f"{label} må højst være {max_length} tegn.")
    return value


def _amount(value: Any, label: str, *, allow_none: bool = True) -> Decimal | None:
    if value is None or value == "":
        if allow_none:
            return None
        raise ValidationError(f"{label} skal udfyldes.")
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{label} skal være et tal.") from None
    if not d.is_finite() or d < 0 or d >= Decimal(10) ** 13:
        raise ValidationError(f"{label} skal være et tal mellem 0 og 9.999.999.999.999.")
    return d


def _require_kommune(by: Any, case: ConstructionCase) -> None:
    if by is not None and not can_write_construction(scope_for(by), case):
        raise PermissionDenied("Kun kommunens sagsbehandlere kan gøre det i byggesagen.")


def _log(case: ConstructionCase, by: Any, label: str, old: str = "", new: str = "") -> None:
    CaseChange.objects.create(
        case=case, by=by, by_name=_name(by), label=label[:300], old_value=old, new_value=new
    )


def _validate_case_fields(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if "title" in out:
        out["title"] = _text(out["title"], "Titlen", 300)
    if "kind" in out and out["kind"] not in calc.KINDS:
        raise ValidationError("Vælg sagens art.")
    if "housing_type" in out and out["housing_type"] not in calc.HOUSING_TYPES:
        raise ValidationError("Vælg boligtype.")
    if "rate_region" in out:
        out["rate_region"] = out["rate_region"] or ""
        if out["rate_region"] not in calc.RATE_REGIONS:
            raise ValidationError("Ukendt område for maksimumbeløbet.")
    if "dwellings" in out:
        try:
            out["dwellings"] = int(out["dwellings"] or 0)
        except (TypeError, ValueError):
            raise ValidationError("Antal boliger skal være et helt tal.") from None
        if not 0 <= out["dwellings"] <= 100_000:
            raise ValidationError("Antal boliger skal være mellem 0 og 100.000.")
    if "area_m2" in out:
        area = _amount(out["area_m2"], "Boligarealet", allow_none=False)
        if area is not None and area > 10_000_000:
            raise ValidationError("Boligarealet er for stort.")
        out["area_m2"] = area.quantize(Decimal("0.1")) if area is not None else area
    for name, label in (
        ("loan_amount", "Lånet"),
        ("property_value", "Ejendomsværdien"),
    ):
        if name in out:
            out[name] = _amount(out[name], label)
    if "prior_debt" in out:
        out["prior_debt"] = _amount(out["prior_debt"], "Forudgående lån") or Decimal(0)
    for name, label, length in (
        ("responsible", "Ansvarlig", 200),
        ("description", "Beskrivelsen", 10_000),
        ("new_department_name", "Navnet på den nye afdeling", 200),
    ):
        if name in out:
            out[name] = _text(out[name], label, length, required=False)
    return out


@transaction.atomic
def open_construction_case(
    *,
    kommune: Kommune,
    organisation: Organisation,
    kind: str,
    title: str,
    by: Any,
    department: Department | None = None,
    new_department_name: str = "",
    opened_on: date | None = None,
    **figures: Any,
) -> ConstructionCase:
    """A new case about an existing department, or a new one (``new_department_name``)."""
    if department is not None:
        if department.organisation_id != organisation.pk:
            raise ValidationError(
                f"Afdelingen {department.name} hører ikke til {organisation.name}."
            )
        if kommune.pk not in (department.kommune_id, organisation.home_kommune_id):
            raise ValidationError(f"Afdelingen {department.name} ligger ikke i {kommune.name}.")
    else:
        if not (new_department_name or "").strip():
            raise ValidationError("Vælg en afdeling, eller skriv navnet på den nye afdeling.")
        if (
            kommune.pk != organisation.home_kommune_id
            and not organisation.departments.filter(kommune=kommune).exists()
        ):
            raise ValidationError(
                f"{organisation.name} har ikke hjemsted eller afdelinger i {kommune.name}."
            )
    unknown = set(figures) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"Ukendte felter: {', '.join(sorted(unknown))}.")
    values = _validate_case_fields(
        {"title": title, "kind": kind, "new_department_name": new_department_name, **figures}
    )
    if by is not None and not scope_for(by).can_write_kommune(kommune.pk):
        raise PermissionDenied("Kun kommunens sagsbehandlere kan oprette byggesager.")
    case = ConstructionCase.objects.create(
        kommune=kommune,
        organisation=organisation,
        department=department,
        opened_on=opened_on or timezone.localdate(),
        created_by=by,
        **values,
    )
    _log(case, by, "Byggesagen er oprettet", new=case.title)
    return case


@transaction.atomic
def update_construction_case(
    *, case: ConstructionCase, by: Any, version: int | None = None, **changes: Any
) -> ConstructionCase:
    """Change the title or figures; ``version`` is the version the writer read."""
    _require_kommune(by, case)
    fresh = ConstructionCase.objects.select_for_update().get(pk=case.pk)
    if version is not None and version != fresh.version:
        raise Conflict("Byggesagen", fresh.version, version)
    if fresh.status == ConstructionCase.Status.CLOSED:
        raise ValidationError("Byggesagen er lukket.")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"Ukendte felter: {', '.join(sorted(unknown))}.")
    values = _validate_case_fields(changes)
    changed = []
    for name, value in values.items():
        old = getattr(fresh, name)
        if old != value:
            label = str(getattr(ConstructionCase._meta.get_field(name), "verbose_name", name))
            _log(
                case,
                by,
                f"{label.capitalize()} ændret",
                "" if old is None else str(old),
                str(value),
            )
            setattr(case, name, value)
            changed.append(name)
    if changed:
        case.version = fresh.version + 1
        case.save(update_fields=[*changed, "version", "updated_at"])
    return case


@transaction.atomic
def record_milestone(
    *,
    case: ConstructionCase,
    kind: str,
    date: date,
    by: Any,
    decision: str = "",
    document: str = "",
    anskaffelsessum: Any = None,
    annual_rent: Any = None,
) -> Milestone:
    """Approve a milestone: a recorded decision with who and when. The order is enforced (no
    skema C before skema B, …); skema A, B and C carry the anskaffelsessum, B and C the rent;
    the guarantee is computed from the case's loan and property value and frozen here."""
    _require_kommune(by, case)
    if case.status == ConstructionCase.Status.CLOSED:
        raise ValidationError("Byggesagen er lukket.")
    if kind not in calc.MILESTONES:
        raise ValidationError("Ukendt milepæl.")
    locked = ConstructionCase.objects.select_for_update().get(pk=case.pk)
    approved = set(locked.milestones.values_list("kind", flat=True))
    if kind in approved:
        raise ValidationError(f"{calc.MILESTONES[kind]} er allerede godkendt.")
    try:
        missing = calc.milestone_blockers(case.kind, kind, approved)
    except calc.ConstructionError as exc:
        raise ValidationError(str(exc)) from exc
    if missing:
        names = ", ".join(calc.MILESTONES[m] for m in missing)
        raise ValidationError(f"{calc.MILESTONES[kind]} kan først godkendes efter: {names}.")
    earlier = locked.milestones.filter(date__gt=date).order_by("-date").first()
    if earlier is not None:
        raise ValidationError(
            f"Datoen ligger før {earlier.get_kind_display()} ({earlier.date:%d.%m.%Y})."
        )
    sum_ = _amount(anskaffelsessum, "Anskaffelsessummen")
    rent = _amount(annual_rent, "Huslejen")
    if kind in ("skema_a", "skema_b", "skema_c") and sum_ is None:
        raise ValidationError(f"Angiv anskaffelsessummen ved {calc.MILESTONES[kind]}.")
    if kind not in ("skema_a", "skema_b", "skema_c", "slutregnskab"):
        sum_ = None
    if kind not in ("skema_b", "skema_c"):
        rent = None
    guaranteed = lbf = None
    if kind == "garanti":
        if not (case.loan_amount and case.property_value):
            raise ValidationError(
                "Angiv lånet og ejendomsværdien på sagen, før garantien registreres."
            )
        g = calc.guarantee(
            loan=case.loan_amount, property_value=case.property_value, prior_debt=case.prior_debt
        )
        guaranteed, lbf = g.guaranteed, g.lbf_share
        decision = decision or g.rule
    milestone = Milestone.objects.create(
        case=case,
        kind=kind,
        date=date,
        decision=_text(decision, "Afgørelsen", 10_000, required=False),
        document=_text(document, "Dokumentet", 500, required=False),
        anskaffelsessum=sum_,
        annual_rent=rent,
        guarantee_amount=guaranteed,
        lbf_share=lbf,
        approved_by=by,
        approved_by_name=_name(by),
        approved_at=timezone.now(),
    )
    detail = f"{date:%d.%m.%Y}" + (f", anskaffelsessum {calc.kr(sum_)}" if sum_ else "")
    _log(case, by, f"{calc.MILESTONES[kind]} godkendt", new=detail)
    ConstructionCase.objects.filter(pk=case.pk).update(updated_at=timezone.now())
    return milestone


EVENT_FIELDS = (
    "status",
    "months_of_rent",
    "amount",
    "paid_by",
    "decided_on",
    "recipient",
    "document",
)


def _event_values(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "status" in values:
        status = values["status"] or ""
        if status not in Event.Status.values:
            raise ValidationError("Ukendt status for hændelsen.")
        out["status"] = status
    if "months_of_rent" in values:
        months = _amount(values["months_of_rent"], "Måneders leje")
        if months is not None and months > 120:
            raise ValidationError("Måneders leje må højst være 120.")
        out["months_of_rent"] = months.quantize(Decimal("0.1")) if months is not None else None
    if "amount" in values:
        out["amount"] = _amount(values["amount"], "Beløbet")
    for name, label, length in (
        ("paid_by", "Betales af", 200),
        ("recipient", "Sendt til", 200),
        ("document", "Dokumentet", 500),
    ):
        if name in values:
            out[name] = _text(values[name], label, length, required=False)
    if "decided_on" in values:
        out["decided_on"] = values["decided_on"] or None
    return out


@transaction.atomic
def add_event(
    *, case: ConstructionCase, kind: str, date: date, text: str, by: Any, **values: Any
) -> Event:
    """A complaint, compensation, defect, meeting with residents or registration. The kommune
    and the organisation's staff may add events."""
    if by is not None and not can_add_construction_event(scope_for(by), case):
        raise PermissionDenied("Du har ikke ret til at tilføje hændelser til byggesagen.")
    if kind not in Event.Kind.values:
        raise ValidationError("Vælg hændelsens art.")
    unknown = set(values) - set(EVENT_FIELDS)
    if unknown:
        raise ValidationError(f"Ukendte felter: {', '.join(sorted(unknown))}.")
    fields = _event_values(kind, values)
    if kind == Event.Kind.DEFECT and not fields.get("status"):
        fields["status"] = Event.Status.OPEN
    event = Event.objects.create(
        case=case,
        kind=kind,
        date=date,
        text=_text(text, "Teksten", 10_000),
        created_by=by,
        **fields,
    )
    _log(
        case, by, f"{event.get_kind_display()} tilføjet", new=f"{date:%d.%m.%Y}: {event.text[:200]}"
    )
    ConstructionCase.objects.filter(pk=case.pk).update(updated_at=timezone.now())
    return event


@transaction.atomic
def update_event(*, event: Event, by: Any, version: int | None = None, **changes: Any) -> Event:
    """Change an event's status, text or compensation figures (optimistic lock)."""
    case = event.case
    if by is not None and not can_add_construction_event(scope_for(by), case):
        raise PermissionDenied("Du har ikke ret til at ændre hændelser i byggesagen.")
    fresh = Event.objects.select_for_update().get(pk=event.pk)
    if version is not None and version != fresh.version:
        raise Conflict("Hændelsen", fresh.version, version)
    unknown = set(changes) - {*EVENT_FIELDS, "text"}
    if unknown:
        raise ValidationError(f"Ukendte felter: {', '.join(sorted(unknown))}.")
    values = _event_values(fresh.kind, changes)
    if "text" in changes:
        values["text"] = _text(changes["text"], "Teksten", 10_000)
    changed = []
    for name, value in values.items():
        old = getattr(fresh, name)
        if old != value:
            label = str(getattr(Event._meta.get_field(name), "verbose_name", name))
            _log(
                case,
                by,
                f"{fresh.get_kind_display()} {fresh.date:%d.%m.%Y}: {label} ændret",
                "" if old is None else str(old),
                "" if value is None else str(value),
            )
            setattr(event, name, value)
            changed.append(name)
    if changed:
        event.version = fresh.version + 1
        event.save(update_fields=[*changed, "version"])
    return event


@transaction.atomic
def link(
    *,
    case: ConstructionCase,
    by: Any,
    case_ids: Any = (),
    agreement_ids: Any = (),
    agenda_item_ids: Any = (),
) -> ConstructionCase:
    """Link the case to the department's cases, agreements and agenda items (of the same kommune
    and organisation). The meetings models are reached by name (``apps.get_model``): this app
    does not import meetings (ADR 0006)."""
    _require_kommune(by, case)
    links: tuple[tuple[str, str, Any, Any, dict[str, Any]], ...] = (
        (
            "sag",
            "Case",
            case_ids,
            case.cases,
            {"kommune_id": case.kommune_id, "department__organisation_id": case.organisation_id},
        ),
        (
            "aftale",
            "Agreement",
            agreement_ids,
            case.agreements,
            {"kommune_id": case.kommune_id, "organisation_id": case.organisation_id},
        ),
        (
            "dagsordenspunkt",
            "AgendaItem",
            agenda_item_ids,
            case.agenda_items,
            {
                "meeting__kommune_id": case.kommune_id,
                "meeting__organisation_id": case.organisation_id,
            },
        ),
    )
    for label, model_name, ids, relation, where in links:
        model = apps.get_model("meetings", model_name)
        for pk in ids:
            qs = model._default_manager.filter(pk=pk, **where)
            obj = qs.first()
            if obj is None:
                raise ValidationError(
                    f"{label.capitalize()} nr. {pk} findes ikke i sagens kommune og organisation."
                )
            if not relation.filter(pk=pk).exists():
                relation.add(obj)
                _log(case, by, f"Knyttet til {label} nr. {pk}", new=str(obj)[:200])
    return case


@transaction.atomic
def unlink(
    *,
    case: ConstructionCase,
    by: Any,
    case_ids: Any = (),
    agreement_ids: Any = (),
    agenda_item_ids: Any = (),
) -> ConstructionCase:
    """Remove links to cases, agreements and agenda items; each removal is written to the case's
    history. An id the case is not linked to is refused (nothing is removed then)."""
    _require_kommune(by, case)
    links: tuple[tuple[str, Any, Any], ...] = (
        ("sag", case_ids, case.cases),
        ("aftale", agreement_ids, case.agreements),
        ("dagsordenspunkt", agenda_item_ids, case.agenda_items),
    )
    for label, ids, relation in links:
        for pk in ids:
            obj = relation.filter(pk=pk).first()
            if obj is None:
                raise ValidationError(f"Byggesagen er ikke knyttet til {label} nr. {pk}.")
            relation.remove(obj)
            _log(case, by, f"Ikke længere knyttet til {label} nr. {pk}", old=str(obj)[:200])
    ConstructionCase.objects.filter(pk=case.pk).update(updated_at=timezone.now())
    return case


@transaction.atomic
def close_construction_case(*, case: ConstructionCase, by: Any, note: str = "") -> ConstructionCase:
    _require_kommune(by, case)
    if case.status == ConstructionCase.Status.CLOSED:
        raise ValidationError("Byggesagen er allerede lukket.")
    case.status = ConstructionCase.Status.CLOSED
    case.version += 1
    case.save(update_fields=["status", "version", "updated_at"])
    _log(case, by, "Byggesagen er lukket", new=_text(note, "Noten", 2000, required=False))
    return case


# --- the rate table ------------------------------------------------------------------------------


def _rate_dict(rate: MaximumRate) -> dict[str, Any]:
    return {
        "year": rate.year,
        "housing_type": rate.housing_type,
        "region": rate.region,
        "per_dwelling": str(rate.per_dwelling),
        "per_m2": str(rate.per_m2),
        "source": rate.source,
        "confirmed": rate.confirmed,
    }


def _rate_values(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if "year" in out:
        year = int(out["year"])
        if not 2004 <= year <= 2100:
            raise ValidationError("Året skal ligge mellem 2004 og 2100.")
        out["year"] = year
    if "housing_type" in out and out["housing_type"] not in calc.HOUSING_TYPES:
        raise ValidationError("Vælg boligtype.")
    if "region" in out:
        out["region"] = out["region"] or ""
        if out["region"] not in calc.RATE_REGIONS:
            raise ValidationError("Ukendt område.")
    if "per_dwelling" in out:
        out["per_dwelling"] = _amount(out["per_dwelling"], "Kr. pr. bolig") or Decimal(0)
    if "per_m2" in out:
        out["per_m2"] = _amount(out["per_m2"], "Kr. pr. m²", allow_none=False)
    if "source" in out:
        out["source"] = _text(out["source"], "Kilden", 2000)
    if "confirmed" in out:
        out["confirmed"] = bool(out["confirmed"])
    return out


def _check_rate_shape(year: int, housing_type: str, region: str, per_dwelling: Decimal) -> None:
    if year >= calc.PER_DWELLING_FROM and region:
        raise ValidationError(
            f"Fra {calc.PER_DWELLING_FROM} gælder satserne hele landet (intet område)."
        )
    if year < calc.PER_DWELLING_FROM and not region:
        raise ValidationError(
            f"Før {calc.PER_DWELLING_FROM} er satserne regionale: vælg et område."
        )
    if per_dwelling and (year < calc.PER_DWELLING_FROM or housing_type == "aeldre"):
        raise ValidationError("Kr. pr. bolig gælder kun familie- og ungdomsboliger fra 2024.")


@transaction.atomic
def save_rate(
    *, by: Any, rate: MaximumRate | None = None, version: int | None = None, **values: Any
) -> MaximumRate:
    """Add a row to the rate table (``rate=None``) or change one (``version`` as read)."""
    if by is not None and not can_edit_construction_rates(scope_for(by)):
        raise PermissionDenied("Kun en administrator kan ændre satserne.")
    values = _rate_values(values)
    if rate is None:
        missing = {"year", "housing_type", "per_m2", "source"} - set(values)
        if missing:
            raise ValidationError(f"Mangler: {', '.join(sorted(missing))}.")
        _check_rate_shape(
            values["year"],
            values["housing_type"],
            values.get("region", ""),
            values.get("per_dwelling", 0),
        )
        if MaximumRate.objects.filter(
            year=values["year"],
            housing_type=values["housing_type"],
            region=values.get("region", ""),
        ).exists():
            raise ValidationError(
                "Der findes allerede en sats for det år, den boligtype og det område."
            )
        rate = MaximumRate.objects.create(**values)
        RateChange.objects.create(
            rate=rate,
            label=str(rate),
            by=by,
            by_name=_name(by),
            action="oprettet",
            new=_rate_dict(rate),
        )
        return rate
    fresh = MaximumRate.objects.select_for_update().get(pk=rate.pk)
    if version is not None and version != fresh.version:
        raise Conflict("Satsen", fresh.version, version)
    old = _rate_dict(fresh)
    for name, value in values.items():
        setattr(fresh, name, value)
    _check_rate_shape(fresh.year, fresh.housing_type, fresh.region, fresh.per_dwelling)
    if (
        MaximumRate.objects.filter(
            year=fresh.year, housing_type=fresh.housing_type, region=fresh.region
        )
        .exclude(pk=fresh.pk)
        .exists()
    ):
        raise ValidationError(
            "Der findes allerede en sats for det år, den boligtype og det område."
        )
    if _rate_dict(fresh) != old:
        fresh.version += 1
        fresh.save()
        RateChange.objects.create(
            rate=fresh,
            label=str(fresh),
            by=by,
            by_name=_name(by),
            action="ændret",
            old=old,
            new=_rate_dict(fresh),
        )
    return fresh


@transaction.atomic
def ensure_seed_rates() -> int:
    """The confirmed rows of ``almen.construction.SEED_RATES`` that are missing (idempotent)."""
    created = 0
    for r in calc.SEED_RATES:
        _, new = MaximumRate.objects.get_or_create(
            year=r.year,
            housing_type=r.housing_type,
            region=r.region,
            defaults={"per_dwelling": r.per_dwelling, "per_m2": r.per_m2, "source": r.source},
        )
        created += new
    return created


# --- Documents (files in the case) -------------------------------------------------------------

DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
}
ALLOWED_DOCUMENTS = "PDF, Word (DOCX), Excel (XLSX), PNG eller JPEG"
_ZIP_MEMBERS = 10_000  # a DOCX/XLSX has a few dozen parts; more is not an Office file


def max_document_bytes() -> int:
    return int(getattr(settings, "CONSTRUCTION_DOCUMENT_MAX_BYTES", 25 * 1024 * 1024))


def sniff_document(upload: File) -> str:
    """The file's type from its bytes (never from its name or the browser's content type):
    a key of ``DOCUMENT_TYPES``, or ``ValidationError``."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    kind = ""
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif head.startswith(b"\xff\xd8\xff"):
        kind = "jpg"
    elif head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                infos = archive.infolist()
                names = {i.filename for i in infos[:_ZIP_MEMBERS]}
            if len(infos) <= _ZIP_MEMBERS and "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    kind = "docx"
                elif "xl/workbook.xml" in names:
                    kind = "xlsx"
        except (zipfile.BadZipFile, OSError, ValueError):
            kind = ""
        upload.seek(0)
    if not kind:
        raise ValidationError(f"Filtypen er ikke tilladt. Upload {ALLOWED_DOCUMENTS}.")
    return kind


def _sha256(upload: File) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def add_document(
    *,
    case: ConstructionCase,
    upload: File,
    by: Any,
    title: str = "",
    milestone: Milestone | None = None,
    event: Event | None = None,
) -> CaseDocument:
    """Store a file in the case (optionally on one of its milestones or events). The kommune
    and the organisation's staff may add documents; the type is sniffed, the size bounded by
    ``CONSTRUCTION_DOCUMENT_MAX_BYTES``; the upload is written to the case's history."""
    if by is not None and not can_add_construction_event(scope_for(by), case):
        raise PermissionDenied("Du har ikke ret til at tilføje dokumenter til byggesagen.")
    if milestone is not None and milestone.case_id != case.pk:
        raise ValidationError("Milepælen hører ikke til byggesagen.")
    if event is not None and event.case_id != case.pk:
        raise ValidationError("Hændelsen hører ikke til byggesagen.")
    if milestone is not None and event is not None:
        raise ValidationError("Vælg enten en milepæl eller en hændelse, ikke begge.")
    title = _text(title, "Beskrivelsen", 300, required=False)
    size = upload.size or 0
    if size == 0:
        raise ValidationError("Filen er tom.")
    limit = max_document_bytes()
    if size > limit:
        raise ValidationError(f"Filen er for stor (højst {limit // (1024 * 1024)} MB).")
    kind = sniff_document(upload)
    original = _text(os.path.basename(upload.name or "") or "dokument", "Filnavnet", 255)
    stem = get_valid_filename(os.path.splitext(original)[0])[:100] or "dokument"
    document = CaseDocument(
        case=case,
        milestone=milestone,
        event=event,
        title=title,
        original_name=original,
        content_type=DOCUMENT_TYPES[kind],
        size=size,
        sha256=_sha256(upload),
        uploaded_by=by,
        uploaded_by_name=_name(by),
    )
    document.file.save(f"{stem}.{kind}", upload, save=False)
    document.save()
    on = f" ({milestone})" if milestone else f" ({event})" if event else ""
    _log(case, by, f"Dokument tilføjet{on}", new=original)
    ConstructionCase.objects.filter(pk=case.pk).update(updated_at=timezone.now())
    return document
