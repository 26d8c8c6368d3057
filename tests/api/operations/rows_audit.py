"""The audit log (accounts.api_audit): administrators only, everyone else 403 (no scope: the
log is one for the installation, like the national settings)."""

from __future__ import annotations

from tests.api.operations import Op

ADMIN, CASEWORKER = "admin", "caseworker_ballerup"
NOTE = "the audit log is not scoped: everyone but administrators gets 403"

OPERATIONS: list[Op] = [
    Op("get", "/api/v1/audit", ADMIN, None, CASEWORKER, note=NOTE),
    Op(
        "get",
        "/api/v1/audit/export",
        ADMIN,
        None,
        CASEWORKER,
        params=lambda c: {"format": "csv"},
        note=NOTE,
    ),
]
