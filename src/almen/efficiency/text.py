"""Danish text for efficiency results: number formats, score ranges, explanations."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping

from almen import formatting
from almen.efficiency.accounts import account_label
from almen.efficiency.colours import DEFAULT_SCALE, ColourScale, round_half_up
from almen.efficiency.data import EXCLUSION_REASONS
from almen.efficiency.fdh import FdhResult


def format_number(value: float, decimals: int = 0) -> str:
    """Danish number format with trailing decimal zeros dropped ("20,0" → "20"): the project's
    one formatter, ``almen.formatting.format_number``, with ``trim=True``."""
    return formatting.format_number(value, decimals, trim=True)


format_pct = formatting.format_pct
format_kr = formatting.format_kr


def range_phrase(scores: Iterable[float], scale: ColourScale = DEFAULT_SCALE) -> str:
    """ "fra 75 (gul) til 98 (grøn)" for effektivitetstal on the 0–100 scale.

    Scores are rounded half up; a single distinct value gives "98 (grøn)". Raises ValueError
    when ``scores`` is empty.
    """
    shown = [round_half_up(s) for s in scores]
    if not shown:
        raise ValueError("range_phrase needs at least one score")
    low, high = min(shown), max(shown)
    if low == high:
        return f"{low} ({scale.label(low)})"
    return f"fra {low} ({scale.label(low)}) til {high} ({scale.label(high)})"


def explain(result: FdhResult, i: int, names: Mapping[Hashable, str] | None = None) -> str:
    """Danish explanation of row ``i`` of an FDH result.

    ``names`` maps ids to display names such as "afd. 012 Kirstinelund (Almenbo)"; ids without
    a name are shown as "afd. <id>". Example: "Bedste praksis er afd. 7 (org 0045): mindst
    20,3 % billigere på alle konti; bindende konto 114 Renholdelse. ..."
    """
    if not result.included[i]:
        accounts = result.exclusion_accounts[i]
        detail = f" (kontogruppe {accounts})" if accounts else ""
        return f"Ikke beregnet: {EXCLUSION_REASONS.get(result.exclusion[i], result.exclusion[i])}{detail}."
    if result.binding_account[i] < 0:
        text = "Afdelingen er selv bedste praksis: ingen sammenlignelig afdeling er billigere på alle konti."
    else:
        peer = result.best_peer_id[i]
        name = (names or {}).get(peer, f"afd. {peer}")
        at_least = math.floor(result.potential_pct[i] * 10 + 1e-9) / 10
        text = (
            f"Bedste praksis er {name}: mindst {format_pct(at_least)} billigere på alle konti; "
            f"bindende konto {account_label(result.binding_account_code[i])}. "
            f"Effektiviseringspotentiale {format_kr(result.potential_kr[i])}"
        )
    if result.widened[i]:
        text += f" {result.widening_reason[i]}"
    return text
