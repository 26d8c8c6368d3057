"""Named reads on construction cases: the scoped lookups (rules in ``accounts.permissions``),
the checks a case page, the API and the CLI share, the kommune overview and the guarantee
register."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import QuerySet, Sum

from almen import construction as calc
from styringsdialog.accounts.permissions import (
    Scope,
    can_add_construction_event,
    can_write_construction,
    construction_filter,
    is_construction_reader,
    not_found,
    require,
    scope_for,
)
from styringsdialog.construction.models import (
    CaseDocument,
    ConstructionCase,
    Event,
    MaximumRate,
    Milestone,
)
from styringsdialog.registry.models import Department

__all__ = [
    "CaseChecks",
    "approved_kinds",
    "case_checks",
    "case_documents",
    "get_case_document",
    "get_case_event",
    "get_case_milestone",
    "get_construction_case_for_user",
    "link_choices",
    "guarantee_register",
    "kommune_overview",
    "rate_rows",
    "reference_rents",
    "require_construction_reader",
    "visible_construction_cases",
]

STAGES = ("A", "B", "C")


def require_construction_reader(user: Any) -> Scope:
    scope = scope_for(user)
    if not is_construction_reader(scope):
        not_found("Siden findes ikke.")
    return scope


def with_related(qs: QuerySet[ConstructionCase]) -> QuerySet[ConstructionCase]:
    return qs.select_related("kommune", "organisation", "department", "department__organisation")


def visible_construction_cases(
    scope: Scope, qs: QuerySet[ConstructionCase] | None = None
) -> QuerySet[ConstructionCase]:
    qs = ConstructionCase.objects.all() if qs is None else qs
    if scope.admin:
        return qs
    if not (scope.kommune_ids or scope.organisation_ids):
        return qs.none()
    return qs.filter(construction_filter(scope))


def get_construction_case_for_user(
    user: Any, pk: int, *, write: bool = False, event: bool = False
) -> ConstructionCase:
    """``write=True``: the kommune's rights (403 for organisation staff); ``event=True``: may
    add events and documents (the kommune and the organisation's staff)."""
    scope = scope_for(user)
    case = (
        visible_construction_cases(scope, with_related(ConstructionCase.objects.all()))
        .filter(pk=pk)
        .first()
    )
    if case is None:
        not_found("Byggesagen findes ikke, eller du har ikke adgang til den.")
    if write:
        require(can_write_construction(scope, case), "Du har kun læseadgang til denne byggesag.")
    if event:
        require(
            can_add_construction_event(scope, case),
            "Du har ikke ret til at tilføje hændelser til denne byggesag.",
        )
    return case


def approved_kinds(case: ConstructionCase) -> set[str]:
    return set(case.milestones.values_list("kind", flat=True))


def rate_rows() -> list[calc.Rate]:
    return [
        calc.Rate(r.year, r.housing_type, r.region, r.per_dwelling, r.per_m2, r.source)
        for r in MaximumRate.objects.all()
    ]


def reference_rents(case: ConstructionCase) -> dict[str, Decimal | None]:
    """Area-weighted rent per m² of the departments in the case's kommune and region with
    dwellings of the case's housing type (the registry's ``rent_per_m2``; the case's own
    department left out)."""
    area_field = f"area_{case.housing_type}"
    base = Department.objects.filter(**{f"{area_field}__gt": 0}, rent_per_m2__gt=0)
    if case.department_id:
        base = base.exclude(pk=case.department_id)
    out: dict[str, Decimal | None] = {}
    for label, qs in (
        ("kommunen", base.filter(kommune_id=case.kommune_id)),
        ("regionen", base.filter(kommune__region_id=case.kommune.region_id)),
    ):
        rows = [(Decimal(r), Decimal(a)) for r, a in qs.values_list("rent_per_m2", area_field)]
        out[label] = calc.weighted_rent(rows)
    return out


@dataclass
class CaseChecks:
    """Everything the case page's "Kontrol" section shows, each figure with its rule."""

    maximum: calc.Maximum | None = None
    maximum_problem: str = ""
    against_maximum: list[calc.MaximumCheck] = field(default_factory=list)
    financing: calc.Financing | None = None
    financing_problem: str = ""
    guarantee: calc.Guarantee | None = None
    rents: list[calc.RentComparison] = field(default_factory=list)
    next_milestone: str | None = None
    next_milestone_label: str = ""

    @property
    def overrun(self) -> bool:
        return any(c.over for c in self.against_maximum)

    def as_dict(self) -> dict[str, Any]:
        def share(s: calc.Share) -> dict[str, Any]:
            return {"name": s.name, "pct": s.pct, "amount": s.amount, "rule": s.rule}

        return {
            "maximum": None
            if self.maximum is None
            else {
                "amount": self.maximum.amount,
                "rule": self.maximum.rule,
                "source": self.maximum.source,
            },
            "maximum_problem": self.maximum_problem,
            "against_maximum": [
                {
                    "stage": c.stage,
                    "anskaffelsessum": c.anskaffelsessum,
                    "maximum": c.maximum,
                    "margin": c.margin,
                    "margin_pct": c.margin_pct,
                    "over": c.over,
                    "text": c.text,
                }
                for c in self.against_maximum
            ],
            "overrun": self.overrun,
            "financing": None
            if self.financing is None
            else {
                "anskaffelsessum": self.financing.anskaffelsessum,
                "shares": [share(s) for s in self.financing.shares],
                "source": self.financing.source,
            },
            "financing_problem": self.financing_problem,
            "guarantee": None
            if self.guarantee is None
            else {
                "guaranteed": self.guarantee.guaranteed,
                "lbf_share": self.guarantee.lbf_share,
                "kommune_net": self.guarantee.kommune_net,
                "rule": self.guarantee.rule,
                "source": self.guarantee.source,
            },
            "rents": [
                {
                    "label": r.label,
                    "reference": r.reference,
                    "difference": r.difference,
                    "difference_pct": r.difference_pct,
                    "text": r.text,
                }
                for r in self.rents
            ],
            "next_milestone": self.next_milestone,
        }


def case_checks(case: ConstructionCase) -> CaseChecks:
    """The maksimumbeløb (from the year of skema B, or the current year as an estimate before
    it), the anskaffelsessum at A, B and C against it, the financing split, the guarantee and
    the rent effect."""
    out = CaseChecks()
    milestones = {m.kind: m for m in case.milestones.all()}
    approved = set(milestones)
    out.next_milestone = calc.next_milestone(case.kind, approved)
    out.next_milestone_label = calc.MILESTONES.get(out.next_milestone or "", "")
    b = milestones.get("skema_b")
    a = milestones.get("skema_a")
    if case.kind in ("nybyggeri", "tilbygning", "infrastruktur") or a or b:
        year = b.date.year if b else (a.date.year if a else case.opened_on.year)
        rate = calc.pick_rate(
            rate_rows(), year=year, housing_type=case.housing_type, region=case.rate_region
        )
        if rate is None:
            out.maximum_problem = (
                f"Ingen sats for maksimumbeløb for {calc.HOUSING_TYPES[case.housing_type]} i "
                f"{year}{'' if year >= calc.PER_DWELLING_FROM else ' i det valgte område'}. "
                "En administrator kan indtaste den under Satser."
            )
        elif case.area_m2 <= 0:
            out.maximum_problem = "Angiv sagens boligareal for at beregne maksimumbeløbet."
        else:
            out.maximum = calc.maksimumbeloeb(rate, dwellings=case.dwellings, area_m2=case.area_m2)
            if not b:
                out.maximum_problem = (
                    f"Skema B er ikke godkendt: maksimumbeløbet er beregnet med satserne for {year} "
                    "og fastlægges først ved skema B."
                )
            for stage in STAGES:
                m = milestones.get(f"skema_{stage.lower()}")
                if m is not None and m.anskaffelsessum:
                    out.against_maximum.append(
                        calc.check_against_maximum(stage, m.anskaffelsessum, out.maximum.amount)
                    )
    latest = next(
        (
            milestones[k]
            for k in ("skema_c", "skema_b", "skema_a")
            if k in milestones and milestones[k].anskaffelsessum
        ),
        None,
    )
    if latest is not None and a is not None and latest.anskaffelsessum is not None:
        average = case.area_m2 / case.dwellings if case.dwellings else None
        try:
            out.financing = calc.financing(
                latest.anskaffelsessum,
                housing_type=case.housing_type,
                tilsagn=a.date,
                average_area_m2=average,
            )
        except calc.ConstructionError as exc:
            out.financing_problem = str(exc)
    elif case.kind in ("nybyggeri", "tilbygning"):
        out.financing_problem = (
            "Finansieringen beregnes, når skema A er godkendt med en anskaffelsessum."
        )
    if case.kind == "renovering_lbf" and case.loan_amount and case.property_value:
        out.guarantee = calc.guarantee(
            loan=case.loan_amount, property_value=case.property_value, prior_debt=case.prior_debt
        )
    references = reference_rents(case) if case.area_m2 > 0 else {}
    for stage in ("B", "C"):
        m = milestones.get(f"skema_{stage.lower()}")
        if m is not None and m.annual_rent and case.area_m2 > 0:
            rent = calc.rent_per_m2(m.annual_rent, case.area_m2)
            for label, reference in references.items():
                out.rents.append(calc.compare_rent(stage, rent, label, reference))
    return out


def kommune_overview(scope: Scope, kommune: Any) -> list[tuple[str, str, list[Any]]]:
    """Open cases of the kommune grouped by their next milestone: (key, label, cases)."""
    cases = list(
        visible_construction_cases(
            scope, with_related(ConstructionCase.objects.filter(kommune=kommune))
        )
        .exclude(status=ConstructionCase.Status.CLOSED)
        .prefetch_related("milestones")
        .order_by("organisation__number", "title")
    )
    groups: dict[str, list[Any]] = {}
    for case in cases:
        approved = {m.kind for m in case.milestones.all()}
        upcoming = calc.next_milestone(case.kind, approved)
        case.next_milestone = upcoming  # type: ignore[attr-defined]
        groups.setdefault(upcoming or "", []).append(case)
    order = [*calc.MILESTONES, ""]
    return [
        (key, calc.MILESTONES.get(key, "Alle milepæle godkendt"), groups[key])
        for key in order
        if key in groups
    ]


def guarantee_register(scope: Scope, kommune: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Every guarantee the kommune has given (approved "garanti" milestones), per organisation,
    with totals."""
    visible = visible_construction_cases(scope, ConstructionCase.objects.filter(kommune=kommune))
    rows = (
        Milestone.objects.filter(kind="garanti", case__in=visible.values("pk"))
        .values("case__organisation__number", "case__organisation__name")
        .annotate(guaranteed=Sum("guarantee_amount"), lbf=Sum("lbf_share"))
        .order_by("case__organisation__number")
    )
    out = []
    for r in rows:
        guaranteed = r["guaranteed"] or Decimal(0)
        lbf = r["lbf"] or Decimal(0)
        out.append(
            {
                "organisation": r["case__organisation__number"],
                "organisation_name": r["case__organisation__name"],
                "guaranteed": guaranteed,
                "lbf_share": lbf,
                "kommune_net": guaranteed - lbf,
            }
        )
    totals = {
        "guaranteed": sum((r["guaranteed"] for r in out), Decimal(0)),
        "lbf_share": sum((r["lbf_share"] for r in out), Decimal(0)),
        "kommune_net": sum((r["kommune_net"] for r in out), Decimal(0)),
    }
    return out, totals


# --- Documents (w3) ----------------------------------------------------------------------------


def case_documents(case: ConstructionCase) -> QuerySet[CaseDocument]:
    return case.documents.select_related("milestone", "event")


def get_case_document(case: ConstructionCase, pk: int) -> CaseDocument:
    """A document of a case the caller already may see (the case lookup did the scope check)."""
    document = case_documents(case).filter(pk=pk).first()
    if document is None:
        not_found("Dokumentet findes ikke i byggesagen.")
    return document


def get_case_milestone(case: ConstructionCase, pk: int) -> Milestone:
    milestone = case.milestones.filter(pk=pk).first()
    if milestone is None:
        not_found("Milepælen findes ikke i byggesagen.")
    return milestone


def get_case_event(case: ConstructionCase, pk: int) -> Event:
    event = case.events.filter(pk=pk).first()
    if event is None:
        not_found("Hændelsen findes ikke i byggesagen.")
    return event


# --- Link choices (w3) -------------------------------------------------------------------------

LINK_CHOICES_LIMIT = 200


def link_choices(case: ConstructionCase) -> dict[str, list[tuple[int, str]]]:
    """What the case may be linked to and is not yet: the meetings app's cases of the case's
    department (of the organisation, for a new department) in the case's kommune, the
    organisation's agreements with the kommune and the agenda items of their meetings (newest
    first, at most ``LINK_CHOICES_LIMIT`` each). The caller already passed the case's write check
    (the kommune's caseworkers), so everything of that kommune and organisation is in scope. The
    models are reached by name: this app does not import meetings (ADR 0006)."""
    Case = apps.get_model("meetings", "Case")
    Agreement = apps.get_model("meetings", "Agreement")
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    cases = Case._default_manager.filter(
        kommune_id=case.kommune_id, department__organisation_id=case.organisation_id
    )
    if case.department_id is not None:
        cases = cases.filter(department_id=case.department_id)
    cases = cases.exclude(pk__in=case.cases.values("pk")).order_by("-opened_on", "-pk")
    agreements = (
        Agreement._default_manager.filter(
            kommune_id=case.kommune_id, organisation_id=case.organisation_id
        )
        .exclude(pk__in=case.agreements.values("pk"))
        .order_by("-styringsaar", "-pk")
    )
    items = (
        AgendaItem._default_manager.filter(
            meeting__kommune_id=case.kommune_id, meeting__organisation_id=case.organisation_id
        )
        .exclude(pk__in=case.agenda_items.values("pk"))
        .select_related("meeting")
        .order_by("-meeting__date", "position", "pk")
    )
    n = LINK_CHOICES_LIMIT
    return {
        "sag": [(c.pk, c.title[:120]) for c in cases[:n]],
        "aftale": [(a.pk, f"{a.styringsaar}: {a.text[:100]}") for a in agreements[:n]],
        "punkt": [(i.pk, f"{i.meeting.date:%d.%m.%Y}: {i.title[:100]}") for i in items[:n]],
    }
