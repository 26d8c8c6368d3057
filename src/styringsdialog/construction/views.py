"""Construction case pages: the kommune overview by milestone (with the guarantee register and
"Opret byggesag"), the case page (checks, milestones, events, links, history) and the rate
table. Rendering only: lookups in ``queries``, writes in ``services``, rules in
``accounts.permissions``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from almen import construction as calc
from styringsdialog.accounts.permissions import (
    can_add_construction_event,
    can_edit_construction_rates,
    can_write_construction,
    not_found,
    require,
)
from styringsdialog.construction import services
from styringsdialog.construction.forms import (
    CaseEditForm,
    CaseForm,
    DocumentForm,
    EventForm,
    EventStatusForm,
    LinkForm,
    MilestoneForm,
    RateForm,
    parse_link_target,
)
from styringsdialog.construction.models import MaximumRate, RateChange
from styringsdialog.construction.queries import (
    approved_kinds,
    case_checks,
    case_documents,
    get_case_document,
    get_case_event,
    get_case_milestone,
    get_construction_case_for_user,
    guarantee_register,
    kommune_overview,
    link_choices,
    require_construction_reader,
)
from styringsdialog.registry.models import Department, Organisation
from styringsdialog.registry.queries import department_choices, get_kommune_for_user

T = TypeVar("T")


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


def _form_errors(request: HttpRequest, form: Any) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for e in errors:
            messages.error(request, f"{label}: {e}" if label else e)


def _case_form(request: HttpRequest, kommune: Any, scope: Any) -> CaseForm:
    orgs = Organisation.objects.filter(
        Q(home_kommune=kommune) | Q(departments__kommune=kommune)
    ).distinct()
    organisations = [(o.number, f"{o.number} {o.name}") for o in orgs.order_by("number")]
    departments = [(d.key, d.label) for d in department_choices(kommune)]
    return CaseForm(
        request.POST or None,
        organisations=organisations,
        departments=departments,
        initial={"housing_type": "familie"},
    )


@login_required
def kommune_construction(request: HttpRequest, code: str) -> HttpResponse:
    """The kommune's open cases by next milestone, the guarantee register, and (caseworkers)
    the form that opens a case."""
    scope = require_construction_reader(request.user)
    kommune = get_kommune_for_user(request.user, code, write=request.method == "POST")
    can_create = scope.can_write_kommune(kommune.pk)
    form = _case_form(request, kommune, scope) if can_create else None
    if request.method == "POST":
        require(can_create, "Kun kommunens sagsbehandlere kan oprette byggesager.")
        assert form is not None
        if form.is_valid():
            d = form.cleaned_data
            organisation = Organisation.objects.get(number=d["organisation"])
            department = None
            if d["department"]:
                org_number, _, number = d["department"].partition("-")
                department = Department.objects.filter(
                    organisation__number=org_number, number=number
                ).first()
            case = _attempt(
                request,
                lambda: services.open_construction_case(
                    kommune=kommune,
                    organisation=organisation,
                    department=department,
                    new_department_name=d["new_department_name"],
                    kind=d["kind"],
                    title=d["title"],
                    housing_type=d["housing_type"],
                    rate_region=d["rate_region"],
                    dwellings=d["dwellings"],
                    area_m2=d["area_m2"],
                    loan_amount=d["loan_amount"],
                    property_value=d["property_value"],
                    prior_debt=d["prior_debt"],
                    responsible=d["responsible"],
                    by=request.user,
                ),
                "Byggesagen er oprettet.",
            )
            if case is not None:
                return redirect("construction:case", pk=case.pk)
        else:
            _form_errors(request, form)
    guarantees, totals = guarantee_register(scope, kommune)
    return render(
        request,
        "construction/kommune.html",
        {
            "kommune": kommune,
            "groups": kommune_overview(scope, kommune),
            "guarantees": guarantees,
            "totals": totals,
            "form": form,
        },
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_construction_reader(request.user)
    case = get_construction_case_for_user(request.user, pk)
    can_write = can_write_construction(scope, case)
    can_event = can_add_construction_event(scope, case)
    approved = approved_kinds(case)
    open_kinds = [k for k in calc.MILESTONES_FOR_KIND.get(case.kind, ()) if k not in approved]
    checks = case_checks(case)
    milestones = {m.kind: m for m in case.milestones.select_related("approved_by")}
    timeline = [
        (calc.MILESTONES[k], milestones.get(k), k == checks.next_milestone)
        for k in calc.MILESTONES_FOR_KIND.get(case.kind, ())
    ]
    open_case = case.status != case.Status.CLOSED
    context = {
        "case": case,
        "checks": checks,
        "timeline": timeline,
        "events": case.events.select_related("created_by"),
        "changes": case.changes.select_related("by")[:50],
        "linked_cases": case.cases.all(),
        "linked_agreements": case.agreements.all(),
        "linked_items": case.agenda_items.select_related("meeting"),
        "can_write": can_write,
        "milestone_form": MilestoneForm(kinds=open_kinds, initial={"date": timezone.localdate()})
        if can_write and open_case and open_kinds
        else None,
        "event_form": EventForm(initial={"date": timezone.localdate()})
        if can_event and open_case
        else None,
        "can_event": can_event and open_case,
        "documents": case_documents(case),
        "link_form": LinkForm(choices=link_choices(case)) if can_write and open_case else None,
        "can_unlink": can_write and open_case,
        "document_form": DocumentForm(targets=_document_targets(case)) if can_event else None,
        "edit_form": CaseEditForm(
            initial={
                "title": case.title,
                "dwellings": case.dwellings,
                "area_m2": case.area_m2,
                "loan_amount": case.loan_amount,
                "property_value": case.property_value,
                "prior_debt": case.prior_debt,
                "responsible": case.responsible,
                "description": case.description,
                "version": case.version,
            }
        )
        if can_write and open_case
        else None,
    }
    return render(request, "construction/case_detail.html", context)


@login_required
@require_POST
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_construction_case_for_user(request.user, pk, write=True)
    form = CaseEditForm(request.POST)
    if form.is_valid():
        d = dict(form.cleaned_data)
        version = d.pop("version")
        d["prior_debt"] = d["prior_debt"] or 0
        _attempt(
            request,
            lambda: services.update_construction_case(
                case=case, by=request.user, version=version, **d
            ),
            "Byggesagen er rettet.",
        )
    else:
        _form_errors(request, form)
    return redirect("construction:case", pk=case.pk)


@login_required
@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_construction_case_for_user(request.user, pk, write=True)
    form = MilestoneForm(request.POST, kinds=list(calc.MILESTONES))
    if form.is_valid():
        _attempt(
            request,
            lambda: services.record_milestone(case=case, by=request.user, **form.cleaned_data),
            "Milepælen er godkendt og registreret.",
        )
    else:
        _form_errors(request, form)
    return redirect("construction:case", pk=case.pk)


@login_required
@require_POST
def event_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_construction_case_for_user(request.user, pk, event=True)
    form = EventForm(request.POST)
    if form.is_valid():
        d = dict(form.cleaned_data)
        _attempt(
            request,
            lambda: services.add_event(case=case, by=request.user, **d),
            "Hændelsen er tilføjet.",
        )
    else:
        _form_errors(request, form)
    return redirect("construction:case", pk=case.pk)


@login_required
@require_POST
def event_status(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    case = get_construction_case_for_user(request.user, pk, event=True)
    event = case.events.filter(pk=event_pk).first()
    if event is None:
        raise Http404("Hændelsen findes ikke i byggesagen.")
    form = EventStatusForm(request.POST)
    if form.is_valid():
        _attempt(
            request,
            lambda: services.update_event(
                event=event,
                by=request.user,
                version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
            ),
            "Status er ændret.",
        )
    else:
        _form_errors(request, form)
    return redirect("construction:case", pk=case.pk)


@login_required
@require_POST
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_construction_case_for_user(request.user, pk, write=True)
    _attempt(
        request,
        lambda: services.close_construction_case(
            case=case, by=request.user, note=request.POST.get("note", "")
        ),
        "Byggesagen er lukket.",
    )
    return redirect("construction:case", pk=case.pk)


@login_required
def rates(request: HttpRequest) -> HttpResponse:
    """The maksimumbeløb rate table with sources and history; administrators add and change rows."""
    scope = require_construction_reader(request.user)
    can_edit = can_edit_construction_rates(scope)
    if request.method == "POST":
        require(can_edit, "Kun en administrator kan ændre satserne.")
        form = RateForm(request.POST)
        rate_id = request.POST.get("rate")
        rate = None
        if rate_id:
            rate = MaximumRate.objects.filter(pk=rate_id).first()
            if rate is None:
                not_found("Satsen findes ikke.")
        if form.is_valid():
            d = dict(form.cleaned_data)
            version = d.pop("version", None)
            d["per_dwelling"] = d["per_dwelling"] or 0
            saved = _attempt(
                request,
                lambda: services.save_rate(by=request.user, rate=rate, version=version, **d),
                "Satsen er gemt.",
            )
            if saved is not None:
                return redirect("construction:rates")
        else:
            _form_errors(request, form)
    rows = list(MaximumRate.objects.all())
    return render(
        request,
        "construction/rates.html",
        {
            "rates": rows,
            "history": RateChange.objects.select_related("by")[:50],
            "form": RateForm() if can_edit else None,
            "edit_forms": [(r, _rate_edit_form(r)) for r in rows] if can_edit else [],
            "can_edit": can_edit,
        },
    )


def _rate_edit_form(rate: MaximumRate) -> RateForm:
    """A row's edit form, prefilled; the version it was read at travels hidden (w3)."""
    return RateForm(
        auto_id=f"sats-{rate.pk}-%s",
        initial={
            "year": rate.year,
            "housing_type": rate.housing_type,
            "region": rate.region,
            "per_dwelling": rate.per_dwelling,
            "per_m2": rate.per_m2,
            "source": rate.source,
            "confirmed": rate.confirmed,
            "version": rate.version,
        },
    )


# --- Documents (w3) ----------------------------------------------------------------------------


def _document_targets(case: Any) -> list[tuple[str, str]]:
    return [
        *((f"m{m.pk}", f"Milepæl: {m}") for m in case.milestones.all()),
        *((f"e{e.pk}", f"Hændelse: {e}") for e in case.events.all()),
    ]


@login_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_construction_case_for_user(request.user, pk, event=True)
    form = DocumentForm(request.POST, request.FILES, targets=_document_targets(case))
    if form.is_valid():
        on = form.cleaned_data["on"] or ""
        milestone = get_case_milestone(case, int(on[1:])) if on.startswith("m") else None
        event = get_case_event(case, int(on[1:])) if on.startswith("e") else None
        _attempt(
            request,
            lambda: services.add_document(
                case=case,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                milestone=milestone,
                event=event,
                by=request.user,
            ),
            "Dokumentet er gemt.",
        )
    else:
        _form_errors(request, form)
    return redirect(f"{reverse('construction:case', args=[case.pk])}#dokumenter")


@login_required
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    require_construction_reader(request.user)
    case = get_construction_case_for_user(request.user, pk)
    document = get_case_document(case, document_pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Filen findes ikke længere.") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def document_delete(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    case = get_construction_case_for_user(request.user, pk, write=True)
    document = get_case_document(case, document_pk)
    name = document.original_name
    _attempt(
        request,
        lambda: services.delete_document(document=document, by=request.user),
        f"Dokumentet {name} er slettet.",
    )
    return redirect(f"{reverse('construction:case', args=[case.pk])}#dokumenter")


# --- Links (w3) --------------------------------------------------------------------------------


@login_required
@require_POST
def link_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_construction_case_for_user(request.user, pk, write=True)
    form = LinkForm(request.POST, choices=link_choices(case))
    target = parse_link_target(request.POST.get("link-target", "")) if form.is_valid() else None
    if target is None:
        messages.error(request, "Vælg en sag, en aftale eller et dagsordenspunkt fra listen.")
    else:
        name, target_pk = target
        _attempt(
            request,
            lambda: services.link(case=case, by=request.user, **{name: [target_pk]}),
            "Byggesagen er knyttet.",
        )
    return redirect(f"{reverse('construction:case', args=[case.pk])}#knyttet")


@login_required
@require_POST
def link_remove(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_construction_case_for_user(request.user, pk, write=True)
    target = parse_link_target(request.POST.get("target", ""))
    if target is None:
        messages.error(request, "Vælg den tilknytning, der skal fjernes.")
    else:
        name, target_pk = target
        _attempt(
            request,
            lambda: services.unlink(case=case, by=request.user, **{name: [target_pk]}),
            "Tilknytningen er fjernet.",
        )
    return redirect(f"{reverse('construction:case', args=[case.pk])}#knyttet")
