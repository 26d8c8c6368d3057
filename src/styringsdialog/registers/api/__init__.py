"""Endpoints of the registers app (mounted at /api/v1/ by ``styringsdialog.api``): the
reconciliation report, its departments and exports, starting a run, the kvarterprofil and the
official lists (``core``), and register imports by upload (``imports``). ``router`` joins them."""

from ninja import Router

from styringsdialog.registers.api import core, imports, reconciliation

router = Router()
for _part in (core, reconciliation, imports):
    router.add_router("/", _part.router)
