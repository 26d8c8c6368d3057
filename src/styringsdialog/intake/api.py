"""Documentation packages in the API: overview and creation per kommune, one package, imports,
answers, attachments and status.

Scope as on the pages (``accounts.permissions``): 404 outside the scope, 403 for read-only users. A
rejected import is still a created import (201) with ``status: "afvist"``, ``error_count`` and the
first errors (all stored errors page by page under ``…/imports/{id}/errors``).

Creation has natural keys: ``POST /kommuner/{code}/packages`` creates only the packages missing for
the styringsår (a second call creates nothing, 200 both times); ``POST /organisations/{number}/
packages`` answers 409 ``conflict`` naming the existing package.
"""

# No ``from __future__ import annotations`` here: django-ninja resolves the parameter types of
# paginated views at runtime, in the namespace of its own decorator.

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from ninja import Field, File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from styringsdialog.accounts.permissions import scope_for
from styringsdialog.intake import queries, services
from styringsdialog.intake.files import MAX_BYTES
from styringsdialog.intake.models import (
    AnswerRevision,
    Attachment,
    DocumentationPackage,
    ImportBatch,
    ImportKind,
    Question,
)
from styringsdialog.intake.queries import get_package_access
from styringsdialog.intake.services import answers
from styringsdialog.intake.services.imports import import_file
from styringsdialog.intake.services.reminders import late_packages
from styringsdialog.intake.services.reminders import remind_late_packages as remind
from styringsdialog.intake.tasks import runs_in_background, start_import
from styringsdialog.jobs.api import JobOut, job_out
from styringsdialog.lib.api_types import (
    Code,
    Keyword,
    Note,
    ObjectId,
    ObjectIn,
    OptionalCode,
    Page,
    Year,
)
from styringsdialog.registry.queries import get_kommune_for_user

router = Router(tags=["Dokumentationspakker"])

ImportKindValue = Annotated[Keyword, Field(json_schema_extra={"enum": list(ImportKind.values)})]
AttachmentKindValue = Annotated[
    Keyword, Field(json_schema_extra={"enum": list(Attachment.Kind.values)})
]


class PackageOut(Schema):
    organisation: str
    name: str = Field(description="Boligorganisationens navn")
    styringsaar: int
    accounting_year: int
    period_start: date
    period_end: date
    status: str
    deadline_provisional: date
    deadline_formal: date
    submitted_at: datetime | None
    reviewed_at: datetime | None
    meeting_held_on: date | None
    deadline_state: str
    deadline_label: str
    catalogue: str | None

    @staticmethod
    def from_package(p: DocumentationPackage) -> dict[str, Any]:
        state = p.deadline_state(timezone.localdate())
        return {
            "organisation": p.organisation.number,
            "name": p.organisation.name,
            "styringsaar": p.styringsaar,
            "accounting_year": p.accounting_year,
            "period_start": p.period_start,
            "period_end": p.period_end,
            "status": p.status,
            "deadline_provisional": p.deadline_provisional,
            "deadline_formal": p.deadline_formal,
            "submitted_at": p.submitted_at,
            "reviewed_at": p.reviewed_at,
            "meeting_held_on": p.meeting_held_on,
            "deadline_state": state.code,
            "deadline_label": state.label,
            "catalogue": p.catalogue.version if p.catalogue else None,
        }


class OverviewRowOut(Schema):
    organisation: str
    name: str
    status: str | None
    deadline_state: str
    deadline_label: str
    late: bool


class RowErrorOut(Schema):
    file: str
    row: int | None
    column: str
    message: str


ERRORS_INLINE = 50
"""Errors of a rejected import given with the import itself; all stored errors (up to 1,000)
are paginated at ``…/imports/{id}/errors``."""


class PackageImportOut(Schema):
    id: int
    kind: str
    status: str
    original_name: str
    sha256: str
    size: int
    uploaded_at: datetime
    counts: dict[str, int]
    error_count: int = Field(description="Fejl fundet i filen (alle, også dem der ikke er gemt)")
    errors: list[RowErrorOut] = Field(
        description=f"De første {ERRORS_INLINE} fejl; resten side for side under …/errors"
    )
    duplicate: bool = False
    warnings: list[RowErrorOut] = Field(
        default_factory=list,
        description="Advarsler i en indlæst fil (fx en konto, kontoplanen ikke kender); de første 1.000",
    )


def _import_out(batch: ImportBatch, duplicate: bool = False) -> dict[str, Any]:
    return {
        "id": batch.pk,
        "kind": batch.kind,
        "status": batch.status,
        "original_name": batch.original_name,
        "sha256": batch.sha256,
        "size": batch.size,
        "uploaded_at": batch.uploaded_at,
        "counts": batch.counts,
        "error_count": batch.error_count,
        "errors": batch.errors[:ERRORS_INLINE],
        "duplicate": duplicate,
        "warnings": batch.warnings,
    }


def _package(user: Any, number: str, year: int, write: Any = None) -> DocumentationPackage:
    return queries.get_package_for_user(user, number, year, write=write)


@router.get(
    "/kommuner/{code}/packages",
    response=list[OverviewRowOut],
    summary="Kommunens boligorganisationer og deres pakker for et styringsår (side for side)",
)
@paginate(Page)
def kommune_packages(
    request: HttpRequest, code: Code, aar: Year | None = None
) -> list[dict[str, Any]]:
    kommune = get_kommune_for_user(request.user, code)
    today = timezone.localdate()
    data = queries.kommune_overview(
        kommune=kommune, scope=scope_for(request.user), styringsaar=aar, today=today
    )
    return [
        {
            "organisation": r.organisation.number,
            "name": r.organisation.name,
            "status": r.package.status if r.package else None,
            "deadline_state": r.state.code,
            "deadline_label": r.state.label,
            "late": r.state.is_late,
        }
        for r in data.rows
    ]


@router.get(
    "/organisations/{number}/packages/{year}", response=PackageOut, summary="En dokumentationspakke"
)
def package_detail(request: HttpRequest, number: Code, year: Year) -> dict[str, Any]:
    return PackageOut.from_package(_package(request.user, number, year))


@router.get(
    "/organisations/{number}/packages/{year}/imports",
    response=list[PackageImportOut],
    summary="Pakkens indlæsninger, nyeste først (side for side)",
)
@paginate(Page)
def package_imports(request: HttpRequest, number: Code, year: Year) -> list[dict[str, Any]]:
    return [_import_out(b) for b in queries.package_imports_for_user(request.user, number, year)]


@router.get(
    "/organisations/{number}/packages/{year}/imports/{import_id}/errors",
    response=list[RowErrorOut],
    summary="Fejlene i en afvist indlæsning, side for side (de første 1.000 er gemt)",
)
@paginate(Page)
def package_import_errors(
    request: HttpRequest, number: Code, year: Year, import_id: ObjectId
) -> list[dict[str, Any]]:
    batch = queries.package_imports_for_user(request.user, number, year).filter(pk=import_id)
    found = batch.first()
    if found is None:
        raise Http404("Indlæsningen findes ikke i pakken.")
    return list(found.errors)


@router.post(
    "/organisations/{number}/packages/{year}/imports",
    response={201: PackageImportOut, 202: JobOut},
    summary="Indlæs en CSV- eller XLSX-fil (alt eller intet)",
    description="En fil op til `STYRINGSDIALOG_ASYNC_IMPORT_BYTES` (256 KB) indlæses med det "
    "samme: 201 med indlæsningen. En større fil gemmes og indlæses som baggrundsjob: 202 med "
    "jobbet og `Location: /api/v1/jobs/{id}`; følg jobbet dér, og hent resultatet med "
    "`GET …/imports` (og fejlene med `GET …/imports/{id}/errors`), når det er færdigt.",
    openapi_extra={
        "responses": {
            202: {
                "description": "Filen er gemt, og indlæsningen kører som baggrundsjob",
                "headers": {
                    "Location": {
                        "description": "Jobbets statusadresse, /api/v1/jobs/{id}",
                        "schema": {"type": "string"},
                    }
                },
            }
        }
    },
)
def package_import(
    request: HttpRequest,
    response: HttpResponse,
    number: Code,
    year: Year,
    kind: Form[ImportKindValue],
    file: File[UploadedFile],
    sheet: str = Form("", max_length=200, description="Arket i en XLSX-fil; tom: det første"),
) -> Status:
    package = _package(request.user, number, year, write="upload")
    if runs_in_background(file):
        job = start_import(
            package=package, kind=kind, uploaded_file=file, by=request.user, sheet=sheet or None
        )
        response["Location"] = reverse("api:job_status", kwargs={"job_id": job.pk})
        return Status(202, job_out(job))
    outcome = import_file(
        package=package, kind=kind, uploaded_file=file, by=request.user, sheet=sheet or None
    )
    return Status(201, _import_out(outcome.batch, outcome.duplicate))


class PackageStatusIn(ObjectIn):
    action: Annotated[Keyword, Field(json_schema_extra={"enum": list(services.TRANSITIONS)})]
    note: Note = ""
    held_on: date | None = None


@router.post(
    "/organisations/{number}/packages/{year}/status",
    response=PackageOut,
    summary="Skift pakkens status",
)
def package_status(
    request: HttpRequest, number: Code, year: Year, payload: PackageStatusIn
) -> dict[str, Any]:
    if payload.action not in services.TRANSITIONS:
        raise Http404("Ukendt handling.")
    who = "upload" if payload.action == "submit" else "review"
    package = _package(request.user, number, year, write=who)
    calls = {
        "submit": lambda: services.submit_package(package=package, by=request.user),
        "return": lambda: services.return_package(
            package=package, by=request.user, note=payload.note
        ),
        "review": lambda: services.mark_reviewed(
            package=package, by=request.user, note=payload.note
        ),
        "meeting_held": lambda: services.mark_meeting_held(
            package=package, by=request.user, held_on=payload.held_on, note=payload.note
        ),
    }
    return PackageOut.from_package(calls[payload.action]())


class AnswerOut(Schema):
    question: str = Field(description="Spørgsmålets nummer, fx OEK1")
    department: str | None = Field(description="Afdelingsnummer for spørgsmål pr. afdeling")
    theme: str = Field(description="Temaet, fx oekonomi")
    theme_label: str = Field(description="Temaets navn, fx Økonomi & drift")
    scope: str
    answer_type: str = Field(description="ja_nej, tal, tekst eller valg")
    choices: list[str] = Field(
        description="Svarmulighederne for svartype valg (og ja/nej: ja, nej); ellers tom"
    )
    text: str
    value: str | None = Field(description="Svaret; null når spørgsmålet ikke er besvaret")
    version: int = Field(description="0 når ikke besvaret; send den med, når svaret ændres")


class AnswersOut(Schema):
    catalogue: str | None
    answers: list[AnswerOut]
    missing: list[str] = Field(description="Svar der mangler, før pakken kan indsendes")


class AnswerIn(ObjectIn):
    question: Code
    department: OptionalCode = ""
    value: Note
    version: int = Field(ge=0, le=2**31 - 1, description="Versionen du sidst så (0: ikke besvaret)")


class AnswersIn(ObjectIn):
    answers: list[AnswerIn] = Field(max_length=5000)


def _choices(question: Question) -> list[str]:
    if question.answer_type == Question.AnswerType.YES_NO:
        return ["ja", "nej"]
    if question.answer_type == Question.AnswerType.CHOICE:
        return [str(c) for c in question.choices]
    return []


def answers_out(user: Any, number: str, year: int) -> dict[str, Any]:
    access = get_package_access(user, number)
    package = _package(user, number, year)
    rows = [
        {
            "question": slot.question.code,
            "department": slot.department.number if slot.department else None,
            "theme": slot.question.theme,
            "theme_label": slot.question.get_theme_display(),
            "scope": slot.question.scope,
            "answer_type": slot.question.answer_type,
            "choices": _choices(slot.question),
            "text": slot.question.text,
            "value": slot.value,
            "version": slot.version,
        }
        for theme in queries.answers_by_theme(access, package, form=access.sees_whole_package)
        for item in theme.questions
        for slot in item.slots
    ]
    missing = answers.missing_answers(package) if access.sees_whole_package else []
    return {
        "catalogue": package.catalogue.version if package.catalogue else None,
        "answers": rows,
        "missing": [str(m) for m in missing],
    }


@router.get(
    "/organisations/{number}/packages/{year}/answers",
    response=AnswersOut,
    summary="Styringsrapportens spørgsmål med svar og versioner",
)
def package_answers(request: HttpRequest, number: Code, year: Year) -> dict[str, Any]:
    return answers_out(request.user, number, year)


@router.get(
    "/organisations/{number}/packages/{year}/answer-template",
    summary="Svarskabelonen (CSV eller Excel) til at udfylde og indlæse; samme fil som siden",
    openapi_extra={
        "responses": {
            200: {
                "description": "Filen, med filnavnet i Content-Disposition",
                "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                        "schema": {"type": "string", "format": "binary"}
                    },
                },
            }
        }
    },
)
def package_answer_template(
    request: HttpRequest, number: Code, year: Year, format: Literal["csv", "xlsx"] = "csv"
) -> HttpResponse:
    access = get_package_access(request.user, number)
    template = queries.answer_template(access, _package(request.user, number, year), format)
    response = HttpResponse(template.body, content_type=template.content_type)
    response["Content-Disposition"] = content_disposition_header(True, template.name)
    return response


@router.put(
    "/organisations/{number}/packages/{year}/answers",
    response=AnswersOut,
    summary="Gem svar (samme kontrol som filindlæsning; 409 hvis et svar er ændret siden)",
)
def package_answers_put(
    request: HttpRequest, number: Code, year: Year, payload: AnswersIn
) -> dict[str, Any]:
    """All or nothing: every answer is validated and saved in one transaction; the first
    invalid answer (422) or version conflict (409) leaves the package unchanged."""
    package = _package(request.user, number, year, write="upload")
    try:
        with transaction.atomic():
            for a in payload.answers:
                answers.save_answer(
                    package=package,
                    question_code=a.question,
                    department_number=a.department or None,
                    value=a.value,
                    version=a.version,
                    by=request.user,
                    via=AnswerRevision.Via.API,
                )
    except answers.AnswerConflict as exc:
        raise HttpError(409, " ".join(exc.messages)) from exc
    return answers_out(request.user, number, year)


class ReminderOut(Schema):
    user_id: int
    email: str
    subject: str
    url: str


class RemindedOut(Schema):
    dry_run: bool
    late_packages: int
    sent: int
    emails: list[ReminderOut]


@router.post(
    "/kommuner/{code}/packages/remind-late",
    response=RemindedOut,
    summary="Påmind organisationer med forsinkede dokumentationspakker (højst én gang om dagen)",
)
def remind_late_packages(request: HttpRequest, code: Code, dry_run: bool = False):
    """No body; ``?dry_run=true`` only lists who would get an e-mail."""
    kommune = get_kommune_for_user(request.user, code, write=True)
    sent = remind(kommune=kommune, by=request.user, dry_run=dry_run)
    late = late_packages(kommune=kommune, today=timezone.localdate())
    return {"dry_run": dry_run, "late_packages": len(late), "sent": len(sent), "emails": sent}


# --- Creating packages ---------------------------------------------------------------------------


class CreatePackagesIn(ObjectIn):
    styringsaar: Year


class CreatedPackagesOut(Schema):
    styringsaar: int
    created: int = Field(description="Pakker oprettet af dette kald")
    existing: int = Field(description="Organisationer der allerede havde en pakke for året")
    packages: list[PackageOut] = Field(description="De pakker dette kald har oprettet")


class CreatePackageIn(ObjectIn):
    styringsaar: Year


def package_path(package: DocumentationPackage) -> str:
    return f"/api/v1/organisations/{package.organisation.number}/packages/{package.styringsaar}"


@router.post(
    "/kommuner/{code}/packages",
    response=CreatedPackagesOut,
    summary="Opret de manglende dokumentationspakker for kommunens boligorganisationer",
    description="Som knappen 'Opret de manglende pakker' på kommunens oversigt: hver "
    "boligorganisation med kommunen som hjemkommune, der ikke har en pakke for styringsåret, "
    "får én. Et nyt kald opretter intet (200 med `created: 0`). Frister og regnskabsperiode "
    "følger af organisationens regnskabsår.",
)
def kommune_packages_create(
    request: HttpRequest, code: Code, payload: CreatePackagesIn
) -> dict[str, Any]:
    kommune = get_kommune_for_user(request.user, code, write=True)
    created = services.create_missing_packages(
        kommune=kommune, styringsaar=payload.styringsaar, by=request.user
    )
    total = (
        DocumentationPackage.objects.for_year(payload.styringsaar)
        .filter(organisation__home_kommune=kommune)
        .count()
    )
    return {
        "styringsaar": payload.styringsaar,
        "created": len(created),
        "existing": total - len(created),
        "packages": [PackageOut.from_package(p) for p in created],
    }


@router.post(
    "/organisations/{number}/packages",
    response={201: PackageOut},
    summary="Opret organisationens dokumentationspakke for et styringsår; 409 hvis den findes",
)
def package_create(request: HttpRequest, number: Code, payload: CreatePackageIn) -> Status:
    access = get_package_access(request.user, number, write="review")

    def conflict() -> HttpError | None:
        existing = queries.get_package(access, payload.styringsaar)
        if existing is None:
            return None
        return HttpError(
            409,
            f"Der findes allerede en dokumentationspakke for {access.organisation.name} for "
            f"styringsår {payload.styringsaar}: {package_path(existing)}",
        )

    found = conflict()
    if found is not None:
        raise found
    try:
        package = services.create_package(
            organisation=access.organisation, styringsaar=payload.styringsaar, by=request.user
        )
    except ValidationError:
        found = conflict()  # created by a request in between
        if found is not None:
            raise found from None
        raise
    return Status(201, PackageOut.from_package(package))


# --- Attachments ---------------------------------------------------------------------------------


class PackageAttachmentOut(Schema):
    id: int
    kind: str = Field(description="aarsberetning, revisionsprotokol eller andet")
    kind_label: str
    description: str
    original_name: str
    sha256: str
    size: int
    uploaded_at: datetime
    uploaded_by: str | None


def attachment_out(a: Attachment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "kind": a.kind,
        "kind_label": a.get_kind_display(),
        "description": a.description,
        "original_name": a.original_name,
        "sha256": a.sha256,
        "size": a.size,
        "uploaded_at": a.uploaded_at,
        "uploaded_by": (a.uploaded_by.get_full_name() or a.uploaded_by.username)
        if a.uploaded_by
        else None,
    }


def _attachment(user: Any, number: str, year: int, attachment_id: int, write: Any = None):
    access = get_package_access(user, number, write=write)
    package = _package(user, number, year)
    found = queries.package_attachments(access, package).filter(pk=attachment_id).first()
    if found is None:
        raise Http404("Bilaget findes ikke i pakken.")
    found.package = package
    return found


@router.get(
    "/organisations/{number}/packages/{year}/attachments",
    response=list[PackageAttachmentOut],
    summary="Pakkens bilag (årsberetning, revisionsprotokol, …), side for side",
)
@paginate(Page)
def package_attachments(request: HttpRequest, number: Code, year: Year) -> list[dict[str, Any]]:
    access = get_package_access(request.user, number)
    package = _package(request.user, number, year)
    return [attachment_out(a) for a in queries.package_attachments(access, package)]


@router.post(
    "/organisations/{number}/packages/{year}/attachments",
    response={201: PackageAttachmentOut},
    summary=f"Tilføj et bilag til pakken (højst {MAX_BYTES // (1024 * 1024)} MB)",
    description="Som bilagsformularen på pakkesiden: boligorganisationens medarbejdere, mens "
    "pakken har status oprettet eller indsendt. Filen gemmes uændret.",
)
def package_attachment_add(
    request: HttpRequest,
    number: Code,
    year: Year,
    kind: Form[AttachmentKindValue],
    file: File[UploadedFile],
    description: str = Form("", max_length=200, description="Beskrivelse af bilaget"),
) -> Status:
    package = _package(request.user, number, year, write="upload")
    if file.size is not None and file.size > MAX_BYTES:
        raise ValidationError(
            f"Filen er for stor; den må højst fylde {MAX_BYTES // (1024 * 1024)} MB."
        )
    attachment = services.add_attachment(
        package=package, kind=kind, uploaded_file=file, by=request.user, description=description
    )
    return Status(201, attachment_out(attachment))


@router.get(
    "/organisations/{number}/packages/{year}/attachments/{attachment_id}",
    summary="Hent et bilag (den gemte fil, uændret)",
    openapi_extra={
        "responses": {
            200: {
                "description": "Filen, med filnavnet i Content-Disposition",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def package_attachment_download(
    request: HttpRequest, number: Code, year: Year, attachment_id: ObjectId
) -> HttpResponse:
    attachment = _attachment(request.user, number, year, attachment_id)
    name = attachment.file.name
    if not name or not default_storage.exists(name):
        raise Http404("Filen findes ikke.")
    with default_storage.open(name, "rb") as handle:
        data = handle.read()
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, attachment.original_name)
    return response


@router.delete(
    "/organisations/{number}/packages/{year}/attachments/{attachment_id}",
    response={204: None},
    summary="Fjern et bilag fra pakken (mens pakken har status oprettet eller indsendt)",
)
def package_attachment_delete(
    request: HttpRequest, number: Code, year: Year, attachment_id: ObjectId
) -> Status:
    attachment = _attachment(request.user, number, year, attachment_id, write="upload")
    services.delete_attachment(attachment=attachment, by=request.user)
    return Status(204, None)
