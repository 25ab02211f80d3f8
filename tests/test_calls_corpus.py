"""The blind call corpus (tests/calls): every file is a valid scenario of the shipped KB, the
split is the documented one, and every cause has its scenarios."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import posdoctor
from posdoctor.kb.answers import check_answers
from posdoctor.kb.yamlfile import read_yaml

CALLS = Path(__file__).parent / "calls"
CASES = Path(__file__).parent / "cases"
# tests/calls/README.md; package_version_older was added after the calls were collected
SHORT = {"wrong_merchant_credentials": 2, "sim_data_plan_inactive": 2, "package_version_older": 1}


def scenarios(folder: Path) -> dict[str, dict]:
    return {
        p.stem: read_yaml(p.read_text(encoding="utf-8"), p.name).data
        for p in sorted(folder.glob("*.yaml"))
    }


def test_every_call_is_a_valid_scenario_with_a_public_source(kb: posdoctor.KnowledgeBase) -> None:
    for split in ("dev", "test"):
        for name, data in scenarios(CALLS / split).items():
            assert data["cause"] in kb.causes or data["cause"] == "not_in_kb", name
            assert name.split("__")[0] == data["cause"], name
            assert str(data["source"]).startswith(("https://", "http://")), name
            assert data["title"] and data["story"], name
            check_answers(kb, data["facts"])  # raises on an unknown fact or a bad value


def test_the_split_is_by_the_hash_of_the_names() -> None:
    dev, test = scenarios(CALLS / "dev"), scenarios(CALLS / "test")
    assert not set(dev) & set(test) and (len(dev), len(test)) == (54, 97)
    by_cause: dict[str, list[str]] = {}
    for name, data in {**dev, **test}.items():
        by_cause.setdefault(data["cause"], []).append(name)
    for cause, names in by_cause.items():
        names.sort(key=lambda n: hashlib.sha256(f"{n}.yaml".encode()).hexdigest())
        for i, name in enumerate(names):
            first = i % 2 == 0 if cause == "not_in_kb" else i == 0
            assert (name in dev) == first, name


def test_every_cause_has_three_scenarios_but_the_documented_three(
    kb: posdoctor.KnowledgeBase,
) -> None:
    count = Counter(
        d["cause"] for split in ("dev", "test") for d in scenarios(CALLS / split).values()
    )
    count.update(d["cause"] for d in scenarios(CASES).values())
    assert {c: n for c, n in count.items() if n < 3} == SHORT
    assert set(kb.causes) <= set(count) and count["not_in_kb"] == 9
