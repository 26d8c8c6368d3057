"""The seven benchmarked account groups of the effektivitetstal.

The Effektiviseringsenheden benchmarks accounts 109, 110, 111, 112.1, 114, 115, 117, 121 and
122, pooling 117, 121 and 122 as "117.h" (DOMAIN.md §3.1, [C]). Accounts are strings, never
floats ("112.1"). The Danish names of 110–112.1 and 115 are inferred ([I], DOMAIN.md §4); 109 Renovation is confirmed.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

ACCOUNT_GROUPS: tuple[str, ...] = ("109", "110", "111", "112.1", "114", "115", "117.h")
"""Column order of every cost matrix in this package."""

POOLED_ACCOUNTS: Mapping[str, tuple[str, ...]] = {"117.h": ("117", "121", "122")}
"""Raw kontoplan accounts summed into a pooled account group."""

ACCOUNT_NAMES: Mapping[str, str] = {
    "109": "Renovation",
    "110": "Energiforbrug fællesarealer",
    "111": "Administrationsbidrag",
    "112.1": "Andre administrationsudgifter",
    "114": "Renholdelse",
    "115": "Almindelig vedligeholdelse",
    "117.h": "Istandsættelse ved fraflytning m.v. (117+121+122)",
}
"""Danish display names per account group."""

INFERRED_NAMES: frozenset[str] = frozenset({"110", "111", "112.1", "115"})
"""Account groups whose *name* is our inference, not confirmed by a source."""


def account_label(code: str) -> str:
    """Return "114 Renholdelse" for an account-group code (the code alone if unknown)."""
    name = ACCOUNT_NAMES.get(code)
    return f"{code} {name}" if name else code


def pool_accounts(amounts: Mapping[str, float | None]) -> np.ndarray:
    """Pool one department's raw account amounts into the 7 account groups.

    ``amounts`` maps konto strings to kr. A key may be a raw account ("117", "121", "122") or
    the pooled group itself ("117.h"). Returns a float array in ``ACCOUNT_GROUPS`` order in
    which an absent account is NaN. A pooled group is NaN only when none of its parts is
    present (departments use either the A or the B ordning, so 121/122 are often absent).
    """
    out = np.full(len(ACCOUNT_GROUPS), np.nan)
    for k, group in enumerate(ACCOUNT_GROUPS):
        if amounts.get(group) is not None:
            out[k] = float(amounts[group])  # type: ignore[arg-type]
            continue
        parts = [amounts.get(p) for p in POOLED_ACCOUNTS.get(group, ())]
        present = [float(v) for v in parts if v is not None]
        if present:
            out[k] = sum(present)
    return out
