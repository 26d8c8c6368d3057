"""w1a: the SSO claim rules in the app — page "SSO-regler", API and services: administrators
write, analysts read (403 on writes), everyone else 404; optimistic locking; history."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from styringsdialog.accounts.models import Role
from styringsdialog.testing import make_user
from styringsdialog.users import services
from styringsdialog.users.models import ClaimRule, ClaimRuleEvent
from styringsdialog.users.oidc import claim_rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule(world):
    return services.create_claim_rule(
        by=world.users["admin"],
        claim="groups",
        value="sd-ballerup",
        role="caseworker",
        kommune="151",
    )


def test_create_update_delete_with_history(world, rule):
    admin = world.users["admin"]
    assert {"claim": "groups", "value": "sd-ballerup", "role": "caseworker", "kommune": "151"} in (
        claim_rules()
    )
    rule = services.update_claim_rule(rule=rule, by=admin, version=0, value="sd-ballerup-2")
    assert rule.version == 1 and rule.value == "sd-ballerup-2"
    # nothing changed: no new version, no history row
    services.update_claim_rule(rule=rule, by=admin, version=1, value="sd-ballerup-2")
    assert ClaimRule.objects.get(pk=rule.pk).version == 1
    with pytest.raises(services.ClaimRuleConflict):
        services.update_claim_rule(rule=rule, by=admin, version=0, value="x")
    services.delete_claim_rule(rule=rule, by=admin)
    actions = list(ClaimRuleEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["created", "changed", "deleted"]
    changed = ClaimRuleEvent.objects.get(action="changed")
    assert "sd-ballerup →" in changed.before and "sd-ballerup-2" in changed.after
    assert ClaimRuleEvent.objects.get(action="deleted").rule_id_text == str(rule.pk)
    with pytest.raises(PermissionError):
        ClaimRuleEvent.objects.all()[0].delete()


def test_validation_is_danish(world):
    admin = world.users["admin"]
    with pytest.raises(ValidationError, match="kommunerolle"):
        services.create_claim_rule(by=admin, claim="groups", value="x", role="caseworker")
    with pytest.raises(ValidationError, match="findes ikke"):
        services.create_claim_rule(
            by=admin, claim="groups", value="x", role="caseworker", kommune="999"
        )
    with pytest.raises(ValidationError, match="hele landet"):
        services.create_claim_rule(
            by=admin, claim="groups", value="x", role="analyst", kommune="151"
        )
    with pytest.raises(ValidationError, match="boligorganisation, ikke en kommune"):
        services.create_claim_rule(
            by=admin, claim="cvr", role="organisation", organisation_by="cvr", kommune="151"
        )
    rule = services.create_claim_rule(
        by=admin, claim="cvr", role="organisation", organisation_by="cvr"
    )
    assert rule.as_rule() == {"claim": "cvr", "role": "organisation", "organisation_by": "cvr"}


def test_only_administrators_write(world):
    for key in ("analyst", "caseworker_ballerup"):
        with pytest.raises(PermissionDenied):
            services.create_claim_rule(
                by=world.users[key], claim="groups", value="x", role="analyst"
            )
    kadmin = make_user("kamma", Role.KOMMUNE_ADMIN, kommune=world.ballerup)
    with pytest.raises(PermissionDenied):
        services.create_claim_rule(by=kadmin, claim="groups", value="x", role="analyst")


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("analyst", 200),  # read-only
        ("caseworker_ballerup", 404),
        ("caseworker_kbh", 404),
        ("almenbo_staff", 404),
        ("no_role", 404),
    ],
)
def test_page_scope(world, client_for, persona, status, rule):
    client = client_for(world.users[persona])
    assert client.get(reverse("users:claim_rules")).status_code == status
    assert client.get(reverse("users:claim_rule_edit", args=[rule.pk])).status_code == status


def test_page_add_edit_conflict_delete(world, client_for):
    client = client_for(world.users["admin"])
    html = client.get(reverse("users:claim_rules")).content.decode()
    assert "Ny regel" in html
    response = client.post(
        reverse("users:claim_rule_create"),
        {
            "claim": "groups",
            "value": "sd-kbh",
            "role": "caseworker",
            "kommune": "101",
            "active": "on",
        },
    )
    assert response.status_code == 302
    rule = ClaimRule.objects.get(value="sd-kbh")
    assert rule.kommune == world.kbh and rule.active
    response = client.post(
        reverse("users:claim_rule_create"), {"claim": "groups", "role": "caseworker"}
    )
    assert response.status_code == 422 and "kommunerolle" in response.content.decode()
    edit = reverse("users:claim_rule_edit", args=[rule.pk])
    assert 'name="version" value="0"' in client.get(edit).content.decode()
    data = {
        "claim": "groups",
        "value": "sd-kbh-2",
        "role": "caseworker",
        "kommune": "101",
        "active": "on",
        "version": "0",
    }
    assert client.post(edit, data).status_code == 302
    # the same form again (stale version 0): nothing is saved, 409 with a Danish message
    response = client.post(edit, data | {"value": "sd-kbh-3"})
    assert response.status_code == 409 and "ændret af en anden" in response.content.decode()
    assert ClaimRule.objects.get(pk=rule.pk).value == "sd-kbh-2"
    assert client.post(reverse("users:claim_rule_delete", args=[rule.pk])).status_code == 302
    assert not ClaimRule.objects.filter(pk=rule.pk).exists()
    html = client.get(reverse("users:claim_rules")).content.decode()
    assert "Oprettet" in html and "Ændret" in html and "Slettet" in html


def test_page_writes_read_only_403_outsider_404(world, client_for, rule):
    analyst = client_for(world.users["analyst"])
    html = analyst.get(reverse("users:claim_rules")).content.decode()
    assert "sd-ballerup" in html and "Ny regel" not in html
    data = {"claim": "groups", "value": "y", "role": "analyst"}
    assert analyst.post(reverse("users:claim_rule_create"), data).status_code == 403
    assert analyst.post(reverse("users:claim_rule_delete", args=[rule.pk])).status_code == 403
    kbh = client_for(world.users["caseworker_kbh"])
    assert kbh.post(reverse("users:claim_rule_delete", args=[rule.pk])).status_code == 404
    assert kbh.post(reverse("users:claim_rule_edit", args=[rule.pk]), data).status_code == 404
    assert ClaimRule.objects.filter(pk=rule.pk, value="sd-ballerup").exists()


def test_page_post_without_csrf_token_is_403(world, rule):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["admin"])
    assert client.post(reverse("users:claim_rule_delete", args=[rule.pk])).status_code == 403
    assert ClaimRule.objects.filter(pk=rule.pk).exists()


def test_api_patch_conflict_is_409(world, client_for, rule):
    client = client_for(world.users["admin"])
    url = f"/api/v1/claim-rules/{rule.pk}"
    body = json.dumps({"version": 0, "active": False})
    response = client.patch(url, body, content_type="application/json")
    assert response.status_code == 200 and response.json()["version"] == 1
    assert response.json()["active"] is False
    response = client.patch(url, body, content_type="application/json")
    assert response.status_code == 409
    assert claim_rules() == []  # an inactive rule gives nothing
    history = client.get("/api/v1/claim-rules/history").json()
    assert [e["action"] for e in history["items"]] == ["changed", "created"]
    assert history["items"][0]["source"] == "api"
