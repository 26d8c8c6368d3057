"""Claims the test changes between logins (a file next to the provider's database)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def _path() -> Path:
    return Path(os.environ.get("OIDC_PROVIDER_DB", "provider.db")).with_suffix(".claims.json")


def overrides(username: str) -> dict[str, Any]:
    try:
        return json.loads(_path().read_text()).get(username, {})
    except (OSError, ValueError):
        return {}
