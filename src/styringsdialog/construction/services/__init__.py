"""Writes on construction cases: open, edit (optimistic lock), approve milestones in order,
add and update events, link to the department's cases, agreements and agenda items, close;
documents; and the maksimumbeløb rate table. Keyword-only, validated, one transaction, ``by=``
actor; every change is written to the case's (or the rate table's) history.

This module is the stable import path: ``from styringsdialog.construction import services``. The
functions live in smaller modules by concept (``cases``, ``milestones``, ``events``, ``links``,
``documents``, ``rates``; what they share in ``common``).

Authorisation of the object is at the edge (``queries.get_construction_case_for_user``); the
rule that depends on the actor — organisation staff add events but never approve or change
figures — is enforced here from ``by`` (``accounts.permissions``), so the CLI and API cannot
bypass it.
"""

from __future__ import annotations

from styringsdialog.construction.services.cases import (
    EDITABLE,
    close_construction_case,
    open_construction_case,
    update_construction_case,
)
from styringsdialog.construction.services.common import UNSET, Conflict
from styringsdialog.construction.services.documents import (
    ALLOWED_DOCUMENTS,
    DOCUMENT_TYPES,
    add_document,
    delete_document,
    max_document_bytes,
    sniff_document,
)
from styringsdialog.construction.services.events import EVENT_FIELDS, add_event, update_event
from styringsdialog.construction.services.links import link, unlink
from styringsdialog.construction.services.milestones import record_milestone
from styringsdialog.construction.services.rates import ensure_seed_rates, save_rate

__all__ = [
    "ALLOWED_DOCUMENTS",
    "DOCUMENT_TYPES",
    "EDITABLE",
    "EVENT_FIELDS",
    "UNSET",
    "Conflict",
    "add_document",
    "add_event",
    "close_construction_case",
    "delete_document",
    "ensure_seed_rates",
    "link",
    "max_document_bytes",
    "open_construction_case",
    "record_milestone",
    "save_rate",
    "sniff_document",
    "unlink",
    "update_construction_case",
    "update_event",
]
