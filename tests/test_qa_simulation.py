"""The simulation benchmark's output is a contract: its last line is one JSON object."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"mean_questions", "p90_questions", "mean_minutes", "top1"}


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
            "--only",
            "dns_failure",
            "storage_full",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    lines = out.stdout.splitlines()
    result = json.loads(lines[-1])
    assert [level["noise"] for level in result["levels"]] == ["none", "10% wrong"]
    for level in result["levels"]:
        assert set(level) == {"noise", "adaptive", "checklist"}
        assert set(level["adaptive"]) == KEYS and set(level["checklist"]) == KEYS
    none = result["levels"][0]
    assert none["adaptive"]["top1"] == 1.0  # two clear scenarios, answered truthfully
    assert none["adaptive"]["mean_questions"] < none["checklist"]["mean_questions"]
    assert lines[-3].startswith("2 scenarios; checklist of ")
    assert "none         paired   : right only with adaptive 0, only with checklist 0" in lines
    assert lines[-2].startswith("target (as accurate, at most half the questions): ")
