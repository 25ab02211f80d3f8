"""The simulation benchmark's output is a contract: its last line is one JSON object."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEYS = {
    "mean_questions",
    "p90_questions",
    "mean_minutes",
    "top1",
    "top3",
    "mean_fix_steps",
    "resolved_share",
    "escalated_share",
    "risky_steps_before_escalation",
}


def test_simulation_prints_figures_then_one_json_line() -> None:
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "qa_simulation.py"),
            "--levels",
            "none",
            "10% wrong",
            "--seeds",
            "1",
            "--workers",
            "1",
            "--sets",
            "own",
            "dev",
            "--only",
            "dns_failure",
            "storage_full",
            "not_in_kb__g1_1",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    lines = out.stdout.splitlines()
    result = json.loads(lines[-1])
    assert set(result) == {"levels", "sets"} and set(result["sets"]) == {"own", "dev"}
    assert result["levels"] == result["sets"]["own"]["levels"]  # no test set run: the first
    for group in result["sets"].values():
        assert [level["noise"] for level in group["levels"]] == ["none", "10% wrong"]
        for level in group["levels"]:
            assert set(level) == {"noise", "adaptive", "checklist"}
            assert set(level["adaptive"]) == KEYS and set(level["checklist"]) == KEYS
    none = result["sets"]["own"]["levels"][0]
    assert none["adaptive"]["top1"] == 1.0  # two clear scenarios, answered truthfully
    assert none["adaptive"]["mean_questions"] < none["checklist"]["mean_questions"]
    assert none["adaptive"]["escalated_share"] is None  # no scenario outside the KB
    outside = result["sets"]["dev"]["levels"][0]["adaptive"]
    assert outside["top1"] == 0.0 and outside["resolved_share"] == 0.0  # nothing to fix it
    assert outside["escalated_share"] == 1.0 and outside["risky_steps_before_escalation"] == 0
    assert "== own: 2 scenarios (0 not in the KB)" in lines
    assert "== dev: 1 scenarios (1 not in the KB)" in lines
    assert "none         paired   : right only with adaptive 0, only with checklist 0" in lines
    assert lines[-2].startswith("checklist of ")
    assert any(line.startswith("own: target: ") for line in lines)
