"""Weak order-3 causes that DIFF's all-pairs rule and one search-wide test level missed."""

from __future__ import annotations

import pytest

from posdoctor.fleet.mine import Settings
from posdoctor.fleet.scenarios import random_spec
from posdoctor.fleet.triage import Options, triage
from tests.fleet_helpers import fleet_file

CASES = {
    # two of the triple's pairs are diluted by the rest of the pair: not significant alone
    1: [
        {"firmware_version": "FW04"},
        {"firmware_version": "FW01", "network_provider": "P01", "package_id": "PK02"},
    ],
    # PK01's failures raise every rate; the triple's pairs stand out only outside PK01
    130: [{"package_id": "PK01"}, {"hw_rev": "HW01", "model": "M01", "network_provider": "P01"}],
    # 62 failures at 16%: clears a risk ratio of 2 only at its parent's children's level
    164: [
        {"app_version": "V01", "conn_type": "wifi", "package_id": "PK04"},
        {"conn_type": "4G", "package_id": "PK01", "region": "R01"},
    ],
}


@pytest.mark.parametrize("seed", sorted(CASES))
def test_weak_triple_is_found_exactly(tmp_path, seed) -> None:
    spec = random_spec(100_000, seed)
    injected = {frozenset(c.predicate.items()) for c in spec.causes}
    assert injected == {frozenset(p.items()) for p in CASES[seed]}
    path = fleet_file(tmp_path, "case.parquet", spec)
    result = triage(Options([str(path)]))
    assert [c["predicate"] for c in result["clusters"]] == CASES[seed]


def test_order_four_keeps_these_clusters(tmp_path) -> None:
    """The RiskLoc harness's max_order=4 adds nothing where no order-4 cell stands out."""
    spec = random_spec(100_000, 1)
    path = fleet_file(tmp_path, "case.parquet", spec)
    three = triage(Options([str(path)]))
    four = triage(Options([str(path)], settings=Settings(max_order=4)))
    assert three["settings"]["max_order"] == 3 and four["settings"]["max_order"] == 4
    assert [c["predicate"] for c in four["clusters"]] == [c["predicate"] for c in three["clusters"]]
