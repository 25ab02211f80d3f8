"""Scenario files (tests/cases/*.yaml): the facts a terminal with a known cause shows, and the
cause and category the engine must rank first."""

from __future__ import annotations

from pathlib import Path

import pytest

import posdoctor
from posdoctor.kb.yamlfile import read_yaml

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))


def load_case(path: Path) -> dict:
    doc = read_yaml(path.read_text(encoding="utf-8"), path.name)
    assert not doc.problems, [str(p) for p in doc.problems]
    return doc.data


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_scenario_ranks_its_cause_first(doctor: posdoctor.Doctor, path: Path) -> None:
    case = load_case(path)
    result = doctor.diagnose(case["facts"])
    ranked = [(c.id, c.category) for c in result.causes]
    assert ranked[0] == (case["cause"], case["category"]), ranked[:3]


def test_every_cause_has_a_scenario(kb: posdoctor.KnowledgeBase) -> None:
    covered = {load_case(p)["cause"] for p in CASES}
    assert sorted(set(kb.causes) - covered) == []
