"""Intake pages: the kommune's package overview and one package. Thin: scope → service → render.

Writes are POST only; GET never changes anything. Scope comes from ``accounts.permissions`` (which
builds on ``accounts.permissions``): 404 outside the scope, 403 for read-only users.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from styringsdialog.accounts.permissions import scope_for
from styringsdialog.intake import queries, services
from styringsdialog.intake.forms import AttachmentForm, ImportForm, StatusForm
from styringsdialog.intake.models import DocumentationPackage, ImportKind
from styringsdialog.intake.queries import PackageAccess, get_package_access
from styringsdialog.intake.schemas import SCHEMAS
from styringsdialog.intake.services import answers
from styringsdialog.intake.services.imports import import_file
from styringsdialog.intake.tasks import runs_in_background, start_import
from styringsdialog.lib.htmx import HtmxHttpRequest
from styringsdialog.lib.pagination import paginate
from styringsdialog.lib.params import bounded_int
from styringsdialog.registry.queries import get_kommune_for_user

T = TypeVar("T")
ERRORS_PER_PAGE = 100  # rows of a rejected file's error table (``?page=``)

# slug → (who may, label on the button, success message)
ACTIONS: dict[str, tuple[str, str, str]] = {
    "indsend": ("upload", "Indsend pakken til kommunen", "Pakken er indsendt til kommunen."),
    "send-tilbage": (
        "review",
        "Send pakken tilbage til organisationen",
        "Pakken er sendt tilbage til organisationen.",
    ),
    "gennemgaaet": ("review", "Markér pakken som gennemgået", "Pakken er markeret som gennemgået."),
    "moede-afholdt": (
        "review",
        "Markér dialogmødet som afholdt",
        "Pakken er markeret med møde afholdt.",
    ),
}
ACTION_SERVICE = {
    "indsend": "submit",
    "send-tilbage": "return",
    "gennemgaaet": "review",
    "moede-afholdt": "meeting_held",
}


def _attempt(request: HttpRequest, action: Callable[[], T], success: str = "") -> T | None:
    try:
        result = action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return None
    if success:
        messages.success(request, success)
    return result


def _year(raw: Any, default: Any) -> Any:
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return default
    return year if services.FIRST_YEAR <= year <= services.LAST_YEAR else default


def _package(access: PackageAccess, year: int) -> DocumentationPackage:
    package = queries.get_package(access, year)
    if package is None:
        raise Http404("Der er ingen dokumentationspakke for dette styringsår.")
    return package


def _to_package(number: str, year: int, query: str = "", anchor: str = "") -> HttpResponse:
    url = reverse("intake:package", args=[number, year])
    return redirect(url + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else ""))


@login_required
def kommune_packages(request: HttpRequest, code: str) -> HttpResponse:
    kommune = get_kommune_for_user(request.user, code)
    scope = scope_for(request.user)
    today = timezone.localdate()
    year = _year(request.GET.get("aar"), None)  # None: the newest styringsår with packages
    context = {
        "kommune": kommune,
        "overview": queries.kommune_overview(
            kommune=kommune, scope=scope, styringsaar=year, today=today
        ),
        "years": queries.year_choices(kommune, today),
        "can_create": scope.can_write_kommune(kommune.pk),
        "today": today,
    }
    return render(request, "intake/kommune_packages.html", context)


@login_required
@require_POST
def kommune_create_missing(request: HttpRequest, code: str) -> HttpResponse:
    kommune = get_kommune_for_user(request.user, code, write=True)
    year = _year(request.POST.get("aar"), timezone.localdate().year)
    created = _attempt(
        request,
        lambda: services.create_missing_packages(
            kommune=kommune, styringsaar=year, by=request.user
        ),
    )
    if created is not None:
        n = len(created)
        messages.success(
            request,
            f"{n} dokumentationspakke{'r' if n != 1 else ''} oprettet for styringsår {year}.",
        )
    return redirect(reverse("intake:kommune_packages", args=[code]) + f"?aar={year}")


@login_required
def package_detail(request: HttpRequest, number: str, year: int) -> HttpResponse:
    access = get_package_access(request.user, number)
    package = queries.get_package(access, year)
    if package is None:
        return render(
            request,
            "intake/package_missing.html",
            {"organisation": access.organisation, "year": year, "access": access},
        )
    selected = bounded_int(request.GET.get("indlaesning"), minimum=1, maximum=2**63 - 1)
    imports = queries.package_imports(access, package)
    answer_form = access.can_upload and package.status in answers.ANSWERABLE
    missing = (
        answers.missing_answers(package)
        if access.sees_whole_package and package.status == "oprettet"
        else []
    )
    batch = imports.filter(pk=selected).first() if selected else None
    context = {
        "organisation": access.organisation,
        "package": package,
        "access": access,
        "state": package.deadline_state(timezone.localdate()),
        "events": queries.package_events(access, package),
        "imports": imports.defer(
            "errors", "warnings"
        ),  # the list shows counts; errors can be 1,000 rows
        "selected": batch,
        "error_page": paginate(request, batch.errors, ERRORS_PER_PAGE) if batch else None,
        "attachments": queries.package_attachments(access, package),
        "themes": queries.answers_by_theme(access, package, form=answer_form),
        # reversed once, not twice for each of up to hundreds of answer forms (_answer.html)
        "answer_url": reverse("intake:package_answer", args=[access.organisation.number, year]),
        "answer_form": answer_form,
        "missing": missing,
        "previous_package": answers.previous_package(package) if answer_form else None,
        "history": queries.answer_history(package) if access.sees_whole_package else [],
        "actions": _available_actions(package, access),
        "import_form": ImportForm(),
        "attachment_form": AttachmentForm(),
        "status_form": StatusForm(),
        "open_for_files": package.status in ("oprettet", "indsendt"),
        "formats": [(ImportKind(kind).label, schema.names) for kind, schema in SCHEMAS.items()],
    }
    return render(request, "intake/package.html", context)


def _available_actions(
    package: DocumentationPackage, access: PackageAccess
) -> list[tuple[str, str]]:
    allowed = {"upload": access.can_upload, "review": access.can_review}
    return [
        (slug, label)
        for slug, (who, label, _) in ACTIONS.items()
        if allowed[who] and package.status in services.TRANSITIONS[ACTION_SERVICE[slug]][0]
    ]


@login_required
@require_POST
def package_create(request: HttpRequest, number: str, year: int) -> HttpResponse:
    access = get_package_access(request.user, number, write="review")
    _attempt(
        request,
        lambda: services.create_package(
            organisation=access.organisation, styringsaar=year, by=request.user
        ),
        f"Dokumentationspakken for styringsår {year} er oprettet.",
    )
    return _to_package(number, year)


@login_required
@require_POST
def package_import(request: HttpRequest, number: str, year: int) -> HttpResponse:
    access = get_package_access(request.user, number, write="upload")
    package = _package(access, year)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(str(e) for e in errors)}")
        return _to_package(number, year, anchor="indlaes")
    d = form.cleaned_data
    if runs_in_background(d["file"]):
        job = _attempt(
            request,
            lambda: start_import(
                package=package,
                kind=d["kind"],
                uploaded_file=d["file"],
                by=request.user,
                sheet=d["sheet"],
            ),
        )
        if job is None:
            return _to_package(number, year, anchor="indlaes")
        return redirect("jobs:detail", pk=job.pk)
    outcome = _attempt(
        request,
        lambda: import_file(
            package=package,
            kind=d["kind"],
            uploaded_file=d["file"],
            by=request.user,
            sheet=d["sheet"],
        ),
    )
    if outcome is None:
        return _to_package(number, year, anchor="indlaes")
    if outcome.ok:
        (messages.info if outcome.duplicate else messages.success)(request, outcome.message)
        if outcome.batch.warnings:
            return _to_package(number, year, query=f"indlaesning={outcome.batch.pk}", anchor="fejl")
        return _to_package(number, year, anchor="historik")
    messages.error(request, outcome.message)
    return _to_package(number, year, query=f"indlaesning={outcome.batch.pk}", anchor="fejl")


@login_required
@require_POST
def package_attachment(request: HttpRequest, number: str, year: int) -> HttpResponse:
    access = get_package_access(request.user, number, write="upload")
    package = _package(access, year)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Bilaget blev ikke gemt: vælg en bilagstype og en fil.")
        return _to_package(number, year, anchor="bilag")
    d = form.cleaned_data
    _attempt(
        request,
        lambda: services.add_attachment(
            package=package,
            kind=d["kind"],
            uploaded_file=d["file"],
            by=request.user,
            description=d["description"],
        ),
        "Bilaget er gemt.",
    )
    return _to_package(number, year, anchor="bilag")


@login_required
@require_POST
def package_attachment_delete(
    request: HttpRequest, number: str, year: int, pk: int
) -> HttpResponse:
    access = get_package_access(request.user, number, write="upload")
    package = _package(access, year)
    attachment = queries.package_attachments(access, package).filter(pk=pk).first()
    if attachment is None:
        raise Http404("Bilaget findes ikke i pakken.")
    attachment.package = package
    _attempt(
        request,
        lambda: services.delete_attachment(attachment=attachment, by=request.user),
        f"Bilaget {attachment.original_name} er fjernet.",
    )
    return _to_package(number, year, anchor="bilag")


@login_required
@require_POST
def package_status(request: HttpRequest, number: str, year: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("Ukendt handling.")
    who, _, success = ACTIONS[action]
    access = get_package_access(request.user, number, write=who)  # type: ignore[arg-type]
    package = _package(access, year)
    form = StatusForm(request.POST)
    form.is_valid()
    note, held_on = form.cleaned_data.get("note", ""), form.cleaned_data.get("held_on")
    calls: dict[str, Callable[[], Any]] = {
        "indsend": lambda: services.submit_package(package=package, by=request.user),
        "send-tilbage": lambda: services.return_package(
            package=package, by=request.user, note=note
        ),
        "gennemgaaet": lambda: services.mark_reviewed(package=package, by=request.user, note=note),
        "moede-afholdt": lambda: services.mark_meeting_held(
            package=package, by=request.user, held_on=held_on, note=note
        ),
    }
    _attempt(request, calls[action], success)
    return _to_package(number, year, anchor="status")


@login_required
def package_file(request: HttpRequest, number: str, year: int, what: str, pk: int) -> FileResponse:
    """The stored original of an imported file or an attachment (read scope)."""
    access = get_package_access(request.user, number)
    package = _package(access, year)
    qs = (
        queries.package_imports(access, package)
        if what == "indlaesning"
        else queries.package_attachments(access, package)
        if what == "bilag"
        else None
    )
    row = qs.filter(pk=pk).first() if qs is not None else None
    name = row.file.name if row is not None else None
    if row is None or not name or not default_storage.exists(name):
        raise Http404("Filen findes ikke.")
    return FileResponse(
        default_storage.open(name, "rb"), as_attachment=True, filename=row.original_name
    )


@login_required
@require_POST
def package_answer(request: HtmxHttpRequest, number: str, year: int) -> HttpResponse:
    """Save one answer (the form's autosave with htmx, or its "Gem svar" button without JS)."""
    access = get_package_access(request.user, number, write="upload")
    package = _package(access, year)
    code = request.POST.get("spoergsmaal", "")[:20]
    dept = request.POST.get("afdeling", "")[:3] or None
    version = bounded_int(request.POST.get("version"), minimum=0, maximum=2**31 - 1) or 0
    errors: list[str] = []
    saved = None
    conflict = False
    try:
        saved = answers.save_answer(
            package=package,
            question_code=code,
            value=request.POST.get("svar", ""),
            by=request.user,
            version=version,
            department_number=dept,
        )
    except ValidationError as exc:
        errors = list(exc.messages)
        conflict = isinstance(exc, answers.AnswerConflict)
    if not request.htmx:
        for e in errors:
            messages.error(request, f"{code}: {e}")
        if saved is not None:
            messages.success(request, f"Svaret på {code} er gemt.")
        anchor = f"q-{code}" + (f"-{dept}" if dept else "")
        return _to_package(number, year, anchor=anchor)
    try:
        question = answers.question_of(package, code)
        department = answers.department_for(package, question, dept)
    except ValidationError:
        return HttpResponse(" ".join(errors), status=400)
    slot = queries.answer_slot(package, question, department)
    if errors and not conflict:
        slot.value = request.POST.get("svar", "")  # keep what was typed, next to the error
    context = {
        "slot": slot,
        "organisation": access.organisation,
        "package": package,
        "answer_errors": errors,
        "saved_at": timezone.localtime() if saved is not None else None,
    }
    return render(request, "intake/_answer.html", context)


@login_required
@require_POST
def answers_reuse(request: HttpRequest, number: str, year: int) -> HttpResponse:
    access = get_package_access(request.user, number, write="upload")
    package = _package(access, year)
    copied = _attempt(request, lambda: answers.reuse_last_year(package=package, by=request.user))
    if copied:
        messages.success(
            request,
            f"{copied} svar er kopieret fra sidste år. Gennemgå dem, og ret dem, hvor noget har ændret sig.",
        )
    return _to_package(number, year, anchor="svar")


@login_required
def answers_template(request: HttpRequest, number: str, year: int, fmt: str) -> HttpResponse:
    """The styringsrapport as a file to fill in and import: one row per question (per department
    for department questions), with the answers saved so far."""
    if fmt not in queries.ANSWER_TEMPLATE_FORMATS:
        raise Http404("Ukendt format.")
    access = get_package_access(request.user, number)
    template = queries.answer_template(access, _package(access, year), fmt)
    response = HttpResponse(template.body, content_type=template.content_type)
    response["Content-Disposition"] = f'attachment; filename="{template.name}"'
    return response
