"""Endpoints of the benchmarking app (mounted at /api/v1/ by ``styringsdialog.api``): runs —
start, list, one run, its results and their export (``runs``) — and a department's or kommune's
effektivitetstal, key figures and the provisions norm (``efficiency``). ``router`` joins them."""

from ninja import Router

from styringsdialog.benchmarking.api import efficiency, runs

router = Router()
for _part in (runs, efficiency):
    router.add_router("/", _part.router)
