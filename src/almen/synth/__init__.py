"""Deterministic synthetic demo data: a national (or small) world of almene boligorganisationer.

Public API::

    from almen.synth import generate
    world = generate(seed=2021, scale="national")   # or scale="small" for tests

``generate`` returns a ``SynthWorld`` of plain records (see ``almen.synth.model``). The seed
world of the Ballerup/Almenbo referat (``almen.synth.seedworld``) is part of every world.
Distributions, parameters and sources: ``docs/reference/demo-data.md``.
"""

from __future__ import annotations

from .generator import SCALES, generate
from .geography import kommune_targets, region_rent_level
from .model import (
    BUILDING_TYPES,
    DEMO_KONTI,
    HOUSING_TYPES,
    SynthAccountLine,
    SynthAnomaly,
    SynthDepartment,
    SynthOfficialScore,
    SynthOrganisation,
    SynthWorld,
)
from .params import BENCHMARKED_KONTI
from .seedworld import ALMENBO_NUMBER, BALLERUP, KIRSTINELUND, LUNDEBJERG

__all__ = [
    "ALMENBO_NUMBER",
    "BALLERUP",
    "BENCHMARKED_KONTI",
    "BUILDING_TYPES",
    "DEMO_KONTI",
    "HOUSING_TYPES",
    "KIRSTINELUND",
    "LUNDEBJERG",
    "SCALES",
    "SynthAccountLine",
    "SynthAnomaly",
    "SynthDepartment",
    "SynthOfficialScore",
    "SynthOrganisation",
    "SynthWorld",
    "generate",
    "kommune_targets",
    "region_rent_level",
]
