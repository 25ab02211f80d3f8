"""The simulation benchmark's output is a contract: its last line is one JSON object, and the
blind calls' dev / test split is deterministic and stratified."""

from __future__ import annotations

import collections
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from calls import NOT_IN_KB, load_calls, split  # noqa: E402

KEYS = {
    "mean_questions",
    "p90_questions",
    "mean_minutes",
    "top1",
    "mean_fix_steps",
    "escalated_share",
    "risky_steps_before_escalation",
}


def test_the_split_is_stratified_and_keeps_every_call() -> None:
    calls = load_calls()
    sets = split(calls)
    assert sorted(c["id"] for c in sets["dev"] + sets["test"]) == sorted(c["id"] for c in calls)
    assert not {c["id"] for c in sets["dev"]} & {c["id"] for c in sets["test"]}
    per_cause = collections.Counter(c["cause"] for c in calls)
    tested = collections.Counter(c["cause"] for c in sets["test"])
    for cause, n in per_cause.items():
        assert tested[cause] >= (1 if n >= 2 else 0), cause
        assert tested[cause] < n, cause  # every cause with a call keeps one to tune on
    assert tested[NOT_IN_KB] >= 1
    assert split(list(reversed(calls)))["test"] == list(reversed(sets["test"]))  # by id only
    assert all(c["source"].startswith("http") for c in calls)


def test_simulation_prints_figures_then_one_json_line() -> None:
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "qa_simulation.py"),
            "--sets",
            "dev",
            "old",
            "--levels",
            "none",
            "10% wrong",
            "--seeds",
            "1",
            "--workers",
            "1",
            "--only",
            "dns_failure",
            "storage_full",
            "d1-001",
            "d2-079",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    lines = out.stdout.splitlines()
    result = json.loads(lines[-1])
    assert set(result) == {"levels", "set", "sets"} and result["set"] == "dev"
    assert set(result["sets"]) == {"dev", "old"} and result["levels"] == result["sets"]["dev"]
    for levels in result["sets"].values():
        assert [level["noise"] for level in levels] == ["none", "10% wrong"]
        for level in levels:
            assert set(level) == {"noise", "adaptive", "checklist"}
            assert set(level["adaptive"]) == KEYS and set(level["checklist"]) == KEYS
    old, dev = result["sets"]["old"][0]["adaptive"], result["sets"]["dev"][0]["adaptive"]
    assert old["top1"] == 1.0  # two clear scenarios, answered truthfully
    assert old["escalated_share"] is None  # no scenario outside the KB
    assert dev["escalated_share"] == 1.0 and dev["risky_steps_before_escalation"] == 0
    assert "dev: 2 calls (1 not in the KB); checklist of " in out.stdout
    assert any(line.startswith("dev targets: ") for line in lines)
