"""Register test data for the conftest ``world`` (Lundebjerg, Kirstinelund, Nørrebroparken).

BBR units are built from the real sample unit (``bbr_sample_enhed.json``) with known causes:

* Lundebjerg (LBF 60 dwellings, 5,400 m²): 57 existing + 3 under construction, 90 m² each
  → reference_date −3 dwellings / −270 m²;
* Kirstinelund (LBF 120 / 9,000 m²): 70 × 73 m² + 50 × 74 m² = 8,810 m² → area_definition −190;
* Nørrebroparken (LBF 200 / 15,000 m²): 200 × 75 m² → matches;
* 2 almene dwellings in Ballerup on property 0151-999001, which no department lists.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from styringsdialog.registers import services
from styringsdialog.registers.services.reconcile import run_reconciliation
from styringsdialog.registers.services.residents import import_beboerdata

FIXTURES = Path(__file__).resolve().parents[4] / "tests" / "almen" / "fixtures" / "registers"
DST_CSV = "OMRÅDE;BEBO;EJER;TID;INDHOLD\n151;BEBOET;20;2025;176\n101;BEBOET;20;2025;200\n"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _template() -> dict[str, Any]:
    return json.loads(fixture("bbr_sample_enhed.json"))[0]


def _units(
    prop: str, n: int, area: int, *, kommune: str = "0151", status: str = "6", start: int = 0
) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        u = copy.deepcopy(_template())
        u.update(
            {
                "id_lokalId": f"{prop}-{start + i:04d}",
                "kommunekode": kommune,
                "status": status,
                "bygning": f"byg-{prop}",
                "enh026EnhedensSamledeAreal": area,
                "enh027ArealTilBeboelse": area,
                "adresseIdentificerer": f"00000000-0000-4000-8000-{abs(hash((prop, i))) % 10**12:012d}",
            }
        )
        out.append(u)
    return out


def bbr_json() -> bytes:
    units = (
        _units("0151-900080", 57, 90)
        + _units("0151-900080", 3, 90, status="3", start=57)
        + _units("0151-900030", 70, 73)
        + _units("0151-900031", 50, 74)
        + _units("0101-000100", 200, 75, kommune="0101")
        + _units("0151-999001", 2, 80)
    )
    return json.dumps(units, ensure_ascii=False).encode()


def buildings_json() -> bytes:
    building = json.loads(fixture("bbr_sample_bygning.json"))[0]
    out = []
    for prop in ("0151-900080", "0151-900030", "0151-900031", "0101-000100", "0151-999001"):
        kommune, number = prop.split("-")
        out.append(
            {
                **building,
                "id_lokalId": f"byg-{prop}",
                "kommunekode": kommune,
                "ejendomsnummer": number,
                "byg066Ejerforhold": "20",
            }
        )
    return json.dumps(out, ensure_ascii=False).encode()


def load_registers(by: Any = None):
    """Import LBF, BBR (with buildings) and DST for the world and run a reconciliation."""
    services.import_lbf_stamdata(
        data=fixture("lbf_stamdata_ok.csv"), file_name="lbf_stamdata_ok.csv", by=by
    )
    services.import_bbr(
        data=bbr_json(),
        file_name="enheder.json",
        buildings=buildings_json(),
        buildings_name="bygninger.json",
        by=by,
    )
    services.import_dst(data=DST_CSV.encode(), file_name="bol101.csv", by=by)
    return run_reconciliation(by=by)


def load_residents() -> None:
    import_beboerdata(data=fixture("beboerdata_ok.csv"), file_name="beboerdata_ok.csv")
