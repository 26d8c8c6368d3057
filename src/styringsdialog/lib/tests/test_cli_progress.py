"""The CLI's progress bars write to stderr, count in Danish format and can be switched off."""

from __future__ import annotations

import io

from rich.console import Console

from styringsdialog.lib import cli_progress


def _capture(monkeypatch) -> io.StringIO:
    out = io.StringIO()
    monkeypatch.setattr(
        cli_progress, "Console", lambda **kw: Console(file=out, width=120, force_terminal=False)
    )
    return out


def test_stage_bars_counts_in_danish_with_the_unit(monkeypatch) -> None:
    out = _capture(monkeypatch)
    with cli_progress.stage_bars(enabled=True, units={"Database": "rækker"}) as progress:
        progress("Database", 1234, 5000)
        progress("Database", 5000, 5000)
        progress("Filer", 3, 7)
    text = out.getvalue()
    assert "5.000/5.000 rækker" in text
    assert "3/7" in text and "Filer" in text
    assert "5,000" not in text


def test_disabled_bars_print_nothing(monkeypatch) -> None:
    out = _capture(monkeypatch)
    with cli_progress.stage_bars(enabled=False) as progress:
        progress("Database", 1, 2)
    with cli_progress.stage_bar("Beregner", enabled=False) as progress:
        progress("Beregner", 1, 2)
    assert out.getvalue() == ""
