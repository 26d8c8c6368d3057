"""Claim rules (no database): which rights the identity provider's claims give."""

from __future__ import annotations

import pytest

from styringsdialog.users.claims import RuleError, Wanted, parse_rules, wanted_rights

RULES = parse_rules(
    """[
  {"claim": "groups", "value": "sd-ballerup", "role": "caseworker", "kommune": "151"},
  {"claim": "groups", "value": "sd-ballerup-admin", "role": "kommune_admin", "kommune": "151"},
  {"claim": "cvr", "role": "organisation", "organisation_by": "cvr"},
  {"claim": "extension.lbf", "role": "administration", "organisation_by": "number"},
  {"claim": "sd_kommune", "role": "caseworker", "kommune_by": "code"},
  {"claim": "roles", "value": "SD.Analytiker", "role": "analyst"}
]"""
)


def test_group_claim_gives_kommune_roles():
    claims = {"groups": ["alle", "sd-ballerup", "sd-ballerup-admin"]}
    assert wanted_rights(claims, RULES) == [
        Wanted("caseworker", kommune_code="151"),
        Wanted("kommune_admin", kommune_code="151"),
    ]


def test_value_claims_name_the_scope():
    claims = {
        "cvr": "12 34 56 78",
        "extension": {"lbf": ["151", "0101"]},
        "sd_kommune": 101,
        "roles": "SD.Analytiker",
    }
    assert set(wanted_rights(claims, RULES)) == {
        Wanted("organisation", organisation_cvr="12345678"),
        Wanted("administration", organisation_number="0151"),
        Wanted("administration", organisation_number="0101"),
        Wanted("caseworker", kommune_code="101"),
        Wanted("analyst"),
    }


def test_no_matching_claim_gives_nothing():
    assert wanted_rights({"groups": "andet", "email": "x@y.dk"}, RULES) == []


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("nej", "ikke gyldig JSON"),
        ('{"claim": "x"}', "JSON-liste"),
        ('[{"claim": "groups", "role": "chef"}]', "»role«"),
        ('[{"claim": "groups", "role": "caseworker"}]', "kommunerolle"),
        ('[{"claim": "g", "role": "organisation"}]', "organisationsrolle"),
        ('[{"claim": "g", "role": "analyst", "farve": "rød"}]', "ukendte nøgler"),
        ('[{"role": "analyst"}]', "»claim« mangler"),
    ],
)
def test_bad_rules_are_named_in_danish(raw, message):
    with pytest.raises(RuleError, match=message):
        parse_rules(raw)
