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


def test_calibration_fits_on_dev_and_own_and_refuses_the_test_set() -> None:
    script = str(ROOT / "bench" / "calibrate_strengths.py")
    refused = subprocess.run(
        [sys.executable, script, "--sets", "test"], capture_output=True, text=True, timeout=120
    )
    assert refused.returncode == 2
    assert "argument --sets: invalid choice: 'test'" in refused.stderr  # only dev and own
    out = subprocess.run(
        [sys.executable, script, "--sets", "own", "--powers", "1", "1.25"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    lines = out.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "power 1.0   own  full story",
        "power 1.25  own  full story",
    ]
    # the authors' own scenarios, every fact answered: each true cause on top at either power,
    # and more probable (a lower mean negative log-likelihood) at the higher one
    nll = [float(line.split("mean NLL ")[1].split(",")[0]) for line in lines]
    assert all(line.endswith("top-1 100.0% (50)") for line in lines)
    assert nll[1] < nll[0]


def test_the_strength_words_are_their_first_numbers_to_the_evidence_power() -> None:
    from posdoctor.kb.model import EVIDENCE_POWER, STRENGTHS, WORD_RATIOS
    from posdoctor.output.render import ratio_text

    assert EVIDENCE_POWER == 1.25
    assert dict(WORD_RATIOS) == {"weak": 2.0, "moderate": 4.0, "strong": 10.0, "very_strong": 50.0}
    assert dict(STRENGTHS) == {
        "weak": 2.38,
        "moderate": 5.66,
        "strong": 17.78,
        "very_strong": 132.96,
    }
    # handbooks show two figures; the JSON outputs keep the exact ratio
    assert [ratio_text(r) for r in STRENGTHS.values()] == ["2.4", "5.7", "18", "130"]
