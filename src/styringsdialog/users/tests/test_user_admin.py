"""User and role administration: the kommune administrator invites, grants and removes rights
in their kommune only; every change is in the grant history; scope per persona on the page."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from styringsdialog.accounts.models import Membership, Role, User
from styringsdialog.accounts.permissions import scope_for
from styringsdialog.testing import make_department, make_user
from styringsdialog.users import services
from styringsdialog.users.models import GrantAction, GrantRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def kadmin(world):
    return make_user("kamma", Role.KOMMUNE_ADMIN, kommune=world.ballerup)


def test_kommune_admin_scope(world, kadmin):
    scope = scope_for(kadmin)
    assert scope.user_admin_kommune_ids == {world.ballerup.pk}
    assert not scope.kommune_ids and not scope.admin


def test_administration_organisation_staff_union(world):
    """One user, several organisations, one login: the scope is the union."""
    user = make_user("adam", Role.ADMINISTRATION, organisation=world.almenbo)
    Membership.objects.create(user=user, role=Role.ADMINISTRATION, organisation=world.kbhbolig)
    user = User.objects.get(pk=user.pk)
    assert scope_for(user).organisation_ids == {world.almenbo.pk, world.kbhbolig.pk}
    client = Client()
    client.force_login(user)
    assert client.get(reverse("registry:organisation", args=["0151"])).status_code == 200
    assert client.get(reverse("registry:organisation", args=["0101"])).status_code == 200


def test_scope_constraint_for_new_roles(world):
    from django.db import IntegrityError, transaction

    user = make_user("x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.KOMMUNE_ADMIN, organisation=world.almenbo)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.ADMINISTRATION, kommune=world.ballerup)


def test_invite_new_user_sends_one_time_link(world, kadmin, client):
    user, created = services.invite_user(
        email="Ny.Sagsbehandler@Ballerup.dk",
        role=Role.CASEWORKER,
        kommune=world.ballerup,
        first_name="Ny",
        by=kadmin,
    )
    assert created and user.email == "ny.sagsbehandler@ballerup.dk"
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, role=Role.CASEWORKER).count() == 1
    actions = list(GrantRecord.objects.filter(user=user).values_list("action", "by_name"))
    assert (GrantAction.GRANTED, "kamma") in actions and (GrantAction.INVITED, "kamma") in actions
    assert len(mail.outbox) == 1
    body = str(mail.outbox[0].body)
    assert "Sagsbehandler i kommune" in body and "Ballerup" in body
    found = re.search(r"https?://\S+/adgangskode/ny/\S+", body)
    assert found
    link = found.group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.status_code == 200
    set_url = response.redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": "Et-godt-kodeord-2026", "new_password2": "Et-godt-kodeord-2026"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Et-godt-kodeord-2026")
    # one time: the same link no longer works
    response = client.get("/" + path, follow=True)
    assert response.context["validlink"] is False


def test_kommune_admin_grants_and_removes_organisation_staff(world, kadmin):
    staff = make_user("ole")
    m = services.grant_role(
        user=staff, role=Role.ORGANISATION, organisation=world.almenbo, by=kadmin
    )
    services.revoke_role(membership=m, by=kadmin)
    assert not Membership.objects.filter(user=staff).exists()
    history = list(GrantRecord.objects.filter(user=staff).order_by("pk"))
    assert [r.action for r in history] == [GrantAction.GRANTED, GrantAction.REMOVED]
    assert all(r.by_name == "kamma" and r.organisation == world.almenbo for r in history)


def test_kommune_admin_refused_outside_kommune(world, kadmin):
    user = make_user("y")
    with pytest.raises(PermissionDenied):
        services.grant_role(user=user, role=Role.CASEWORKER, kommune=world.kbh, by=kadmin)
    with pytest.raises(PermissionDenied):
        services.grant_role(
            user=user, role=Role.ORGANISATION, organisation=world.kbhbolig, by=kadmin
        )
    with pytest.raises(PermissionDenied):
        services.grant_role(user=user, role=Role.ANALYST, by=kadmin)
    with pytest.raises(PermissionDenied):
        services.revoke_role(membership=world.users["caseworker_kbh"].memberships.get(), by=kadmin)
    assert not GrantRecord.objects.exists()


def test_organisation_with_department_in_kommune_is_grantable(world, kadmin):
    """KBH Boligselskab gets a department in Ballerup: Ballerup's administrator may now grant
    its staff rights."""
    make_department(world.kbhbolig, "002", "Ballerup-afdelingen", world.ballerup)
    user = make_user("z")
    services.grant_role(user=user, role=Role.ORGANISATION, organisation=world.kbhbolig, by=kadmin)
    assert Membership.objects.filter(user=user, organisation=world.kbhbolig).exists()


def test_grant_validates_scope(world):
    with pytest.raises(ValidationError):
        services.grant_role(
            user=world.users["no_role"], role=Role.CASEWORKER, by=world.users["admin"]
        )


def test_history_is_never_changed_or_deleted(world, kadmin):
    services.grant_role(
        user=world.users["no_role"], role=Role.CASEWORKER, kommune=world.ballerup, by=kadmin
    )
    record = GrantRecord.objects.get()
    with pytest.raises(PermissionError):
        record.delete()
    with pytest.raises(PermissionError):
        record.save()
    with pytest.raises(PermissionError):
        GrantRecord.objects.all().delete()


# --- the page, per persona -------------------------------------------------------------------


def _page(code="151"):
    return reverse("users:kommune_users", args=[code])


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("caseworker_ballerup", 200),  # read-only
        ("caseworker_kbh", 404),
        ("almenbo_staff", 404),
        ("analyst", 404),
        ("no_role", 404),
        ("admin", 200),
    ],
)
def test_page_scope(world, client_for, persona, status):
    assert client_for(world.users[persona]).get(_page()).status_code == status


def test_page_for_kommune_admin_lists_rights_since(world, kadmin, client_for):
    html = client_for(kadmin).get(_page()).content.decode()
    assert "torben" in html and "claus" in html and "karin" not in html
    assert "Invitér / tildel" in html
    assert client_for(kadmin).get(_page("101")).status_code == 404


def test_page_grant_invite_and_revoke(world, kadmin, client_for):
    client = client_for(kadmin)
    response = client.post(
        reverse("users:grant", args=["151"]),
        {"email": "lise@almenbo.dk", "role": Role.ORGANISATION, "organisation": "0151"},
    )
    assert response.status_code == 302
    lise = User.objects.get(email="lise@almenbo.dk")
    m = lise.memberships.get()
    assert m.organisation == world.almenbo and len(mail.outbox) == 1
    # an organisation without hjemsted or departments in the kommune is refused
    response = client.post(
        reverse("users:grant", args=["151"]),
        {"email": "lise@almenbo.dk", "role": Role.ORGANISATION, "organisation": "0101"},
    )
    assert response.status_code == 422 and "hverken hjemsted" in response.content.decode()
    response = client.post(reverse("users:revoke", args=["151", m.pk]))
    assert response.status_code == 302 and not lise.memberships.exists()
    html = client.get(_page()).content.decode()
    assert "Fjernet" in html and "Tildelt" in html and "Inviteret" in html


def test_page_writes_read_only_403_outsider_404(world, kadmin, client_for):
    m = world.users["almenbo_staff"].memberships.get()
    cw = client_for(world.users["caseworker_ballerup"])
    assert cw.post(reverse("users:revoke", args=["151", m.pk])).status_code == 403
    assert (
        cw.post(reverse("users:grant", args=["151"]), {"email": "a@b.dk", "role": "caseworker"})
    ).status_code == 403
    kbh = client_for(world.users["caseworker_kbh"])
    assert kbh.post(reverse("users:revoke", args=["151", m.pk])).status_code == 404
    # a membership of another kommune through this kommune's URL: 404
    other = world.users["caseworker_kbh"].memberships.get()
    assert (
        client_for(kadmin).post(reverse("users:revoke", args=["151", other.pk])).status_code == 404
    )
    assert Membership.objects.filter(pk__in=[m.pk, other.pk]).count() == 2


def test_page_post_without_csrf_token_is_403(world, kadmin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(kadmin)
    m = world.users["almenbo_staff"].memberships.get()
    assert client.post(reverse("users:revoke", args=["151", m.pk])).status_code == 403
    assert Membership.objects.filter(pk=m.pk).exists()


# --- an organisation with departments in several kommuner ------------------------------------


def test_caseworker_of_non_home_kommune_takes_part_in_meetings(world, client_for):
    """Almenbo (hjemsted Ballerup) gets a department in København: København's caseworker holds
    the dialogue meeting about it, writes it; Ballerup's caseworker does not see it (404)."""
    from datetime import date

    from styringsdialog.meetings.queries import get_meeting_for_user
    from styringsdialog.meetings.services import create_meeting

    make_department(world.almenbo, "010", "Valby-afdelingen", world.kbh)
    kbh = world.users["caseworker_kbh"]
    meeting = create_meeting(
        kommune=world.kbh,
        organisation=world.almenbo,
        styringsaar=2025,
        date=date(2025, 5, 1),
        by=kbh,
    )
    assert get_meeting_for_user(kbh, meeting.pk, write=True) == meeting
    from django.http import Http404

    with pytest.raises(Http404):
        get_meeting_for_user(world.users["caseworker_ballerup"], meeting.pk)
    assert client_for(kbh).get(reverse("meetings:meeting", args=[meeting.pk])).status_code == 200
    assert (
        client_for(world.users["caseworker_ballerup"])
        .get(reverse("meetings:meeting", args=[meeting.pk]))
        .status_code
        == 404
    )
    # a kommune where the organisation has neither hjemsted nor departments: refused
    other_kommune = world.kbh.__class__.objects.exclude(
        pk__in=[world.kbh.pk, world.ballerup.pk]
    ).first()
    with pytest.raises(ValidationError):
        create_meeting(
            kommune=other_kommune,
            organisation=world.almenbo,
            styringsaar=2025,
            date=date(2025, 5, 1),
            by=world.users["admin"],
        )


def test_kommune_page_links_to_users_for_its_caseworkers(world, client_for):
    html = (
        client_for(world.users["caseworker_ballerup"])
        .get(reverse("registry:kommune", args=["151"]))
        .content.decode()
    )
    assert reverse("users:kommune_users", args=["151"]) in html
    html = (
        client_for(world.users["almenbo_staff"])
        .get(reverse("registry:kommune", args=["151"]))
        .content.decode()
    )
    assert reverse("users:kommune_users", args=["151"]) not in html


def test_api_as_kommune_admin(world, kadmin, client_for):
    import json

    client = client_for(kadmin)
    url = "/api/v1/kommuner/151/users"
    body = {"user": "lise@almenbo.dk", "role": "organisation", "organisation": "0151"}
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["organisation"] == "0151" and response.json()["source"] == "manual"
    body = {"user": "lise@almenbo.dk", "role": "organisation", "organisation": "0101"}
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert client.get("/api/v1/kommuner/101/users").status_code == 404
    items = client.get(url).json()["items"]
    assert {"lise@almenbo.dk", "torben", "claus"} <= {i["username"] for i in items}
    history = client.get(url + "/history").json()["items"]
    assert {h["action"] for h in history} == {"granted", "invited"}
    assert all(h["source"] == "api" and h["by"] == "kamma" for h in history)
    membership_id = next(i["id"] for i in items if i["username"] == "lise@almenbo.dk")
    assert client.delete(f"{url}/{membership_id}").status_code == 204
    kbh_id = world.users["caseworker_kbh"].memberships.get().pk
    assert client.delete(f"{url}/{kbh_id}").status_code == 404


def test_invitation_with_passwords_off_links_to_sso_login(world, kadmin, settings):
    settings.LOCAL_PASSWORD_LOGIN = False
    services.invite_user(
        email="sso@ballerup.dk", role=Role.CASEWORKER, kommune=world.ballerup, by=kadmin
    )
    body = str(mail.outbox[0].body)
    assert "/log-ind/" in body and "/adgangskode/ny/" not in body and "SSO" in body


def test_claim_rules_from_setting_and_admin_rows(world, settings):
    from styringsdialog.users.models import ClaimRule
    from styringsdialog.users.oidc import claim_rules

    settings.OIDC_CLAIM_RULES = (
        '[{"claim": "groups", "value": "sd-ballerup", "role": "caseworker", "kommune": "151"}]'
    )
    ClaimRule.objects.create(claim="groups", value="sd-kbh", role="caseworker", kommune=world.kbh)
    ClaimRule.objects.create(claim="roles", value="x", role="analyst", active=False)
    user = make_user("sso-user")
    added, removed = services.sync_memberships_from_claims(
        user=user, claims={"groups": ["sd-ballerup", "sd-kbh"]}, rules=claim_rules()
    )
    assert {m.kommune_id for m in added} == {world.ballerup.pk, world.kbh.pk} and removed == []
    added, removed = services.sync_memberships_from_claims(
        user=user, claims={"groups": []}, rules=claim_rules()
    )
    assert added == [] and len(removed) == 2 and not user.memberships.exists()
    # an unknown kommune or organisation in the claims gives nothing (and no error)
    added, _ = services.sync_memberships_from_claims(
        user=user,
        claims={"cvr": "99999999"},
        rules=[{"claim": "cvr", "role": "organisation", "organisation_by": "cvr"}],
    )
    assert added == []


def test_administration_staff_count_as_the_organisations_staff(world):
    """Notifications and participant choices reach administrationsorganisation staff too."""
    from styringsdialog.accounts.queries import organisation_staff

    user = make_user("adam", Role.ADMINISTRATION, organisation=world.almenbo)
    Membership.objects.create(user=user, role=Role.ADMINISTRATION, organisation=world.kbhbolig)
    assert user in organisation_staff([world.almenbo.pk])
    assert user in organisation_staff([world.kbhbolig.pk])


def test_profile_links_the_kommune_admin_to_the_users_page(world, kadmin, client_for):
    html = client_for(kadmin).get(reverse("accounts:profile")).content.decode()
    assert reverse("users:kommune_users", args=["151"]) in html


def test_sso_email_match_never_takes_over_a_superuser_or_a_linked_user(world):
    from styringsdialog.users.models import OidcIdentity
    from styringsdialog.users.oidc import SsoBackend

    backend = SsoBackend()
    admin = world.users["admin"]
    admin.email = "ada@ballerup.dk"
    admin.save()
    created = backend._match_or_create({"sub": "x1", "email": "ada@ballerup.dk"})
    assert created.pk != admin.pk and not created.is_superuser
    torben = world.users["caseworker_ballerup"]
    torben.email = "torben@ballerup.dk"
    torben.save()
    assert backend._match_or_create({"sub": "x2", "email": "torben@ballerup.dk"}) == torben
    unverified = {"sub": "x3", "email": "torben@ballerup.dk", "email_verified": False}
    assert backend._match_or_create(unverified) != torben
    OidcIdentity.objects.create(user=torben, issuer="i", subject="other")
    assert backend._match_or_create({"sub": "x4", "email": "torben@ballerup.dk"}) != torben


# --- w1a: the kommune administrator's way in -------------------------------------------------


def test_kommune_admin_without_other_role_is_led_to_user_administration(world, client_for):
    """A kommune administrator with no other role cannot open the kommune page; the home page
    and the header navigation lead straight to the kommune's "Brugere og roller"."""
    only_admin = make_user("kirsten", Role.KOMMUNE_ADMIN, kommune=world.ballerup)
    client = client_for(only_admin)
    assert client.get(reverse("registry:kommune", args=["151"])).status_code == 404
    html = client.get(reverse("web:home")).content.decode()
    link = reverse("users:kommune_users", args=["151"])
    assert 'id="brugere-og-roller"' in html
    assert html.count(f'href="{link}"') == 2  # the home page's card and the navigation
    page = client.get(link)
    assert page.status_code == 200
    # no breadcrumb to the kommune page they cannot open
    assert f'href="{reverse("registry:kommune", args=["151"])}"' not in page.content.decode()
    # two kommuner: the navigation leads to the home page's list
    Membership.objects.create(user=only_admin, role=Role.KOMMUNE_ADMIN, kommune=world.kbh)
    client = client_for(User.objects.get(pk=only_admin.pk))
    html = client.get(reverse("web:home")).content.decode()
    assert (
        "Brugere og roller i Københavns Kommune" in html or "Brugere og roller i København" in html
    )
    assert f'href="{reverse("web:home")}#brugere-og-roller"' in html


def test_other_users_get_no_user_administration_link(world, client_for):
    html = client_for(world.users["caseworker_ballerup"]).get(reverse("web:home")).content.decode()
    assert 'id="brugere-og-roller"' not in html
    html = client_for(world.users["admin"]).get(reverse("web:home")).content.decode()
    assert reverse("users:claim_rules") in html
