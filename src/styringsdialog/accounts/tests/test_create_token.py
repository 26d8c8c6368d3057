from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from styringsdialog.accounts.models import ApiToken, hash_token

pytestmark = pytest.mark.django_db


def test_it_prints_a_token_and_stores_only_its_hash(world, capsys):
    call_command("create_token", "torben", name="test")
    raw = capsys.readouterr().out.strip()
    token = ApiToken.objects.get()
    assert token.key_hash == hash_token(raw) and raw not in token.key_hash


def test_unknown_user_gets_a_danish_error(db):
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("create_token", "ingen")
