"""Construction cases (byggesager, C15): list, open, edit (optimistic lock), milestones in
order, events, links to the department's cases/agreements/agenda items, checks, history,
close; the guarantee register; the maksimumbeløb rate table (administrators write); documents.

Scope as on the pages (``accounts.permissions``, "# Construction"): the kommune's caseworkers
write; organisation staff read their own cases and add events (other writes 403); analysts,
users without a role and outsiders 404.

One module per part of the domain, each with its own router; ``router`` joins them (in this
order, which is the order of the paths in the OpenAPI document). Every operation names its
``operation_id`` as it was before the split (``styringsdialog_construction_api_<function>``),
since clients generate their method names from them.
"""

from ninja import Router

from styringsdialog.construction.api import (
    cases,
    documents,
    events,
    links,
    milestones,
    oversight,
    rates,
)

router = Router()
for _part in (cases, milestones, events, links, oversight, rates, documents):
    router.add_router("/", _part.router)
