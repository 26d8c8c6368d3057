"""Wrong passwords on the login page lock the username out from that address (django-axes):
a Danish page with 429 and ``Retry-After`` until the cool-off has passed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from styringsdialog.testing import make_user

pytestmark = pytest.mark.django_db

LOGIN = "/log-ind/"
PASSWORD = "test-password-123"


@pytest.fixture
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes


@pytest.fixture
def torben(db):
    return make_user("torben")


def attempt(client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_wrong_passwords_below_the_limit_show_the_form_with_the_danish_error(
    client, torben, limits
):
    for _ in range(2):
        response = attempt(client, "torben", "forkert")
        assert response.status_code == 200
        assert "Brugernavn eller adgangskode er forkert" in response.content.decode()


def test_at_the_limit_the_user_is_locked_out_with_a_danish_429(client, torben, limits):
    for _ in range(2):
        attempt(client, "torben", "forkert")
    response = attempt(client, "torben", "forkert")
    assert response.status_code == 429
    text = response.content.decode()
    assert "For mange forsøg på at logge ind" in text and "Prøv igen om 15 minutter" in text
    assert response["Retry-After"] == "900"
    # Even the right password is refused while locked out.
    response = attempt(client, "torben", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_forty_wrong_passwords_are_not_all_tried(client, torben, limits):
    statuses = [attempt(client, "torben", f"gæt-{i}").status_code for i in range(40)]
    assert statuses.count(200) == 2 and statuses.count(429) == 38


def test_the_lockout_is_per_username_and_address(client, torben, limits):
    make_user("karin")
    for _ in range(3):
        attempt(client, "torben", "forkert")
    assert attempt(client, "torben", PASSWORD, ip="10.0.0.2").status_code == 302
    client.logout()
    assert attempt(client, "karin", PASSWORD).status_code == 302


def test_a_successful_login_resets_the_count(client, torben, limits):
    for _ in range(2):
        attempt(client, "torben", "forkert")
    assert attempt(client, "torben", PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        assert attempt(client, "torben", "forkert").status_code == 200


def test_after_the_cool_off_the_user_can_log_in_again(client, torben, limits):
    for _ in range(3):
        attempt(client, "torben", "forkert")
    assert attempt(client, "torben", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert attempt(client, "torben", PASSWORD).status_code == 302


def test_the_cool_off_comes_from_the_settings(client, torben, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = 1  # hour
    for _ in range(2):
        attempt(client, "torben", "forkert")
    response = attempt(client, "torben", "forkert")
    assert response.status_code == 429
    assert (
        response["Retry-After"] == "3600"
        and "Prøv igen om 60 minutter" in response.content.decode()
    )


def test_behind_a_trusted_proxy_the_forwarded_address_is_locked_out(client, torben, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.NINJA_NUM_PROXIES = 1

    def via_proxy(password: str, forwarded: str):
        return client.post(
            LOGIN,
            {"username": "torben", "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for _ in range(2):
        via_proxy("forkert", "198.51.100.7")
    assert via_proxy(PASSWORD, "198.51.100.7").status_code == 429
    assert via_proxy(PASSWORD, "198.51.100.8").status_code == 302


def test_without_trusted_proxies_a_forged_forwarded_for_does_not_escape(client, torben, limits):
    for i in range(3):
        client.post(
            LOGIN,
            {"username": "torben", "password": "forkert"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}",
        )
    assert attempt(client, "torben", PASSWORD).status_code == 429
