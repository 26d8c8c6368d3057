"""The one place that decides who may see and change what.

Every view and API endpoint gets its objects through the helpers here:

* ``scope_for(user)`` describes what a user may read (kommuner, organisations, national).
* ``get_*_for_user(user, …, write=False)`` return the object or raise ``Http404`` when it is
  outside the user's scope (outsiders must not learn that it exists), and ``PermissionDenied``
  (403) when the user may read it but not change it.
* QuerySet filters ``visible_*`` narrow lists to the scope.

Rules (PRODUCT.md, "Who uses it"):

* administrator: everything, read and write;
* sector analyst: read everything in the registry and benchmarks nationally, never writes,
  and sees meetings only as the public does (published referater);
* kommune caseworker: organisations with their hjemsted in the kommune (with all their
  departments) and departments located in the kommune; writes meetings of their kommune;
* organisation staff: their organisation and its departments; comments on referat drafts sent
  to them and reports progress on agreements assigned to the organisation;
* anonymous: only public pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from styringsdialog.accounts.models import Role

if TYPE_CHECKING:
    from styringsdialog.registry.models import Department, Kommune, Organisation


@dataclass(frozen=True)
class Scope:
    """What one user may read. Empty sets and ``national=False`` mean nothing."""

    authenticated: bool = False
    admin: bool = False
    national: bool = False  # analyst or admin: read everything in registry/benchmarks
    kommune_ids: frozenset[int] = field(default_factory=frozenset)  # caseworker
    organisation_ids: frozenset[int] = field(default_factory=frozenset)  # organisation staff

    @property
    def is_caseworker(self) -> bool:
        return bool(self.kommune_ids)

    @property
    def is_organisation_staff(self) -> bool:
        return bool(self.organisation_ids)

    def can_write_kommune(self, kommune_id: int) -> bool:
        return self.admin or kommune_id in self.kommune_ids


ANONYMOUS = Scope()


def scope_for(user: Any) -> Scope:
    """Compute (and cache on the user object) the scope of a user."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_styringsdialog_scope", None)
    if cached is not None:
        return cached
    kommuner: set[int] = set()
    organisations: set[int] = set()
    admin = bool(user.is_superuser)
    national = admin
    for role, kommune_id, organisation_id in user.memberships.values_list(
        "role", "kommune_id", "organisation_id"
    ):
        if role == Role.ADMIN:
            admin = national = True
        elif role == Role.ANALYST:
            national = True
        elif role == Role.CASEWORKER and kommune_id:
            kommuner.add(kommune_id)
        elif role == Role.ORGANISATION and organisation_id:
            organisations.add(organisation_id)
    scope = Scope(
        authenticated=True,
        admin=admin,
        national=national,
        kommune_ids=frozenset(kommuner),
        organisation_ids=frozenset(organisations),
    )
    user._styringsdialog_scope = scope
    return scope


# --- registry --------------------------------------------------------------------------------


def organisation_filter(scope: Scope, prefix: str = "") -> Q:
    """Q for organisations (``prefix`` points at an organisation relation, e.g. ``"organisation__"``)."""
    if scope.national:
        return Q()
    q = Q(**{f"{prefix}pk__in": scope.organisation_ids}) if scope.organisation_ids else Q(pk__in=[])
    if scope.kommune_ids:
        q |= Q(**{f"{prefix}home_kommune_id__in": scope.kommune_ids})
        q |= Q(**{f"{prefix}departments__kommune_id__in": scope.kommune_ids})
    return q


def department_filter(scope: Scope, prefix: str = "") -> Q:
    """Q for departments (``prefix`` points at a department relation)."""
    if scope.national:
        return Q()
    q = Q(**{f"{prefix}organisation_id__in": scope.organisation_ids})
    if scope.kommune_ids:
        q |= Q(**{f"{prefix}kommune_id__in": scope.kommune_ids})
        q |= Q(**{f"{prefix}organisation__home_kommune_id__in": scope.kommune_ids})
    return q


def visible_kommuner(scope: Scope, qs: QuerySet[Kommune]) -> QuerySet[Kommune]:
    if scope.national:
        return qs
    if scope.kommune_ids:
        return qs.filter(pk__in=scope.kommune_ids)
    if scope.organisation_ids:
        # organisation staff see the kommuner where their organisation has departments
        return qs.filter(
            Q(departments__organisation_id__in=scope.organisation_ids)
            | Q(home_organisations__pk__in=scope.organisation_ids)
        ).distinct()
    return qs.none()


def visible_organisations(scope: Scope, qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    if not scope.authenticated:
        return qs.none()
    if scope.national:
        return qs
    if scope.kommune_ids:
        return qs.filter(organisation_filter(scope)).distinct()
    return qs.filter(pk__in=scope.organisation_ids)


def visible_departments(scope: Scope, qs: QuerySet[Department]) -> QuerySet[Department]:
    if not scope.authenticated:
        return qs.none()
    return qs.filter(department_filter(scope))


def get_kommune_for_user(user: Any, code: str, *, write: bool = False) -> Kommune:
    from styringsdialog.registry.models import Kommune

    scope = scope_for(user)
    kommune = visible_kommuner(scope, Kommune.objects.all()).filter(code=code).first()
    if kommune is None:
        raise Http404("Kommunen findes ikke, eller du har ikke adgang til den.")
    if write and not scope.can_write_kommune(kommune.pk):
        raise PermissionDenied("Du har kun læseadgang til denne kommune.")
    return kommune


def get_organisation_for_user(user: Any, number: str, *, write: bool = False) -> Organisation:
    from styringsdialog.registry.models import Organisation

    scope = scope_for(user)
    org = (
        visible_organisations(scope, Organisation.objects.select_related("home_kommune"))
        .filter(number=number)
        .first()
    )
    if org is None:
        raise Http404("Organisationen findes ikke, eller du har ikke adgang til den.")
    if write and not (scope.admin or org.home_kommune_id in scope.kommune_ids):
        raise PermissionDenied("Du har kun læseadgang til denne organisation.")
    return org


def get_department_for_user(
    user: Any, org_number: str, number: str, *, write: bool = False
) -> Department:
    from styringsdialog.registry.models import Department

    scope = scope_for(user)
    qs = Department.objects.select_related("organisation", "kommune", "organisation__home_kommune")
    dept = (
        visible_departments(scope, qs)
        .filter(organisation__number=org_number, number=number)
        .first()
    )
    if dept is None:
        raise Http404("Afdelingen findes ikke, eller du har ikke adgang til den.")
    if write and not (
        scope.admin
        or dept.kommune_id in scope.kommune_ids
        or dept.organisation.home_kommune_id in scope.kommune_ids
    ):
        raise PermissionDenied("Du har kun læseadgang til denne afdeling.")
    return dept


def require_authenticated(user: Any) -> Scope:
    """Scope of a logged-in user; anonymous users get 404 on internal pages."""
    scope = scope_for(user)
    if not scope.authenticated:
        raise Http404("Siden findes ikke.")
    return scope


# --- meetings --------------------------------------------------------------------------------
#
# * caseworker: meetings, agreements and cases of their kommune — read and write;
# * organisation staff: meetings where their organisation takes part, once the referat has been
#   sent to them (never drafts), and the agreements from those meetings; cases about their
#   departments. They write only comments (while the referat is sent) and progress on
#   agreements assigned to their organisation (``agreement_write_level``);
# * analyst, anonymous, users without a role: no internal meeting pages (404) — they read
#   published referater on the public portal;
# * administrator: everything.

REFERAT_VISIBLE_TO_ORGANISATION = ("sent", "approved", "published")


def meeting_filter(scope: Scope, prefix: str = "") -> Q:
    """Q for meetings (``prefix`` points at a meeting relation, e.g. ``"meeting__"``)."""
    if scope.admin:
        return Q()
    q = Q(pk__in=[])
    if scope.kommune_ids:
        q |= Q(**{f"{prefix}kommune_id__in": scope.kommune_ids})
    if scope.organisation_ids:
        q |= Q(**{f"{prefix}referat_status__in": REFERAT_VISIBLE_TO_ORGANISATION}) & (
            Q(**{f"{prefix}organisation_id__in": scope.organisation_ids})
            | Q(**{f"{prefix}other_organisations__pk__in": scope.organisation_ids})
        )
    return q


def visible_meetings(scope: Scope, qs: QuerySet) -> QuerySet:
    if scope.admin:
        return qs
    if not (scope.kommune_ids or scope.organisation_ids):
        return qs.none()
    q = meeting_filter(scope)
    if scope.organisation_ids:
        # the M2M join may duplicate rows; filter by id to keep the queryset sliceable and ordered
        return qs.filter(pk__in=qs.model.objects.filter(q).values("pk"))
    return qs.filter(q)


def can_write_meeting(scope: Scope, meeting: Any) -> bool:
    return scope.can_write_kommune(meeting.kommune_id)


def get_meeting_for_user(user: Any, pk: int, *, write: bool = False) -> Any:
    from styringsdialog.meetings.models import Meeting

    scope = scope_for(user)
    meeting = visible_meetings(scope, Meeting.objects.with_related()).filter(pk=pk).first()
    if meeting is None:
        raise Http404("Mødet findes ikke, eller du har ikke adgang til det.")
    if write and not can_write_meeting(scope, meeting):
        raise PermissionDenied("Du har kun læseadgang til dette møde.")
    return meeting


def can_comment_on_referat(scope: Scope, meeting: Any, organisation_ids: set[int]) -> bool:
    """Organisation staff of a participating organisation, while the referat is sent to them."""
    return meeting.referat_status == "sent" and bool(scope.organisation_ids & organisation_ids)


def agreement_filter(scope: Scope) -> Q:
    if scope.admin:
        return Q()
    q = Q(pk__in=[])
    if scope.kommune_ids:
        q |= Q(kommune_id__in=scope.kommune_ids)
    if scope.organisation_ids:
        q |= Q(organisation_id__in=scope.organisation_ids) & (
            Q(meeting__isnull=True) | Q(meeting__referat_status__in=REFERAT_VISIBLE_TO_ORGANISATION)
        )
    return q


def visible_agreements(scope: Scope, qs: QuerySet) -> QuerySet:
    if scope.admin:
        return qs
    if not (scope.kommune_ids or scope.organisation_ids):
        return qs.none()
    return qs.filter(agreement_filter(scope))


def agreement_write_level(scope: Scope, agreement: Any) -> str | None:
    """``"full"`` (kommune decides every status), ``"progress"`` (organisation staff: move to
    i gang and report progress on agreements their organisation is responsible for), or None."""
    if scope.can_write_kommune(agreement.kommune_id):
        return "full"
    if agreement.organisation_id in scope.organisation_ids and agreement.responsible_side in (
        "organisation",
        "begge",
    ):
        return "progress"
    return None


def get_agreement_for_user(user: Any, pk: int, *, write: bool = False) -> Any:
    """``write=True`` requires at least progress rights; the service enforces which statuses."""
    from styringsdialog.meetings.models import Agreement

    scope = scope_for(user)
    agreement = visible_agreements(scope, Agreement.objects.with_related()).filter(pk=pk).first()
    if agreement is None:
        raise Http404("Aftalen findes ikke, eller du har ikke adgang til den.")
    if write and agreement_write_level(scope, agreement) is None:
        raise PermissionDenied("Du har kun læseadgang til denne aftale.")
    return agreement


def case_filter(scope: Scope) -> Q:
    if scope.admin:
        return Q()
    q = Q(pk__in=[])
    if scope.kommune_ids:
        q |= Q(kommune_id__in=scope.kommune_ids)
    if scope.organisation_ids:
        q |= Q(department__organisation_id__in=scope.organisation_ids)
    return q


def visible_cases(scope: Scope, qs: QuerySet) -> QuerySet:
    if scope.admin:
        return qs
    if not (scope.kommune_ids or scope.organisation_ids):
        return qs.none()
    return qs.filter(case_filter(scope))


def get_case_for_user(user: Any, pk: int, *, write: bool = False) -> Any:
    from styringsdialog.meetings.models import Case

    scope = scope_for(user)
    case = visible_cases(scope, Case.objects.with_related()).filter(pk=pk).first()
    if case is None:
        raise Http404("Sagen findes ikke, eller du har ikke adgang til den.")
    if write and not scope.can_write_kommune(case.kommune_id):
        raise PermissionDenied("Du har kun læseadgang til denne sag.")
    return case


def require_meeting_reader(user: Any) -> Scope:
    """Scope of a user who may use internal meeting pages at all (caseworker, staff, admin)."""
    scope = scope_for(user)
    if not (scope.admin or scope.kommune_ids or scope.organisation_ids):
        raise Http404("Siden findes ikke.")
    return scope


# --- intake (documentation packages) ----------------------------------------------------------
# read: whoever may read the organisation; upload and submit: the organisation's own staff and
# administrators; review, send back, mark the meeting held, create packages: caseworkers of the
# organisation's home kommune and administrators; other readers get 403 on writes.

PackageWrite = Literal["upload", "review"]


@dataclass(frozen=True)
class PackageAccess:
    organisation: Any
    scope: Scope

    @property
    def can_upload(self) -> bool:
        return can_upload(self.scope, self.organisation)

    @property
    def can_review(self) -> bool:
        return can_review(self.scope, self.organisation)


def can_upload(scope: Scope, organisation: Any) -> bool:
    return scope.admin or organisation.pk in scope.organisation_ids


def can_review(scope: Scope, organisation: Any) -> bool:
    return scope.can_write_kommune(organisation.home_kommune_id)


def get_package_access(
    user: Any, number: str, *, write: PackageWrite | None = None
) -> PackageAccess:
    """The organisation's package access; Http404 outside the scope, PermissionDenied for writes."""
    organisation = get_organisation_for_user(user, number)
    access = PackageAccess(organisation, scope_for(user))
    if write == "upload" and not access.can_upload:
        raise PermissionDenied(
            "Kun boligorganisationens egne medarbejdere kan indlæse filer og indsende pakken."
        )
    if write == "review" and not access.can_review:
        raise PermissionDenied("Kun kommunens sagsbehandlere kan ændre pakkens status.")
    return access


def visible_packages(scope: Scope, qs: QuerySet) -> QuerySet:
    if not scope.authenticated:
        return qs.none()
    if scope.national:
        return qs
    from styringsdialog.registry.models import Organisation

    organisations = Organisation.objects.filter(organisation_filter(scope)).values("pk")
    return qs.filter(organisation_id__in=organisations)
