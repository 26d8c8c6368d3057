"""styringsdialog user: invite, grant, revoke, list, history — Danish errors, no traceback."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from styringsdialog.accounts.models import Membership, Role, User
from styringsdialog.testing import make_user
from styringsdialog.users.models import GrantRecord

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("user", *args, stdout=out)
    return out.getvalue()


def test_invite_grant_list_revoke_history(world, mailoutbox):
    make_user("kamma", Role.KOMMUNE_ADMIN, kommune=world.ballerup)
    out = run(
        "invite", "ny@ballerup.dk", "--role", "caseworker", "--kommune", "151", "--as", "kamma"
    )
    assert "oprettet og inviteret" in out and len(mailoutbox) == 1
    run(
        "grant",
        "ny@ballerup.dk",
        "--role",
        "organisation",
        "--kommune",
        "151",
        "--organisation",
        "0151",
        "--as",
        "kamma",
    )
    listing = json.loads(run("list", "--kommune", "151", "--as", "kamma", "--json"))
    assert {(r["username"], r["role"]) for r in listing} >= {
        ("ny@ballerup.dk", "caseworker"),
        ("ny@ballerup.dk", "organisation"),
    }
    out = run(
        "revoke", "ny@ballerup.dk", "--role", "caseworker", "--kommune", "151", "--as", "kamma"
    )
    assert out.startswith("Fjernet:")
    history = run("history", "--kommune", "151", "--as", "kamma")
    assert "Fjernet" in history and "Inviteret" in history and "af kamma" in history
    user = User.objects.get(email="ny@ballerup.dk")
    assert list(user.memberships.values_list("role", flat=True)) == ["organisation"]
    assert GrantRecord.objects.filter(source="cli").count() == 4


def test_refusals_are_danish(world):
    make_user("kamma", Role.KOMMUNE_ADMIN, kommune=world.ballerup)
    with pytest.raises(CommandError, match="Siden findes ikke"):
        run("grant", "karin", "--role", "caseworker", "--kommune", "101", "--as", "kamma")
    with pytest.raises(CommandError, match="hverken hjemsted"):
        run(
            "grant",
            "karin",
            "--role",
            "organisation",
            "--kommune",
            "151",
            "--organisation",
            "0101",
            "--as",
            "kamma",
        )
    with pytest.raises(CommandError, match="Ukendt rolle"):
        run("grant", "karin", "--role", "chef", "--kommune", "151", "--as", "kamma")
    with pytest.raises(CommandError, match="findes ikke"):
        run("grant", "ingen", "--role", "caseworker", "--kommune", "151", "--as", "kamma")
    with pytest.raises(CommandError, match="tildele"):
        run("grant", "karin", "--role", "analyst", "--as", "kamma")
    with pytest.raises(CommandError, match="kun kommunens administrator|Kun kommunens"):
        run("grant", "karin", "--role", "caseworker", "--kommune", "151", "--as", "torben")
    assert not Membership.objects.filter(user__username="karin", kommune=world.ballerup).exists()


def test_operator_grants_national_role(world):
    run("grant", "nemo", "--role", "analyst")
    assert Membership.objects.filter(user__username="nemo", role="analyst").exists()


# --- w1a: user claim-rules list|add|remove ----------------------------------------------------


def test_claim_rules_add_list_remove(world):
    from styringsdialog.users.models import ClaimRule, ClaimRuleEvent

    out = run(
        "claim-rules",
        "add",
        "--claim",
        "groups",
        "--value",
        "sd-ballerup",
        "--role",
        "caseworker",
        "--kommune",
        "151",
    )
    assert out.startswith("Oprettet:")
    rule = ClaimRule.objects.get()
    assert rule.kommune == world.ballerup
    data = json.loads(run("claim-rules", "list", "--json"))
    assert data[0]["value"] == "sd-ballerup" and data[0]["kommune"] == "151"
    assert "sd-ballerup" in run("claim-rules", "list")
    assert run("claim-rules", "remove", str(rule.pk)).startswith("Fjernet:")
    assert not ClaimRule.objects.exists()
    assert set(ClaimRuleEvent.objects.values_list("source", flat=True)) == {"cli"}
    assert run("claim-rules", "list").strip() == "Ingen SSO-regler."


def test_claim_rules_refusals_are_danish(world):
    with pytest.raises(CommandError, match="kommunerolle"):
        run("claim-rules", "add", "--claim", "groups", "--role", "caseworker")
    with pytest.raises(CommandError, match="findes ikke"):
        run("claim-rules", "remove", "999")
    with pytest.raises(CommandError, match="administrator"):
        run(
            "claim-rules",
            "add",
            "--claim",
            "g",
            "--role",
            "analyst",
            "--as",
            world.users["analyst"].username,
        )
    with pytest.raises(CommandError):
        run("claim-rules", "list", "--as", world.users["caseworker_ballerup"].username)
