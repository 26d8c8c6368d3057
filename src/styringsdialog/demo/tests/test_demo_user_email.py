"""Demo users have an e-mail address, so "Glemt adgangskode?" can be tried in the demo."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from styringsdialog.accounts.models import User
from styringsdialog.demo.users import create_demo_users, demo_email, demo_users

pytestmark = pytest.mark.django_db


def test_a_demo_user_can_ask_for_a_reset_link_with_the_demo_address(world, client):
    create_demo_users(demo_users("0151", "0101"))
    assert User.objects.get(username="torben").email == "torben@demo.styringsdialog.invalid"
    client.post(reverse("accounts:password_reset"), {"email": demo_email("anna")})
    assert [m.to for m in mail.outbox] == [["anna@demo.styringsdialog.invalid"]]
