"""Single sign-on against a real OpenID Connect provider started by the test in a second process
(django-oauth-toolkit in the tiny project ``tests/oidc_provider``): the full authorization-code
flow — our /oidc/authenticate/, the provider's login and authorize, our /oidc/callback/, which
exchanges the code at the provider's token endpoint, checks the RS256 id token against its JWKS
and reads its userinfo. Skipped, with the reason, where the provider cannot start."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse

from styringsdialog.accounts.models import Membership, Role, User
from styringsdialog.testing import make_user
from styringsdialog.users.models import GrantAction, GrantRecord, OidcIdentity

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[4]
CALLBACK = "http://testserver/oidc/callback/"
RULES = [
    {"claim": "groups", "value": "sd-ballerup", "role": "caseworker", "kommune": "151"},
    {"claim": "groups", "value": "sd-ballerup-admin", "role": "kommune_admin", "kommune": "151"},
    {"claim": "cvr", "role": "organisation", "organisation_by": "cvr"},
]


class Provider:
    def __init__(self, base: str, workdir: Path) -> None:
        self.base = base
        self.workdir = workdir

    def set_claims(self, username: str, **claims: object) -> None:
        path = self.workdir / "provider.claims.json"
        data = json.loads(path.read_text()) if path.exists() else {}
        data[username] = claims
        path.write_text(json.dumps(data))


@pytest.fixture(scope="module")
def provider(tmp_path_factory) -> Iterator[Provider]:
    try:
        import oauth2_provider  # noqa: F401
    except ImportError:
        pytest.skip("django-oauth-toolkit er ikke installeret (dev-afhængighed)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    workdir = tmp_path_factory.mktemp("oidc-provider")
    env = {
        **os.environ,
        "OIDC_PROVIDER_DIR": str(workdir),
        "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve", str(port), CALLBACK],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        ready = False
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                ready = requests.get(f"{base}/o/.well-known/jwks.json", timeout=2).ok
            except requests.RequestException:
                ready = False
            if ready:
                break
            time.sleep(0.3)
        if not ready:
            proc.kill()
            _, err = proc.communicate(timeout=10)
            pytest.skip(f"the test OpenID Connect provider did not start: {err[-800:]}")
        yield Provider(base, workdir)
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture
def sso(settings, provider):
    settings.OIDC_RP_CLIENT_ID = "styringsdialog"
    settings.OIDC_RP_CLIENT_SECRET = "test-secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider.base}/o/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider.base}/o/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider.base}/o/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider.base}/o/.well-known/jwks.json"
    settings.OIDC_CLAIM_RULES = json.dumps(RULES)
    return provider


def sso_login(provider: Provider, username: str) -> tuple[Client, Any]:
    """The whole flow as a browser does it; returns our client and the callback's answer."""
    client = Client()
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302, start
    authorize = start["Location"]
    assert authorize.startswith(f"{provider.base}/o/authorize/")
    browser = requests.Session()
    browser.get(f"{provider.base}/login/", timeout=10)
    login = browser.post(
        f"{provider.base}/login/",
        data={
            "username": username,
            "password": "provider-pw",
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=10,
    )
    assert login.status_code == 302, login.text[:500]
    answer = browser.get(authorize, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:500]
    back = urlsplit(answer.headers["Location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == CALLBACK
    response = client.get(f"{back.path}?{back.query}")
    return client, response


def test_first_login_creates_user_with_roles_from_claims(world, sso):
    client, response = sso_login(sso, "bente")
    assert response.status_code == 302 and "sso=fejl" not in response["Location"]
    user = User.objects.get(email="bente@ballerup.dk")
    assert user.first_name == "Bente" and not user.has_usable_password()
    assert OidcIdentity.objects.filter(user=user).count() == 1
    m = user.memberships.get()
    assert (m.role, m.kommune, m.source) == (Role.CASEWORKER, world.ballerup, "oidc")
    record = GrantRecord.objects.get(user=user)
    assert (record.action, record.source, record.by_name) == (GrantAction.GRANTED, "oidc", "SSO")
    # logged in: the kommune's pages open
    assert client.get(reverse("registry:kommune", args=["151"])).status_code == 200


def test_memberships_follow_the_claims_at_each_login(world, sso):
    sso_login(sso, "bente")
    user = User.objects.get(email="bente@ballerup.dk")
    # a right granted in the app stays whatever the claims say
    Membership.objects.create(user=user, role=Role.CASEWORKER, kommune=world.kbh)
    sso.set_claims("bente", groups=["sd-ballerup-admin"])
    try:
        _, response = sso_login(sso, "bente")
    finally:
        sso.set_claims("bente")
    assert response.status_code == 302
    assert User.objects.filter(email="bente@ballerup.dk").count() == 1
    roles = set(user.memberships.values_list("role", "kommune__code", "source"))
    assert roles == {("kommune_admin", "151", "oidc"), ("caseworker", "101", "manual")}
    actions = list(
        GrantRecord.objects.filter(user=user, source="oidc")
        .order_by("pk")
        .values_list("action", "role")
    )
    assert actions == [
        ("granted", "caseworker"),
        ("granted", "kommune_admin"),
        ("removed", "caseworker"),
    ]


def test_organisation_staff_by_cvr_claim_and_invited_user_matched_by_email(world, sso):
    invited = make_user("otto-inviteret")
    invited.email = "otto@almenbo.dk"
    invited.save()
    sso_login(sso, "otto")
    assert not User.objects.exclude(pk=invited.pk).filter(email="otto@almenbo.dk").exists()
    m = invited.memberships.get()
    assert (m.role, m.organisation) == (Role.ORGANISATION, world.almenbo)


def test_local_passwords_off_shows_only_sso_and_tokens_still_work(world, sso, settings):
    from styringsdialog.accounts.services import create_api_token

    settings.LOCAL_PASSWORD_LOGIN = False
    settings.AUTHENTICATION_BACKENDS = [
        b for b in settings.AUTHENTICATION_BACKENDS if not b.endswith("ModelBackend")
    ]
    client = Client()
    html = client.get(reverse("accounts:login")).content.decode()
    assert 'data-testid="sso-login"' in html and 'name="password"' not in html
    response = client.post(
        reverse("accounts:login"), {"username": "torben", "password": "test-password-123"}
    )
    assert response.status_code == 403
    _, raw = create_api_token(user=world.users["caseworker_ballerup"], name="Sagssystem")
    api = client.get("/api/v1/me/tokens", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 200
    _, response = sso_login(sso, "bente")
    assert response.status_code == 302 and "sso=fejl" not in response["Location"]


def test_login_page_without_sso_has_no_button(world, client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert 'data-testid="sso-login"' not in html and 'name="password"' in html
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404
