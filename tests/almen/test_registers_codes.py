"""Which BBR units count as existing almene dwellings (DOMAIN.md §11.2 item 7)."""

from __future__ import annotations

import pytest

from almen import registers as R
from almen.registers.reasons import unit_verdict


@pytest.mark.parametrize(
    ("usage", "expected"),
    [
        ("109", False),
        ("110", True),
        ("140", True),
        ("190", True),
        ("191", False),
        ("210", False),
        (None, False),
        ("E", False),
    ],
)
def test_residential_usage_is_110_to_190_inclusive(usage, expected):
    assert R.AlmenCriteria().is_residential(usage) is expected


@pytest.mark.parametrize(
    ("mode", "ownership", "support", "expected"),
    [
        ("either", "20", None, True),
        ("either", "50", "40", True),
        ("either", "50", "15", False),
        ("ownership", "20", None, True),
        ("ownership", "50", "40", False),
        ("support", "50", "42", True),
        ("support", "20", "0", False),
        ("both", "20", "10", True),
        ("both", "20", None, False),
    ],
)
def test_marker_modes(mode, ownership, support, expected):
    assert R.AlmenCriteria(mode=mode).is_almen(ownership, support) is expected


def test_the_almen_support_codes_are_10_25_40_42():
    c = R.AlmenCriteria()
    assert [code for code in R.code_list("offentlig_stoette") if c.is_almen(None, code)] == [
        "10",
        "25",
        "40",
        "42",
    ]


def test_existing_is_configurable():
    assert not R.AlmenCriteria().is_existing("3")
    assert R.AlmenCriteria(existing_statuses=frozenset({"3", "6"})).is_existing("3")


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="ukendt mode"):
        R.AlmenCriteria(mode="maybe")  # type: ignore[arg-type]


def test_code_list_labels_come_from_package_data():
    assert R.label("ejerforholdskode", "20") == "20 Alment boligselskab"
    assert R.label("livscyklus_status", "6") == "6 Opført"
    assert R.label("enhedens_anvendelse", "999") == "999"


@pytest.mark.parametrize(
    ("usage", "status", "support", "ownership", "counted", "reason"),
    [
        ("140", "6", "10", "20", True, None),
        ("140", "3", "10", "20", False, "reference_date"),
        ("140", "6", "0", "30", False, "ownership_code"),
        ("449", "6", "42", "20", False, "unit_definition"),
        ("322", "6", "0", "30", False, None),
    ],
)
def test_unit_verdicts_name_the_reason_a_unit_can_explain(
    usage, status, support, ownership, counted, reason
):
    v = unit_verdict(
        usage_code=usage,
        status=status,
        support_code=support,
        ownership_code=ownership,
        valid_from=None,
        lbf_reference_date=None,
    )
    assert (v.counted, v.reason) == (counted, reason)
