"""Registers: BBR (Datafordeler), Danmarks Statistik (StatBank) and LBF stamdata, and their
reconciliation (capability C6). No Django, no network unless a client is called.

Public API::

    from almen import registers as R

    units = R.parse_units(json_text)                  # REST array or GraphQL answer → [BbrUnit]
    units = R.attach_buildings(units, R.parse_buildings(buildings_json))
    stamdata = R.parse_stamdata(csv_bytes)            # LBF stamdata (our CSV format)
    table = R.parse_csv(text) / R.parse_jsonstat(obj) # StatBank answers → StatTable
    dst = R.almene_dwellings_per_kommune(table)       # BOL101 EJER=20 → {(kommune, year): n}
    result = R.reconcile(units=R.UnitColumns.from_units(units), lbf=stamdata.departments(),
                         lbf_reference_date=stamdata.reference_date, dst={...}, dst_reference_date=...)

Formats, rules and reason codes: ``docs/reference/registers.md``.
"""

from __future__ import annotations

from .bbr import (
    HISTORIC,
    SKIPPED_STATUSES,
    BbrBuilding,
    BbrUnit,
    attach_buildings,
    describe_skipped,
    fold,
    format_property_number,
    local_date,
    parse_buildings,
    parse_units,
    property_key,
)
from .beboerdata import ResidentRow, parse_resident_rows
from .codes import AlmenCriteria, code_list, label
from .columns import UnitColumns, address_key
from .dst import (
    StatTable,
    TableInfo,
    almene_dwellings_per_kommune,
    bol101_request,
    check_years,
    data_request,
    parse_csv,
    parse_jsonstat,
    parse_tableinfo,
)
from .errors import RegisterClientError, RegisterFormatError, RowError, describe
from .lbf import LbfDepartment, LbfSection, LbfStamdata, format_stamdata, parse_stamdata
from .reasons import (
    MEASURES,
    REASON_DESCRIPTIONS,
    REASONS,
    SOURCES,
    UnitVerdict,
    unit_verdict,
)
from .reconcile import Difference, Figure, ReconciliationResult, reconcile

__all__ = [
    "HISTORIC",
    "SKIPPED_STATUSES",
    "describe_skipped",
    "local_date",
    "MEASURES",
    "REASONS",
    "REASON_DESCRIPTIONS",
    "SOURCES",
    "AlmenCriteria",
    "BbrBuilding",
    "BbrUnit",
    "Difference",
    "Figure",
    "LbfDepartment",
    "LbfSection",
    "LbfStamdata",
    "ReconciliationResult",
    "RegisterClientError",
    "RegisterFormatError",
    "ResidentRow",
    "RowError",
    "StatTable",
    "TableInfo",
    "UnitColumns",
    "UnitVerdict",
    "address_key",
    "almene_dwellings_per_kommune",
    "attach_buildings",
    "bol101_request",
    "check_years",
    "code_list",
    "data_request",
    "describe",
    "fold",
    "format_property_number",
    "format_stamdata",
    "label",
    "parse_buildings",
    "parse_csv",
    "parse_jsonstat",
    "parse_resident_rows",
    "parse_stamdata",
    "parse_tableinfo",
    "parse_units",
    "property_key",
    "reconcile",
    "unit_verdict",
]
