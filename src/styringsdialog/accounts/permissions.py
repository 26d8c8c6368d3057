"""The rules: who may read and change what. No model imports; every app applies these rules
in its own lookups (``registry.queries.get_department_for_user``,
``meetings.queries.get_meeting_for_user``, ``intake.queries.get_package_access``, …).

This module holds three kinds of things, and nothing else:

* ``scope_for(user)`` → ``Scope``: what one user may read (kommuner, organisations, national);
* filters (``organisation_filter``, ``meeting_filter``, …): the read rule for a kind of object as
  a ``Q`` over field names, so an app narrows its own QuerySets without this module importing
  its models;
* predicates (``can_write_department``, ``agreement_write_level``, …): the write rule for one
  object, given only the attributes the rule needs.

The lookups raise ``Http404`` when an object is outside the reader's scope (outsiders must not
learn that it exists) and ``PermissionDenied`` (403) when the user may read it but not change it
(``not_found`` and ``require`` below). Where writes are authorised is recorded in ADR 0002.

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

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, NoReturn, Protocol

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from styringsdialog.accounts.models import Role


@dataclass(frozen=True)
class Scope:
    """What one user may read. Empty sets and ``national=False`` mean nothing."""

    authenticated: bool = False
    admin: bool = False
    national: bool = False  # analyst or admin: read everything in registry/benchmarks
    kommune_ids: frozenset[int] = field(default_factory=frozenset)  # caseworker
    organisation_ids: frozenset[int] = field(default_factory=frozenset)  # organisation staff
    # h16a: kommuner whose users and roles this user administers (kommune administrator)
    user_admin_kommune_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_caseworker(self) -> bool:
        return bool(self.kommune_ids)

    @property
    def is_organisation_staff(self) -> bool:
        return bool(self.organisation_ids)

    @property
    def has_role(self) -> bool:
        """Any role at all (a logged-in user without a membership has none)."""
        return self.national or self.is_caseworker or self.is_organisation_staff

    def can_write_kommune(self, kommune_id: int | None) -> bool:
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
    user_admin_kommuner: set[int] = set()
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
        elif role in (Role.ORGANISATION, Role.ADMINISTRATION) and organisation_id:
            # staff of an administrationsorganisation hold one membership per organisation
            # they work for: the scope is the union
            organisations.add(organisation_id)
        elif role == Role.KOMMUNE_ADMIN and kommune_id:
            user_admin_kommuner.add(kommune_id)
    scope = Scope(
        authenticated=True,
        admin=admin,
        national=national,
        kommune_ids=frozenset(kommuner),
        organisation_ids=frozenset(organisations),
        user_admin_kommune_ids=frozenset(user_admin_kommuner),
    )
    user._styringsdialog_scope = scope
    return scope


# --- the outcome of a lookup ------------------------------------------------------------------


def not_found(message: str) -> NoReturn:
    """Outside the reader's scope (or not there at all): 404, with a Danish message."""
    raise Http404(message)


def require(allowed: bool, message: str) -> None:
    """Readable but not writable: 403, with a Danish message."""
    if not allowed:
        raise PermissionDenied(message)


# --- registry: kommuner, organisations, departments ------------------------------------------
# read: national readers everything; caseworkers the organisations with their hjemsted in the
# kommune and every department located in it or belonging to such an organisation; staff their
# organisation and its departments (and the kommuner where it has departments).
# write: administrators, and caseworkers of the kommune (the organisation's home kommune, or the
# kommune where the department lies).


class HasHomeKommune(Protocol):
    @property
    def home_kommune_id(self) -> int | None: ...


class DepartmentLike(Protocol):
    @property
    def kommune_id(self) -> int | None: ...

    @property
    def organisation(self) -> HasHomeKommune: ...


def kommune_filter(scope: Scope) -> Q | None:
    """Q for kommuner, or None for "every kommune" (national readers)."""
    if scope.national:
        return None
    if scope.kommune_ids:
        return Q(pk__in=scope.kommune_ids)
    if scope.organisation_ids:
        # organisation staff see the kommuner where their organisation has departments
        return Q(departments__organisation_id__in=scope.organisation_ids) | Q(
            home_organisations__pk__in=scope.organisation_ids
        )
    return Q(pk__in=[])


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


def can_write_organisation(scope: Scope, organisation: HasHomeKommune) -> bool:
    return scope.can_write_kommune(organisation.home_kommune_id)


def can_write_department(scope: Scope, department: DepartmentLike) -> bool:
    return scope.can_write_kommune(department.kommune_id) or can_write_organisation(
        scope, department.organisation
    )


def can_see_unmatched_units(scope: Scope, kommune_id: int) -> bool:
    """Register units outside any department: the kommune's own and national readers' view."""
    return scope.national or scope.can_write_kommune(kommune_id)


# --- meetings, agreements, cases --------------------------------------------------------------
# * caseworker: meetings, agreements and cases of their kommune — read and write;
# * organisation staff: meetings where their organisation takes part, once the invitation
#   (indkaldelse) or the referat has been sent to them — after the invitation the meeting, its
#   agenda, participants and attachments, but the minutes only once the referat is sent (never
#   drafts: ``can_read_minutes``) — and the agreements from those meetings; cases about their
#   departments. They write only comments (while the referat is sent) and progress on
#   agreements assigned to the organisation (``agreement_write_level``);
# * analyst, anonymous, users without a role: no internal meeting pages (404) — they read
#   published referater on the public portal;
# * administrator: everything.

REFERAT_VISIBLE_TO_ORGANISATION = ("sent", "approved", "published")


class InKommune(Protocol):
    @property
    def kommune_id(self) -> int: ...


class MeetingLike(InKommune, Protocol):
    @property
    def referat_status(self) -> str: ...


class AgreementLike(InKommune, Protocol):
    @property
    def organisation_id(self) -> int: ...

    @property
    def responsible_side(self) -> str: ...


def is_meeting_reader(scope: Scope) -> bool:
    """May use internal meeting pages at all (caseworker, organisation staff, administrator)."""
    return scope.admin or scope.is_caseworker or scope.is_organisation_staff


def require_meeting_reader(user: Any) -> Scope:
    """Scope of a user who may use internal meeting pages; others get 404."""
    scope = scope_for(user)
    if not is_meeting_reader(scope):
        not_found("Siden findes ikke.")
    return scope


def meeting_filter(scope: Scope, prefix: str = "") -> Q:
    """Q for meetings (``prefix`` points at a meeting relation, e.g. ``"meeting__"``)."""
    if scope.admin:
        return Q()
    q = Q(pk__in=[])
    if scope.kommune_ids:
        q |= Q(**{f"{prefix}kommune_id__in": scope.kommune_ids})
    if scope.organisation_ids:
        q |= (
            Q(**{f"{prefix}referat_status__in": REFERAT_VISIBLE_TO_ORGANISATION})
            | Q(**{f"{prefix}invitation_sent_at__isnull": False})
        ) & (
            Q(**{f"{prefix}organisation_id__in": scope.organisation_ids})
            | Q(**{f"{prefix}other_organisations__pk__in": scope.organisation_ids})
        )
    return q


def can_write_meeting(scope: Scope, meeting: InKommune) -> bool:
    return scope.can_write_kommune(meeting.kommune_id)


def can_read_minutes(scope: Scope, meeting: MeetingLike) -> bool:
    """The minutes of a readable meeting: the kommune always, the organisation's staff once the
    referat is sent to them (after only the invitation they see the agenda, not the draft)."""
    return can_write_meeting(scope, meeting) or (
        meeting.referat_status in REFERAT_VISIBLE_TO_ORGANISATION
    )


def can_comment_on_referat(
    scope: Scope, meeting: MeetingLike, organisation_ids: Iterable[int]
) -> bool:
    """Organisation staff of a participating organisation, while the referat is sent to them."""
    return meeting.referat_status == "sent" and bool(
        scope.organisation_ids & frozenset(organisation_ids)
    )


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


def agreement_write_level(scope: Scope, agreement: AgreementLike) -> str | None:
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


def case_filter(scope: Scope) -> Q:
    if scope.admin:
        return Q()
    q = Q(pk__in=[])
    if scope.kommune_ids:
        q |= Q(kommune_id__in=scope.kommune_ids)
    if scope.organisation_ids:
        q |= Q(department__organisation_id__in=scope.organisation_ids)
    return q


def can_write_case(scope: Scope, case: InKommune) -> bool:
    return scope.can_write_kommune(case.kommune_id)


# --- intake (documentation packages) ----------------------------------------------------------
# read: whoever may read the organisation; upload and submit: the organisation's own staff and
# administrators; review, send back, mark the meeting held, create packages: caseworkers of the
# organisation's home kommune and administrators; other readers get 403 on writes.

PackageWrite = Literal["upload", "review"]


class OrganisationLike(HasHomeKommune, Protocol):
    @property
    def pk(self) -> Any: ...


def can_upload(scope: Scope, organisation: OrganisationLike) -> bool:
    return scope.admin or organisation.pk in scope.organisation_ids


def can_review(scope: Scope, organisation: HasHomeKommune) -> bool:
    return scope.can_write_kommune(organisation.home_kommune_id)


# What of a package a reader sees. The package is the organisation's, but most of its content is
# per department (account lines, department facts, answers per department). The whole package —
# also what belongs to no single department or to all of them: organisation answers, the
# imported files (each holds lines of every department), attachments, status notes — is for
# national readers, the organisation's own staff and caseworkers of its home kommune. A
# caseworker who reads the organisation only because it has departments in their kommune sees
# the lines of those departments and nothing else. The same rule bounds the departments a
# caseworker can name in an agreement.


def sees_whole_package(scope: Scope, organisation: OrganisationLike) -> bool:
    return (
        scope.national
        or organisation.pk in scope.organisation_ids
        or organisation.home_kommune_id in scope.kommune_ids
    )


def package_department_filter(scope: Scope, prefix: str = "") -> Q:
    """Q for the departments whose part of an organisation's package (and whose names in an
    agreement) the reader sees (``prefix`` points at a department relation, e.g.
    ``"department__"``): every department for national readers; the organisation's own for its
    staff; for caseworkers the departments located in their kommune and every department of an
    organisation with its hjemsted there — the registry's department rule, applied to a
    package's lines."""
    return department_filter(scope, prefix)


# --- background jobs (the jobs app) -----------------------------------------------------------
# read: a user sees the jobs they started; administrators see every job, also those started
# without a user (e-mails, e.g. from the password-reset form); everyone else gets 404.
# start: benchmark runs — administrators, sector analysts and kommune caseworkers (a run adds a
# computation for a year, it changes no one's data; the computation is national because peers
# are); reconciliation runs — administrators, and a kommune's caseworkers from their own
# kommune's reconciliation page. Official §61 a lists — administrators.


def job_filter(scope: Scope, user_id: int | None) -> Q:
    """Q for jobs: every job for administrators, otherwise the user's own."""
    if scope.admin:
        return Q()
    if not scope.authenticated or user_id is None:
        return Q(pk__in=[])
    return Q(started_by_id=user_id)


def can_start_benchmark(scope: Scope) -> bool:
    return scope.national or scope.is_caseworker


def can_edit_provision_norm(scope: Scope, kommune_id: int | None) -> bool:
    """The kommune's provisions norm: its caseworkers and administrators."""
    return scope.can_write_kommune(kommune_id)


def can_configure_kommune(scope: Scope, kommune_id: int | None) -> bool:
    """The kommune's configuration (year themes, meeting types, agenda templates): its
    caseworkers and administrators. Every caseworker of the kommune may configure it (there is
    no separate configuration right on the membership)."""
    return scope.can_write_kommune(kommune_id)


def can_import_referater(scope: Scope, kommune_id: int | None) -> bool:
    """History import (C13): a caseworker of the kommune (or an administrator) turns old referat
    files into published meetings of that kommune."""
    return kommune_id is not None and scope.can_write_kommune(kommune_id)


def can_start_reconciliation(scope: Scope, kommune_id: int | None = None) -> bool:
    """Administrators; a caseworker for their own kommune (the run adds a computation over the
    imported snapshots and changes no one's data)."""
    return scope.admin or (kommune_id is not None and kommune_id in scope.kommune_ids)


def can_import_official_areas(scope: Scope) -> bool:
    """The official lists of designated areas (§§ 61 a–61 b): administrators only."""
    return scope.admin


def can_import_registers(scope: Scope) -> bool:
    """Register imports by upload (BBR, DST, LBF stamdata, beboerdata, official lists): national
    data that every kommune's reconciliation and kvarterprofil read, so administrators only
    (the import commands run as the operator)."""
    return scope.admin


def can_restart_job(scope: Scope, kind: str) -> bool:
    """ "Start igen" on a failed job: only kinds that can be queued again with the same arguments
    (benchmark and reconciliation runs), by someone who may start that kind of run."""
    if kind == "benchmark":
        return can_start_benchmark(scope)
    if kind == "reconcile":
        return can_start_reconciliation(scope)
    return False


def can_configure_national(scope: Scope) -> bool:
    """National settings (the colour scale, question catalogues, the kontoplan version):
    administrators only."""
    return scope.admin


# --- Anvisning --------------------------------------------------------------------------------
# Kommunal anvisning (anvisning app): the kommune's allocation agreements and its ledger of
# dwellings offered to it.
# * caseworker: the agreements and ledger of their kommune — read and write;
# * organisation staff: the agreements that name their organisation or cover one of its
#   departments (framework agreements), and the ledger rows of their departments — read, and
#   comment; never write;
# * analyst, anonymous, users without a role: nothing (404) — a published referat shows the
#   aggregate figures only;
# * administrator: everything.


def is_anvisning_reader(scope: Scope) -> bool:
    """May use the internal anvisning pages at all (caseworker, organisation staff, admin)."""
    return scope.admin or scope.is_caseworker or scope.is_organisation_staff


def anvisning_agreement_filter(scope: Scope) -> Q:
    """Q for anvisning agreements (fields ``kommune_id``, ``organisation_id`` and
    ``departments__department__organisation_id``)."""
    if scope.admin:
        return Q()
    q = Q(pk__in=[])
    if scope.kommune_ids:
        q |= Q(kommune_id__in=scope.kommune_ids)
    if scope.organisation_ids:
        q |= Q(organisation_id__in=scope.organisation_ids)
        q |= Q(departments__department__organisation_id__in=scope.organisation_ids)
    return q


def anvisning_ledger_filter(scope: Scope, prefix: str = "") -> Q:
    """Q for ledger rows (``prefix`` points at a ledger relation, e.g. ``"entry__"``)."""
    if scope.admin:
        return Q()
    q = Q(pk__in=[])
    if scope.kommune_ids:
        q |= Q(**{f"{prefix}kommune_id__in": scope.kommune_ids})
    if scope.organisation_ids:
        q |= Q(**{f"{prefix}department__organisation_id__in": scope.organisation_ids})
    return q


def can_write_anvisning(scope: Scope, kommune_id: int | None) -> bool:
    """Agreements, ledger rows, vacancy counts and imports: the kommune's caseworkers."""
    return scope.can_write_kommune(kommune_id)


def can_comment_on_anvisning(
    scope: Scope, kommune_id: int | None, organisation_ids: Iterable[int]
) -> bool:
    """The kommune, and the staff of an organisation the agreement or row is about."""
    return can_write_anvisning(scope, kommune_id) or bool(
        scope.organisation_ids & frozenset(organisation_ids)
    )


def can_edit_anvisning_comment(
    scope: Scope,
    *,
    user_id: int | None,
    author_id: int | None,
    kommune_id: int | None,
    organisation_ids: Iterable[int],
) -> bool:
    """Editing a comment: only its author, and only while they may still comment there (a
    caseworker does not rewrite the organisation's words, nor the administrator anyone's)."""
    return (
        user_id is not None
        and author_id == user_id
        and can_comment_on_anvisning(scope, kommune_id, organisation_ids)
    )


# --- Construction ------------------------------------------------------------------------------
# Construction and renovation cases (C15, the construction app):
# * caseworker: the cases of their kommune — read and write (milestones, events, figures);
# * organisation staff: the cases of their own organisation — read; they may add events
#   (complaints, defects, meetings with residents) and documents to them, never approve a
#   milestone or change the figures;
# * analyst, anonymous, users without a role: nothing (404);
# * administrator: everything, and the maksimumbeløb rate table.


class ConstructionLike(InKommune, Protocol):
    @property
    def organisation_id(self) -> int: ...


def is_construction_reader(scope: Scope) -> bool:
    """May use construction case pages at all (caseworker, organisation staff, administrator)."""
    return scope.admin or scope.is_caseworker or scope.is_organisation_staff


def construction_filter(scope: Scope) -> Q:
    if scope.admin:
        return Q()
    q = Q(pk__in=[])
    if scope.kommune_ids:
        q |= Q(kommune_id__in=scope.kommune_ids)
    if scope.organisation_ids:
        q |= Q(organisation_id__in=scope.organisation_ids)
    return q


def can_write_construction(scope: Scope, case: InKommune) -> bool:
    """Approve milestones, change the figures, open and close: the kommune's caseworkers."""
    return scope.can_write_kommune(case.kommune_id)


def can_add_construction_event(scope: Scope, case: ConstructionLike) -> bool:
    """Events and documents: the kommune, and the organisation's own staff."""
    return can_write_construction(scope, case) or case.organisation_id in scope.organisation_ids


def can_edit_construction_rates(scope: Scope) -> bool:
    """The maksimumbeløb rate table is national: administrators only."""
    return scope.admin


# --- user and role administration (h16a; the users app) --------------------------------------
# read: administrators every user; a kommune administrator the users holding a right in their
# kommune (caseworker or kommune administrator there, or organisation staff of an organisation
# with its hjemsted or a department in the kommune); everyone else 404.
# write: invite, grant and remove — administrators any role; a kommune administrator caseworker
# and kommune-administrator rights for their kommune and organisation-staff rights (also
# administrationsorganisation staff) for organisations with hjemsted or departments in it.
# National roles (analyst, admin) only administrators grant.

KOMMUNE_ROLES = ("caseworker", "kommune_admin")
ORGANISATION_ROLES = ("organisation", "administration")


def is_user_admin(scope: Scope) -> bool:
    """May use the user administration at all."""
    return scope.admin or bool(scope.user_admin_kommune_ids)


def can_administer_users_of(scope: Scope, kommune_id: int | None) -> bool:
    return scope.admin or (kommune_id is not None and kommune_id in scope.user_admin_kommune_ids)


def can_grant(
    scope: Scope,
    role: str,
    *,
    kommune_id: int | None = None,
    organisation_kommune_ids: Iterable[int] = (),
) -> bool:
    """May grant (or remove) ``role``: for a kommune role ``kommune_id`` is its kommune; for an
    organisation role ``organisation_kommune_ids`` are the organisation's home kommune and the
    kommuner where it has departments."""
    if scope.admin:
        return True
    if role in KOMMUNE_ROLES:
        return kommune_id is not None and kommune_id in scope.user_admin_kommune_ids
    if role in ORGANISATION_ROLES:
        return bool(scope.user_admin_kommune_ids & frozenset(organisation_kommune_ids))
    return False


def membership_in_kommune_filter(kommune_id: int, prefix: str = "") -> Q:
    """Q for the memberships of kommune ``kommune_id`` (its kommune roles, and organisation roles
    of organisations with hjemsted or a department there)."""
    return (
        Q(**{f"{prefix}kommune_id": kommune_id})
        | Q(**{f"{prefix}organisation__home_kommune_id": kommune_id})
        | Q(**{f"{prefix}organisation__departments__kommune_id": kommune_id})
    )


def can_read_users_of(scope: Scope, kommune_id: int | None) -> bool:
    """Who has which right in the kommune: its administrators and caseworkers (read-only)."""
    return can_administer_users_of(scope, kommune_id) or (
        kommune_id is not None and kommune_id in scope.kommune_ids
    )


# --- h16b: the audit log ----------------------------------------------------------------------


def can_read_audit_log(scope: Scope) -> bool:
    """The audit log (who viewed, downloaded or changed what), its search and its exports, also
    per meeting or case for an akteindsigt: administrators only; everyone else gets 403."""
    return scope.admin


# --- w1a: the SSO claim rules ------------------------------------------------------------------
# The rules give roles in every kommune (and national roles), so they are national settings:
# administrators read and write them; sector analysts (national read) see them read-only (403 on
# writes); everyone else gets 404.


def can_read_claim_rules(scope: Scope) -> bool:
    return scope.national


def can_edit_claim_rules(scope: Scope) -> bool:
    return scope.admin
