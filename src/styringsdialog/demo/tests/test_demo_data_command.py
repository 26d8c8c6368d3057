"""styringsdialog demo-data: loads once, refuses a second run cleanly, prints the logins."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from styringsdialog.accounts.models import User
from styringsdialog.registry.models import Department, Organisation

pytestmark = pytest.mark.django_db(transaction=False)


def test_small_demo_loads_seed_world_and_users(capsys):
    call_command("demo_data", scale="small", verbosity=0)
    out = capsys.readouterr().out
    assert "torben" in out and "adgangskode" in out
    almenbo = Organisation.objects.get(name="Almenbo")
    assert almenbo.home_kommune.code == "151"
    lundebjerg = Department.objects.get(organisation=almenbo, name="Lundebjerg")
    assert lundebjerg.taken_into_use is not None
    assert lundebjerg.taken_into_use.isoformat() == "2020-08-01"
    assert (
        User.objects.filter(
            username__in=["torben", "karin", "claus", "lisbet", "anna", "admin"]
        ).count()
        == 6
    )


def test_second_run_is_refused_and_changes_nothing(capsys):
    call_command("demo_data", scale="small", verbosity=0)
    n = Department.objects.count()
    with pytest.raises(CommandError, match="allerede data"):
        call_command("demo_data", scale="small", verbosity=0)
    call_command("demo_data", scale="small", if_empty=True, verbosity=0)
    assert "genbruges" in capsys.readouterr().out
    assert Department.objects.count() == n


def test_cli_help_lists_the_verbs(capsys):
    from styringsdialog.cli import main

    main(["--help"])
    out = capsys.readouterr().out
    for verb in ("demo-data", "benchmark", "serve", "create-token"):
        assert verb in out
