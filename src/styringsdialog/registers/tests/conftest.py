"""Local test settings: the conftest ``world`` creates seven users, and the default password
hasher (PBKDF2) makes that the slowest part of every test. MD5 is fine for test users."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
