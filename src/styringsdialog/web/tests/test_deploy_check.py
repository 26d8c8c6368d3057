"""``check --deploy`` reports nothing under the production settings documented in docs/deploy.md.

The environment is read from the documentation itself (the ``# /etc/styringsdialog/env`` block),
so the test and the guide cannot drift apart. Django's checks run in one subprocess, since the
settings are computed once per process; no database is contacted (``check`` without
``--database`` runs no database checks).
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
DEPLOY_DOC = ROOT / "docs" / "deploy.md"
ENV_BLOCK_MARKER = "# /etc/styringsdialog/env"


def documented_environment(markdown: str) -> dict[str, str]:
    """``NAME=value`` lines of the fenced block that starts with the environment file's name."""
    for block in re.findall(r"^```[a-z]*\n(.*?)^```", markdown, flags=re.M | re.S):
        lines = block.splitlines()
        if lines and lines[0].strip() == ENV_BLOCK_MARKER:
            return dict(
                line.split("=", 1)
                for line in lines[1:]
                if line.strip() and not line.startswith("#")
            )
    raise AssertionError(f"{DEPLOY_DOC.name} has no code block starting with {ENV_BLOCK_MARKER}")


def test_check_deploy_reports_no_issues_with_the_documented_production_settings(tmp_path):
    env_file = documented_environment(DEPLOY_DOC.read_text(encoding="utf-8"))
    assert env_file["STYRINGSDIALOG_MODE"] == "production"
    # The guide shows a placeholder for the secret; an operator puts a generated key there.
    env_file = {
        k: secrets.token_urlsafe(50) if v.startswith("<") else v for k, v in env_file.items()
    }
    env_file["STYRINGSDIALOG_VAR_DIR"] = str(tmp_path)  # not /srv on a developer's machine
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("STYRINGSDIALOG_")
        and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    proc = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env={**inherited, **env_file, "DJANGO_SETTINGS_MODULE": "styringsdialog.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output
