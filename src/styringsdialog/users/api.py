"""REST endpoints of the user administration: who has which right in a kommune, the grant
history, invite or grant, remove. Same rules as the page (``users.queries``, ``services``)."""

# No ``from __future__ import annotations`` here: django-ninja resolves the schemas at runtime.
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from styringsdialog.accounts.models import Role
from styringsdialog.lib.api_types import Code, ObjectId, ObjectIn, Page, Text
from styringsdialog.users import queries, services
from styringsdialog.users.forms import KOMMUNE_ADMIN_ROLES
from styringsdialog.users.models import GrantSource

router = Router(tags=["Brugere og roller"])

ROLE_VALUES: list[Any] = [str(v) for v, _ in KOMMUNE_ADMIN_ROLES]


class MembershipOut(Schema):
    id: int
    username: str
    name: str
    email: str
    role: str
    role_label: str
    kommune: str | None = Field(None, description="Kommunekode for en kommunerolle")
    organisation: str | None = Field(None, description="LBF-nummer for en organisationsrolle")
    granted_at: datetime
    source: str = Field(description="manual (tildelt i Styringsdialog) eller oidc (fra SSO)")


class GrantOut(Schema):
    at: datetime
    action: str
    username: str
    role: str
    target: str
    by: str
    source: str
    note: str


class GrantIn(ObjectIn):
    user: Text = Field(
        ..., min_length=1, description="E-mailadresse (ny bruger inviteres) eller brugernavn"
    )
    role: Code = Field(..., json_schema_extra={"enum": ROLE_VALUES})
    organisation: Code | None = Field(
        None, description="LBF-nummer; kun for roller i en boligorganisation"
    )
    first_name: Text = ""
    last_name: Text = ""
    title: Text = ""


def _membership_out(m) -> dict:
    return {
        "id": m.pk,
        "username": m.user.get_username(),
        "name": m.user.get_full_name(),
        "email": m.user.email,
        "role": m.role,
        "role_label": m.get_role_display(),
        "kommune": m.kommune.code if m.kommune_id else None,
        "organisation": m.organisation.number if m.organisation_id else None,
        "granted_at": m.granted_at,
        "source": m.source,
    }


@router.get(
    "/kommuner/{code}/users",
    response=list[MembershipOut],
    summary="Hvem har hvilken rettighed i kommunen, og siden hvornår",
)
@paginate(Page)
def list_memberships(request: HttpRequest, code: Code):
    kommune = queries.get_kommune_for_user_admin(request.user, code)
    return [_membership_out(m) for m in queries.kommune_memberships(kommune)]


@router.get(
    "/kommuner/{code}/users/history",
    response=list[GrantOut],
    summary="Rettighedshistorik: tildelinger, fjernelser og invitationer i kommunen",
)
@paginate(Page)
def list_history(request: HttpRequest, code: Code):
    kommune = queries.get_kommune_for_user_admin(request.user, code)
    return [
        {
            "at": r.at,
            "action": r.action,
            "username": r.username,
            "role": r.role,
            "target": r.target,
            "by": r.by_name,
            "source": r.source,
            "note": r.note,
        }
        for r in queries.kommune_history(kommune)
    ]


@router.post(
    "/kommuner/{code}/users",
    response={201: MembershipOut},
    summary="Invitér en ny bruger (e-mail) eller giv en bruger en rettighed i kommunen",
)
def grant(request: HttpRequest, code: Code, payload: GrantIn):
    kommune = queries.get_kommune_for_user_admin(request.user, code, write=True)
    scope_kw: dict = {"kommune": kommune}
    if payload.role in (Role.ORGANISATION, Role.ADMINISTRATION):
        organisation = queries.organisation_in_kommune(kommune, payload.organisation or "")
        if organisation is None:
            raise ValidationError(
                "Boligorganisationen har hverken hjemsted eller afdelinger i kommunen."
            )
        scope_kw = {"organisation": organisation}
    existing = queries.find_user(payload.user)
    if existing is not None:
        membership = services.grant_role(
            user=existing,
            role=payload.role,
            title=payload.title,
            by=request.user,
            source=GrantSource.API,
            **scope_kw,
        )
    else:
        user, _ = services.invite_user(
            email=payload.user,
            role=payload.role,
            first_name=payload.first_name,
            last_name=payload.last_name,
            title=payload.title,
            by=request.user,
            source=GrantSource.API,
            **scope_kw,
        )
        membership = user.memberships.get(role=payload.role, **scope_kw)
    return Status(201, _membership_out(membership))


@router.delete(
    "/kommuner/{code}/users/{membership_id}",
    response={204: None},
    summary="Fjern en rettighed (historikken beholder den)",
)
def revoke(request: HttpRequest, code: Code, membership_id: ObjectId):
    kommune = queries.get_kommune_for_user_admin(request.user, code, write=True)
    membership = queries.get_membership_for_user_admin(request.user, kommune, membership_id)
    services.revoke_role(membership=membership, by=request.user, source=GrantSource.API)
    return Status(204, None)


# --- w1a: the SSO claim rules -----------------------------------------------------------------
# Administrators read and write; sector analysts read (403 on writes); everyone else 404.

CLAIM_ROLES: list[Any] = [str(v) for v in Role.values]


class ClaimRuleOut(Schema):
    id: int
    claim: str
    value: str = Field(description="Tom: enhver værdi af claimet")
    role: str
    role_label: str
    kommune: str | None = Field(None, description="Fast kommune (kommunekode)")
    organisation: str | None = Field(None, description="Fast boligorganisation (LBF-nummer)")
    organisation_by: str = Field(description="cvr / number: claimets værdi er organisationens")
    kommune_by: str = Field(description="code: claimets værdi er kommunekoden")
    active: bool
    version: int
    text: str


class ClaimRuleEventOut(Schema):
    at: datetime
    rule_id: str
    action: str
    before: str
    after: str
    by: str
    source: str


class ClaimRuleIn(ObjectIn):
    claim: Text = Field(..., min_length=1, description="Claimets navn, fx groups")
    value: Text = Field("", description="Tom: enhver værdi")
    role: Code = Field(..., json_schema_extra={"enum": CLAIM_ROLES})
    kommune: Code | None = None
    organisation: Code | None = None
    organisation_by: Code | None = Field(None, json_schema_extra={"enum": ["cvr", "number"]})
    kommune_by: Code | None = Field(None, json_schema_extra={"enum": ["code"]})
    active: bool = True


class ClaimRulePatchIn(ObjectIn):
    """Only the fields sent are changed; ``version`` is the rule's version as last read."""

    version: int = Field(..., ge=0, le=2**31 - 1)
    claim: Text | None = None
    value: Text | None = None
    role: Code | None = Field(None, json_schema_extra={"enum": CLAIM_ROLES})
    kommune: Code | None = None
    organisation: Code | None = None
    organisation_by: Code | None = None
    kommune_by: Code | None = None
    active: bool | None = None


def _claim_rule_out(r) -> dict:
    return {
        "id": r.pk,
        "claim": r.claim,
        "value": r.value,
        "role": r.role,
        "role_label": r.get_role_display(),
        "kommune": r.kommune.code if r.kommune_id else None,
        "organisation": r.organisation.number if r.organisation_id else None,
        "organisation_by": r.organisation_by,
        "kommune_by": r.kommune_by,
        "active": r.active,
        "version": r.version,
        "text": services.describe_claim_rule(r),
    }


@router.get(
    "/claim-rules",
    response=list[ClaimRuleOut],
    summary="SSO-regler: hvilke claims fra log-ind-tjenesten giver hvilke roller",
)
@paginate(Page)
def list_claim_rules(request: HttpRequest):
    return [_claim_rule_out(r) for r in queries.claim_rules_for_user(request.user)]


@router.get(
    "/claim-rules/history",
    response=list[ClaimRuleEventOut],
    summary="Historik for SSO-reglerne: oprettet, ændret, slettet",
)
@paginate(Page)
def list_claim_rule_history(request: HttpRequest):
    queries.claim_rules_for_user(request.user)
    return [
        {
            "at": e.at,
            "rule_id": e.rule_id_text,
            "action": e.action,
            "before": e.before,
            "after": e.after,
            "by": e.by_name,
            "source": e.source,
        }
        for e in queries.claim_rule_history()
    ]


@router.post("/claim-rules", response={201: ClaimRuleOut}, summary="Opret en SSO-regel")
def create_claim_rule(request: HttpRequest, payload: ClaimRuleIn):
    queries.claim_rules_for_user(request.user, write=True)
    values = {k: ("" if v is None else v) for k, v in payload.model_dump().items()}
    rule = services.create_claim_rule(by=request.user, source=GrantSource.API, **values)
    return Status(201, _claim_rule_out(rule))


@router.patch(
    "/claim-rules/{rule_id}",
    response=ClaimRuleOut,
    summary="Ret en SSO-regel; 409, hvis andre har rettet den imellemtiden",
)
def edit_claim_rule(request: HttpRequest, rule_id: ObjectId, payload: ClaimRulePatchIn):
    rule = queries.get_claim_rule_for_user(request.user, rule_id, write=True)
    changes: dict = {}
    for name in payload.model_fields_set - {"version"}:
        value = getattr(payload, name)
        if value is None and name in ("claim", "role", "active"):
            raise ValidationError(f"Feltet {name} kan ikke være tomt (null).")
        changes[name] = "" if value is None else value
    try:
        rule = services.update_claim_rule(
            rule=rule, by=request.user, version=payload.version, source=GrantSource.API, **changes
        )
    except services.ClaimRuleConflict as conflict:
        raise HttpError(409, " ".join(conflict.messages)) from conflict
    return _claim_rule_out(rule)


@router.delete(
    "/claim-rules/{rule_id}",
    response={204: None},
    summary="Slet en SSO-regel (historikken beholder den)",
)
def delete_claim_rule(request: HttpRequest, rule_id: ObjectId):
    rule = queries.get_claim_rule_for_user(request.user, rule_id, write=True)
    services.delete_claim_rule(rule=rule, by=request.user, source=GrantSource.API)
    return Status(204, None)
