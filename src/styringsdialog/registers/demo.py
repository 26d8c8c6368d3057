"""Demo content for registers: a synthetic national BBR and DST, LBF stamdata from the registry's
departments, one reconciliation run with known answers, and resident indicators.

Known answers (docs/reference/registers.md, "Planted discrepancies"): Almenbo's dwelling counts
match in every department, while m² differ in Kirstinelund, Lindevangen and Magleparken
(seed referat item 7.a); Ballerup's total differs from Danmarks Statistik's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import numpy as np
from django.db import transaction

from almen import registers as R
from almen.formatting import format_number
from almen.registers.synthetic import DST_YEAR, SyntheticBbr, generate_bbr
from almen.synth import SynthWorld
from styringsdialog.registers.demo_residents import load_resident_demo
from styringsdialog.registers.models import RegisterSnapshot, Source
from styringsdialog.registers.services import store_dst_figures, store_lbf_sections, store_units
from styringsdialog.registers.services.reconcile import store_reconciliation

Progress = Callable[[str, int, int], None]
FULL_UNIT_KOMMUNER = ("151",)  # every unit of these kommuner is stored for drill-down
NOTE = "Syntetiske demodata (almen.registers.synthetic); ingen rigtige registeroplysninger."


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p)
    return h.hexdigest()


def _stored_units(bbr: SyntheticBbr) -> np.ndarray:
    """Units kept for the drill-down pages: all of Ballerup's, plus every planted department's."""
    keep = np.isin(bbr.units.kommune, [int(k) for k in FULL_UNIT_KOMMUNER]) & (
        bbr.unit_department >= 0
    )
    index = {(d.org_number, d.number): i for i, d in enumerate(bbr.departments)}
    planted = [
        index[(p.org_number, p.dept_number)]
        for p in bbr.plants
        if p.org_number and p.dept_number is not None and (p.org_number, p.dept_number) in index
    ]
    keep |= np.isin(bbr.unit_department, planted)
    return np.nonzero(keep)[0]


def load_demo(*, world: SynthWorld, progress: Progress | None = None) -> None:
    report = progress or (lambda stage, done, total: None)
    report("Registre (BBR, DST, LBF)", 0, 4)
    bbr = generate_bbr(world, other_owners=False)
    stamdata = R.LbfStamdata(bbr.lbf_reference_date, tuple(bbr.lbf_sections))
    lbf_text = R.format_stamdata(stamdata).encode("utf-8")
    with transaction.atomic():
        lbf = store_lbf_sections(
            sections=stamdata.sections,
            reference_date=stamdata.reference_date,
            file_name="demo-lbf-stamdata.csv",
            sha256=_digest(lbf_text),
            size=len(lbf_text),
            note=NOTE,
        )
        report("Registre (BBR, DST, LBF)", 1, 4)
        snapshot = _store_bbr(bbr)
        dst = store_dst_figures(
            figures=dict(bbr.dst),
            year=DST_YEAR,
            file_name=f"demo-dst-bol101-{DST_YEAR}.csv",
            sha256=_digest(repr(sorted(bbr.dst.items())).encode()),
            note=NOTE + " BOL101, EJER=20.",
        )
        report("Registre (BBR, DST, LBF)", 2, 4)
        result = R.reconcile(
            units=bbr.units,
            lbf=bbr.lbf,
            lbf_reference_date=bbr.lbf_reference_date,
            dst=bbr.dst,
            dst_reference_date=bbr.dst_reference_date,
            coverage=sorted({d.kommune_code for d in bbr.departments}),
        )
        store_reconciliation(result=result, lbf=lbf, bbr=snapshot, dst=dst)
    report("Registre (BBR, DST, LBF)", 3, 4)
    load_resident_demo(world=world)
    report("Registre (BBR, DST, LBF)", 4, 4)


def _store_bbr(bbr: SyntheticBbr) -> Any:
    u = bbr.units
    digest = _digest(*(a.tobytes() for a in u.as_dict().values()))
    keep = _stored_units(bbr)
    snapshot = RegisterSnapshot.objects.create(
        source=Source.BBR,
        reference_date=bbr.extract_date,
        file_name="demo-bbr-syntetisk.json",
        sha256=digest,
        rows=len(u),
        coverage=sorted({f"{int(k):03d}" for k in np.unique(u.kommune)}),
        units_complete=False,
        note=NOTE
        + f" {format_number(len(u))} almene enheder; kun {format_number(len(keep))} er gemt"
        " (Ballerup og afdelinger med plantede forskelle).",
    )
    store_units(snapshot, bbr.records(keep))
    return snapshot
