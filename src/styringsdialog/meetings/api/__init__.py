"""REST endpoints for meetings, agreements and cases (mounted at /api/v1/ by styringsdialog.api).

Scope as on the pages (accounts.permissions): caseworkers see their kommune's, organisation
staff their organisation's once the referat is sent, analysts and the public nothing here.
One module per part of the domain, each with its own router; ``router`` joins them.
"""

from ninja import Router

from styringsdialog.meetings.api import (
    agenda,
    agreements,
    briefing,
    cases,
    configuration,
    meetings,
    minutes,
    referat,
)

router = Router()
for _part in (meetings, agenda, minutes, referat, agreements, cases, briefing, configuration):
    router.add_router("/", _part.router)
