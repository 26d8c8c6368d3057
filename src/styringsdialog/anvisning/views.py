"""Anvisning pages: per kommune and organisation (agreements, ledger, figures), an agreement
with its departments, reviews, versions and comments, the ledger form (optimistic locking) and
the import page. Scope through ``queries`` (404 outside, 403 read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from styringsdialog.anvisning import imports, services
from styringsdialog.anvisning.forms import (
    AgreementForm,
    CommentEditForm,
    CommentForm,
    EntryForm,
    ImportForm,
    ReviewForm,
    VacancyForm,
    parse_terms,
)
from styringsdialog.anvisning.models import CoveredDepartment
from styringsdialog.anvisning.queries import (
    agreements_for,
    get_agreement_for_user,
    get_anvisning_kommune,
    get_anvisning_organisation,
    get_comment_for_user,
    get_entry_for_user,
    kommune_figures,
    ledger_for,
    may_comment_on_agreement,
    may_comment_on_entry,
    may_edit_comment,
    may_write,
    require_reader,
    today,
)
from styringsdialog.lib.pagination import paginate
from styringsdialog.registry.models import Department, Organisation
from styringsdialog.registry.queries import DepartmentChoice, department_choices

PAGE_SIZE = 50


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for m in exc.messages:
        messages.error(request, m)


def _kommune_departments(kommune: Any):
    return (
        Department.objects.select_related("organisation")
        .filter(kommune=kommune)
        .order_by("organisation__number", "number")
    )


def _chart(rows: list) -> list[dict[str, Any]]:
    """Bars of the achieved share per year (the first rows only), widths in percent."""
    bars = []
    for row in rows[:8]:
        for y in row.years[-5:]:
            if y.achieved_share is None:
                continue
            bars.append(
                {
                    "label": f"{row.key} {y.year}",
                    "share": y.achieved_share,
                    "agreed": y.agreed_share,
                    "width": min(100, float(y.achieved_share)),
                    "below": y.below_agreed,
                }
            )
    return bars


@login_required
def kommune_page(request: HttpRequest, code: str) -> HttpResponse:
    kommune = get_anvisning_kommune(request.user, code)
    scope = require_reader(request.user)
    ledger = ledger_for(scope, kommune=kommune)
    org_rows, dept_rows = kommune_figures(kommune, ledger)
    return render(
        request,
        "anvisning/overview.html",
        {
            "kommune": kommune,
            "subject": kommune.official_name,
            "agreements": agreements_for(scope, kommune=kommune).filter(superseded_by__isnull=True),
            "page_obj": paginate(request, ledger.order_by("-offered_on", "pk"), PAGE_SIZE),
            "organisation_rows": org_rows,
            "department_rows": dept_rows,
            "chart": _chart(dept_rows),
            "can_write": may_write(request.user, kommune.pk),
            "vacancy_form": VacancyForm(
                departments=department_choices(kommune), initial={"year": today().year - 1}
            ),
        },
    )


@login_required
@require_POST
def vacancies_set(request: HttpRequest, code: str) -> HttpResponse:
    kommune = get_anvisning_kommune(request.user, code, write=True)
    departments = _kommune_departments(kommune)
    form = VacancyForm(request.POST, departments=department_choices(kommune))
    if not form.is_valid():
        messages.error(request, "Vælg afdeling, år og antal ledige familieboliger.")
    else:
        d = form.cleaned_data
        try:
            services.set_vacancies(
                department=departments.get(pk=d["department"]),
                kommune=kommune,
                year=d["year"],
                vacancies=d["vacancies"],
                by=request.user,
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "Antallet af ledige familieboliger er gemt.")
    return redirect(reverse("anvisning:kommune", args=[kommune.code]) + "#ledige")


@login_required
def organisation_page(request: HttpRequest, number: str) -> HttpResponse:
    organisation = get_anvisning_organisation(request.user, number)
    scope = require_reader(request.user)
    kommune = organisation.home_kommune
    ledger = ledger_for(scope, kommune=kommune, organisation=organisation)
    org_rows, dept_rows = kommune_figures(kommune, ledger)
    return render(
        request,
        "anvisning/overview.html",
        {
            "kommune": kommune,
            "organisation": organisation,
            "subject": organisation.name,
            "agreements": agreements_for(scope, kommune=kommune, organisation=organisation).filter(
                superseded_by__isnull=True
            ),
            "page_obj": paginate(request, ledger.order_by("-offered_on", "pk"), PAGE_SIZE),
            "organisation_rows": org_rows,
            "department_rows": dept_rows,
            "chart": _chart(dept_rows),
            "can_write": may_write(request.user, kommune.pk),
        },
    )


@login_required
def agreement_page(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk)
    versions = []
    cursor = agreement
    while cursor.supersedes_id:
        cursor = cursor.supersedes  # type: ignore[assignment]
        versions.append(cursor)
    newer = (
        getattr(agreement, "superseded_by", None) if hasattr(agreement, "superseded_by") else None
    )
    return render(
        request,
        "anvisning/agreement.html",
        {
            "agreement": agreement,
            "covered": agreement.departments.select_related(
                "department__organisation"
            ).prefetch_related("reviews"),
            "older": versions,
            "newer": newer,
            "comments": _comments(request, agreement.comments, "agreement", agreement.pk),
            "can_write": may_write(request.user, agreement.kommune_id),
            "can_comment": may_comment_on_agreement(request.user, agreement),
            "comment_form": CommentForm(),
            "review_form": ReviewForm(initial={"year": today().year}),
        },
    )


@login_required
def agreement_create(request: HttpRequest, code: str) -> HttpResponse:
    kommune = get_anvisning_kommune(request.user, code, write=True)
    renew = None
    if request.GET.get("fornyer") or request.POST.get("fornyer"):
        raw = request.GET.get("fornyer") or request.POST.get("fornyer") or ""
        renew = get_agreement_for_user(request.user, int(raw) if raw.isdigit() else 0, write=True)
    organisations = Organisation.objects.filter(home_kommune=kommune).order_by("number")
    initial: dict[str, Any] = {}
    if renew is not None:
        initial = {
            "title": renew.title,
            "organisation": renew.organisation.number if renew.organisation else "",
            "legal_basis": renew.legal_basis,
            "trappemodel": renew.trappemodel,
            "departments": "\n".join(
                f"{c.department.organisation.number}-{c.department.number};{c.share};{c.step or ''};{c.criteria}"
                for c in renew.departments.select_related("department__organisation")
            ),
        }
    form = AgreementForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            organisation = (
                organisations.filter(number=d["organisation"]).first()
                if d["organisation"]
                else None
            )
            terms = services.terms_from_refs(kommune, parse_terms(d["departments"]))
            agreement = services.create_agreement(
                kommune=kommune,
                organisation=organisation,
                title=d["title"],
                legal_basis=d["legal_basis"],
                trappemodel=d["trappemodel"],
                valid_from=d["valid_from"],
                valid_to=d["valid_to"],
                departments=terms,
                note=d["note"],
                supersedes=renew,
                by=request.user,
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "Anvisningsaftalen er oprettet.")
            return redirect("anvisning:agreement", agreement.pk)
    return render(
        request,
        "anvisning/agreement_form.html",
        {"kommune": kommune, "form": form, "renew": renew},
    )


@login_required
@require_POST
def review_add(request: HttpRequest, pk: int, covered: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk, write=True)
    row = CoveredDepartment.objects.filter(agreement=agreement, pk=covered).first()
    form = ReviewForm(request.POST)
    if row is None:
        messages.error(request, "Afdelingen er ikke med i aftalen.")
    elif not form.is_valid():
        messages.error(request, "Revurderingen mangler år eller andel.")
    else:
        d = form.cleaned_data
        try:
            services.review_step(
                covered=row,
                year=d["year"],
                share=d["share"],
                step=d["step"],
                criteria=d["criteria"] or None,
                note=d["note"],
                by=request.user,
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "Revurderingen er gemt.")
    return redirect("anvisning:agreement", agreement.pk)


@login_required
@require_POST
def agreement_comment(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(
                agreement=agreement, text=form.cleaned_data["text"], by=request.user
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "Kommentaren er gemt.")
    return redirect(reverse("anvisning:agreement", args=[agreement.pk]) + "#kommentarer")


def _comments(request: HttpRequest, related: Any, kind: str, pk: int) -> list[Any]:
    """The comments of an agreement or row; those the user wrote get an edit form."""
    comments = list(related.select_related("agreement", "entry").prefetch_related("revisions"))
    for c in comments:
        if may_edit_comment(request.user, c):
            c.edit_url = reverse(f"anvisning:{kind}_comment_edit", args=[pk, c.pk])
            c.edit_form = CommentEditForm(
                initial={"text": c.text, "version": c.version}, auto_id=f"ret-{c.pk}-%s"
            )
    return comments


def _comment_edit(request: HttpRequest, comment: Any, back: str) -> HttpResponse:
    form = CommentEditForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Skriv en kommentar (højst 4.000 tegn).")
    else:
        try:
            services.edit_comment(
                comment=comment,
                text=form.cleaned_data["text"],
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except services.Conflict as exc:
            messages.error(request, str(exc).replace("Rækken", "Kommentaren"))
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "Kommentaren er rettet. Den tidligere tekst er gemt.")
    return redirect(back + "#kommentarer")


@login_required
@require_POST
def agreement_comment_edit(request: HttpRequest, pk: int, comment: int) -> HttpResponse:
    found = get_comment_for_user(request.user, comment, agreement_id=pk, write=True)
    return _comment_edit(request, found, reverse("anvisning:agreement", args=[pk]))


@login_required
@require_POST
def entry_comment_edit(request: HttpRequest, pk: int, comment: int) -> HttpResponse:
    found = get_comment_for_user(request.user, comment, entry_id=pk, write=True)
    return _comment_edit(request, found, reverse("anvisning:entry", args=[pk]))


@login_required
def entry_create(request: HttpRequest, code: str) -> HttpResponse:
    kommune = get_anvisning_kommune(request.user, code, write=True)
    departments = _kommune_departments(kommune)
    form = EntryForm(request.POST or None, departments=department_choices(kommune))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        department = departments.filter(pk=d["department"]).first()
        try:
            if department is None:
                raise ValidationError("Vælg en afdeling.")
            entry = services.add_entry(
                kommune=kommune,
                department=department,
                dwelling=d["dwelling"],
                offered_on=d["offered_on"],
                by=request.user,
                **form.values(),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "Boligen er tilføjet anvisningslisten.")
            return redirect("anvisning:entry", entry.pk)
    return render(request, "anvisning/entry_form.html", {"kommune": kommune, "form": form})


def _form_errors(form: EntryForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errs in exc.message_dict.items():
            for e in errs:
                form.add_error(name if name in form.fields else None, e)
    else:
        for e in exc.messages:
            form.add_error(None, e)


@login_required
def entry_page(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request.user, pk)
    can_write = may_write(request.user, entry.kommune_id)
    form = None
    conflict = None
    if can_write:
        initial = {n: getattr(entry, n) for n in entry.EDITABLE}
        initial.update(
            department=str(entry.department_id),
            dwelling=entry.dwelling,
            offered_on=entry.offered_on,
            version=entry.version,
        )
        form = EntryForm(
            request.POST if request.method == "POST" else None,
            departments=[DepartmentChoice.of(entry.department)],
            editing=True,
            initial=initial,
        )
    if request.method == "POST":
        entry = get_entry_for_user(request.user, pk, write=True)
        assert form is not None
        if form.is_valid():
            try:
                services.update_entry(
                    entry=entry,
                    version=form.cleaned_data.get("version"),
                    by=request.user,
                    **form.values(),
                )
            except services.Conflict as exc:
                conflict = str(exc)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, "Ændringen er gemt.")
                return redirect("anvisning:entry", entry.pk)
    return render(
        request,
        "anvisning/entry.html",
        {
            "entry": entry,
            "form": form,
            "conflict": conflict,
            "events": entry.events.all()[:100],
            "comments": _comments(request, entry.comments, "entry", entry.pk),
            "can_comment": may_comment_on_entry(request.user, entry),
            "comment_form": CommentForm(),
        },
        status=409 if conflict else 200,
    )


@login_required
@require_POST
def entry_comment(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(entry=entry, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "Kommentaren er gemt.")
    return redirect(reverse("anvisning:entry", args=[entry.pk]) + "#kommentarer")


@login_required
def import_page(request: HttpRequest, code: str) -> HttpResponse:
    kommune = get_anvisning_kommune(request.user, code, write=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            form.add_error("file", "Filen er større end 5 MB.")
        else:
            report = imports.import_ledger(
                kommune=kommune, data=upload.read(), filename=upload.name, by=request.user
            )
            if report.ok:
                messages.success(
                    request,
                    f"Filen er indlæst: {report.created} nye, {report.updated} ændrede og "
                    f"{report.unchanged} uændrede rækker.",
                )
                return redirect("anvisning:kommune", kommune.code)
    return render(
        request,
        "anvisning/import.html",
        {
            "kommune": kommune,
            "form": form,
            "report": report,
            "example": imports.example_rows(today()),
        },
        status=422 if report is not None and not report.ok else 200,
    )
