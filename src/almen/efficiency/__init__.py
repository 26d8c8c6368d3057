"""Efficiency engine: the Effektiviseringsenheden's best-practice rule (FDH within peer groups)
and DEA variants, without Django.

Typical use::

    from almen.efficiency import DepartmentCosts, Parameters, fdh, explain
    data = DepartmentCosts.from_rows(rows)
    result = fdh(data, Parameters())
    result.effektivitetstal[i], explain(result, i)

Every result array is aligned with the input rows; excluded rows carry a reason code and never
NaN. The method and every parameter are documented in ``docs/reference/efficiency.md``.
"""

from __future__ import annotations

from almen.efficiency.accounts import (
    ACCOUNT_GROUPS,
    ACCOUNT_NAMES,
    INFERRED_NAMES,
    account_label,
    pool_accounts,
)
from almen.efficiency.colours import COLOUR_LABELS, DEFAULT_SCALE, ColourScale, round_half_up
from almen.efficiency.data import EXCLUSION_REASONS, DepartmentCosts, exclusions
from almen.efficiency.dea import DeaResult, dea
from almen.efficiency.fdh import FdhResult, fdh, fdh_reference
from almen.efficiency.frontier import GroupSolution, dea_arrays
from almen.efficiency.params import DEFAULT_SIZE_BANDS, Parameters
from almen.efficiency.peers import PeerGroup, PeerGroups, peer_groups
from almen.efficiency.text import explain, format_kr, format_number, format_pct, range_phrase

__all__ = [
    "ACCOUNT_GROUPS",
    "ACCOUNT_NAMES",
    "COLOUR_LABELS",
    "DEFAULT_SCALE",
    "DEFAULT_SIZE_BANDS",
    "EXCLUSION_REASONS",
    "INFERRED_NAMES",
    "ColourScale",
    "DeaResult",
    "DepartmentCosts",
    "FdhResult",
    "GroupSolution",
    "Parameters",
    "PeerGroup",
    "PeerGroups",
    "account_label",
    "dea",
    "dea_arrays",
    "exclusions",
    "explain",
    "fdh",
    "fdh_reference",
    "format_kr",
    "format_number",
    "format_pct",
    "peer_groups",
    "pool_accounts",
    "range_phrase",
    "round_half_up",
]
