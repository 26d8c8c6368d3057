"""The console script answers in Danish on wrong input: unknown verbs, missing or unknown
arguments, and the help of Django's common options."""

from __future__ import annotations

import pytest

from styringsdialog import cli


def run(capsys, *argv: str) -> tuple[int | str | None, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(list(argv))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def test_an_unknown_verb_is_a_danish_message_and_a_failure(capsys):
    code, _, _ = run(capsys, "findes-ikke")
    assert isinstance(code, str) and code.startswith("Ukendt verbum: 'findes-ikke'")


def test_a_missing_argument_is_named_in_danish_with_exit_code_2(capsys):
    code, _, err = run(capsys, "meeting", "create")
    assert code == 2
    assert "fejl: disse argumenter mangler: kommune, organisation, styringsaar" in err
    assert err.startswith("brug: styringsdialog meeting create")
    assert "the following arguments" not in err


def test_an_unknown_option_and_a_wrong_choice_are_danish(capsys):
    code, _, err = run(capsys, "meeting", "list", "--kommune", "151", "--findes-ikke")
    assert code == 2 and "ukendte argumenter: --findes-ikke" in err
    code, _, err = run(capsys, "meeting", "nej")
    assert code == 2 and "ugyldigt valg: 'nej'" in err


def test_help_is_danish_including_djangos_own_options(capsys):
    code, out, _ = run(capsys, "minutes", "--help")
    assert code == 0
    assert out.startswith("brug: ")
    assert "vis denne hjælp og afslut" in out
    assert "Hvor meget der skrives" in out and "Verbosity level" not in out
    assert "Spring Djangos systemtjek over." in out
