"""Claim rules: which roles the identity provider's claims give (no Django, no database).

A rule is a dict (from ``STYRINGSDIALOG_OIDC_CLAIM_RULES`` or a ``ClaimRule`` row)::

    {"claim": "groups", "value": "sd-ballerup", "role": "caseworker", "kommune": "151"}
    {"claim": "groups", "value": "sd-ballerup-admin", "role": "kommune_admin", "kommune": "151"}
    {"claim": "cvr", "role": "organisation", "organisation_by": "cvr"}
    {"claim": "sd_kommune", "role": "caseworker", "kommune_by": "code"}

``value`` given: the rule applies when the claim equals it (or, for a list claim, contains
it); ``value`` left out: every value of the claim applies. The scope is ``kommune`` (3-digit
code) or ``organisation`` (4-digit LBF number), or the claim's own value names it
(``kommune_by: "code"``, ``organisation_by: "cvr" | "number"``). A claim path may use dots
(``"realm_access.roles"``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ROLES = ("caseworker", "kommune_admin", "organisation", "administration", "analyst", "admin")
KOMMUNE_ROLES = ("caseworker", "kommune_admin")
ORGANISATION_ROLES = ("organisation", "administration")
RULE_KEYS = {"claim", "value", "role", "kommune", "organisation", "organisation_by", "kommune_by"}


@dataclass(frozen=True, order=True)
class Wanted:
    """A right the claims give: a role with a kommune code, an organisation CVR or LBF number."""

    role: str
    kommune_code: str = ""
    organisation_cvr: str = ""
    organisation_number: str = ""


class RuleError(ValueError):
    pass


def parse_rules(raw: str) -> list[dict[str, str]]:
    """Rules from the JSON setting; a Danish error naming the rule that is wrong."""
    if not raw.strip():
        return []
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise RuleError(f"STYRINGSDIALOG_OIDC_CLAIM_RULES er ikke gyldig JSON: {exc}") from exc
    if not isinstance(data, list):
        raise RuleError("STYRINGSDIALOG_OIDC_CLAIM_RULES skal være en JSON-liste af regler.")
    rules = []
    for i, rule in enumerate(data, start=1):
        problem = rule_problem(rule)
        if problem:
            raise RuleError(f"STYRINGSDIALOG_OIDC_CLAIM_RULES, regel {i}: {problem}")
        rules.append({k: str(v) for k, v in rule.items()})
    return rules


def rule_problem(rule: Any) -> str:
    """What is wrong with one rule, in Danish ('' if nothing)."""
    if not isinstance(rule, dict):
        return "en regel skal være et JSON-objekt."
    unknown = set(rule) - RULE_KEYS
    if unknown:
        return f"ukendte nøgler: {', '.join(sorted(unknown))}."
    if not rule.get("claim"):
        return "»claim« mangler."
    role = rule.get("role")
    if role not in ROLES:
        return f"»role« skal være en af {', '.join(ROLES)}."
    if role in KOMMUNE_ROLES and not (rule.get("kommune") or rule.get("kommune_by")):
        return "en kommunerolle skal have »kommune« eller »kommune_by«."
    if role in ORGANISATION_ROLES and not (rule.get("organisation") or rule.get("organisation_by")):
        return "en organisationsrolle skal have »organisation« eller »organisation_by«."
    if rule.get("organisation_by") not in (None, "", "cvr", "number"):
        return "»organisation_by« skal være »cvr« eller »number«."
    if rule.get("kommune_by") not in (None, "", "code"):
        return "»kommune_by« skal være »code«."
    return ""


def claim_values(claims: Mapping[str, Any], path: str) -> list[str]:
    """The values of a claim as strings (a list claim gives each item; dots walk objects)."""
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return []
        value = value[part]
    items = value if isinstance(value, list | tuple) else [value]
    return [str(v).strip() for v in items if v is not None and str(v).strip()]


def wanted_rights(claims: Mapping[str, Any], rules: Iterable[Mapping[str, str]]) -> list[Wanted]:
    """The rights the claims give under the rules (sorted, no duplicates)."""
    out: set[Wanted] = set()
    for rule in rules:
        role = rule["role"]
        values = claim_values(claims, rule["claim"])
        wanted_value = rule.get("value", "")
        matched = [v for v in values if not wanted_value or v == wanted_value]
        if not matched:
            continue
        for v in matched:
            kommune = rule.get("kommune", "")
            if rule.get("kommune_by") == "code":
                kommune = v.zfill(3) if v.isdigit() else v
            cvr = number = ""
            if rule.get("organisation_by") == "cvr":
                cvr = v.replace(" ", "")
            elif rule.get("organisation_by") == "number":
                number = v.zfill(4) if v.isdigit() else v
            else:
                number = rule.get("organisation", "")
            if role in KOMMUNE_ROLES:
                out.add(Wanted(role, kommune_code=kommune))
            elif role in ORGANISATION_ROLES:
                out.add(Wanted(role, organisation_cvr=cvr, organisation_number=number))
            else:
                out.add(Wanted(role))
    return sorted(out)
