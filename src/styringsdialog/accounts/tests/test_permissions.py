"""The one permissions module: scope per persona."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from styringsdialog.accounts.permissions import scope_for
from styringsdialog.registry.queries import get_department_for_user, get_organisation_for_user

pytestmark = pytest.mark.django_db


def test_anonymous_has_no_scope(world):
    scope = scope_for(AnonymousUser())
    assert not scope.authenticated and not scope.national


def test_caseworker_may_write_in_own_kommune_only(world):
    user = world.users["caseworker_ballerup"]
    assert get_department_for_user(user, "0151", "008", write=True).name == "Lundebjerg"
    with pytest.raises(Http404):
        get_department_for_user(user, "0101", "001")


def test_analyst_reads_everything_but_writes_nothing(world):
    user = world.users["analyst"]
    assert get_organisation_for_user(user, "0101").name == "Københavns Boligselskab"
    with pytest.raises(PermissionDenied):
        get_organisation_for_user(user, "0101", write=True)


def test_organisation_staff_read_their_own_but_cannot_write_registry(world):
    user = world.users["almenbo_staff"]
    assert get_department_for_user(user, "0151", "003").name == "Kirstinelund"
    with pytest.raises(PermissionDenied):
        get_department_for_user(user, "0151", "003", write=True)
    with pytest.raises(Http404):
        get_department_for_user(user, "0101", "001")


def test_user_without_role_sees_nothing(world):
    with pytest.raises(Http404):
        get_organisation_for_user(world.users["no_role"], "0151")
