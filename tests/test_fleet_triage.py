"""Fleet triage end to end: golden output, the case study, no cause, the JSON Schema, formats."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from posdoctor.cli import main
from posdoctor.fleet.generate import Cause
from tests.fleet_helpers import case, small, triage_json

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "fleet"
SCHEMA = json.loads((ROOT / "docs" / "fleet.schema.json").read_text(encoding="utf-8"))


def comparable(result: dict) -> dict:
    """The result without the temporary file paths."""
    return {**result, "notes": sorted(result["notes"])}


def test_small_fleet_matches_the_golden_file(tmp_path, capsys, regen) -> None:
    result = comparable(triage_json(capsys, str(small(tmp_path))))
    golden = GOLDEN / "small.json"
    if regen:
        golden.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    assert result == json.loads(golden.read_text(encoding="utf-8"))


def test_small_fleet_finds_both_injected_causes_exactly(tmp_path, capsys) -> None:
    result = triage_json(capsys, str(small(tmp_path)), "--no-diagnosis")
    assert [c["predicate"] for c in result["clusters"]] == [
        {"package_id": "PK01"},  # more excess failures: a common package, lift 8
        {"network_provider": "P02", "conn_type": "4G"},
    ]
    assert [c["diagnosis"] for c in result["clusters"]] == [None, None]
    excess = [c["excess_failures"] for c in result["clusters"]]
    assert excess == sorted(excess, reverse=True)


def test_case_study_end_to_end(tmp_path, capsys) -> None:
    """One provider's terminals time out at download -> that provider -> its router."""
    result = triage_json(capsys, str(case(tmp_path)))
    jsonschema.validate(result, SCHEMA)
    top = result["clusters"][0]
    assert top["predicate"] == {"network_provider": "P03"}
    assert top["stages"][0]["stage"] == "download"
    assert top["top_errors"][0]["error"].startswith("curl: (28) Operation timed out")
    assert top["onset"] == "sudden"
    d = top["diagnosis"]
    assert d["cause_id"] == "provider_router_misconfigured"
    assert d["category"] == "network"
    assert [f["step"] for f in d["fixes"]] == [
        "provider_reconfigure_router",
        "manual_update_affected_terminals",
    ]
    assert d["escalate_to"] == {
        "id": "network_provider",
        "name": "Network service provider (ISP / carrier)",
    }
    assert d["facts"]["fleet_common_factor"] == "provider"
    assert d["facts"]["update_stage_failed"] == "download"


def test_no_injected_cause_gives_no_cluster(tmp_path, capsys) -> None:
    result = triage_json(capsys, str(small(tmp_path, causes=[], rows=50_000)))
    assert result["clusters"] == []
    assert result["unexplained"] == {"n_failed": result["failed"], "share": 1.0}


def test_output_validates_against_the_schema(tmp_path, capsys) -> None:
    jsonschema.validate(triage_json(capsys, str(small(tmp_path))), SCHEMA)


def test_csv_parquet_and_jsonl_give_the_same_clusters(tmp_path, capsys) -> None:
    results = []
    for suffix in (".csv", ".parquet", ".jsonl"):
        (tmp_path / suffix[1:]).mkdir()
        data = triage_json(capsys, str(small(tmp_path / suffix[1:], suffix)), "--no-diagnosis")
        results.append(
            [
                (c["predicate"], c["n_attempts"], c["n_failed"], c["terminals"])
                for c in data["clusters"]
            ]
        )
    assert results[0] == results[1] == results[2]


def test_several_files_are_one_table(tmp_path, capsys) -> None:
    one = triage_json(capsys, str(small(tmp_path)), "--no-diagnosis")
    text = (tmp_path / "small.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    half = len(text) // 2
    (tmp_path / "part1.csv").write_text("".join(text[:half]), "utf-8")
    (tmp_path / "part2.csv").write_text(text[0] + "".join(text[half:]), "utf-8")
    two = triage_json(capsys, str(tmp_path / "part*.csv"), "--no-diagnosis")
    assert two["rows"] == one["rows"] and two["clusters"] == one["clusters"]


def test_text_report_states_the_case_study(tmp_path, capsys) -> None:
    assert main(["fleet", "triage", str(case(tmp_path)), "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Fleet triage: 60,000 attempts, 3,207 failed (5.3%)"
    assert lines[2].startswith("1. network_provider=P03: 31.")
    assert (
        "likely cause: Network provider's router misconfigured [provider_router_misconfigured]"
        in "\n".join(lines)
    )


@pytest.mark.parametrize("fmt,start", [("markdown", "# Fleet triage"), ("html", "<!DOCTYPE html>")])
def test_markdown_and_html_reports(tmp_path, capsys, fmt, start) -> None:
    out = tmp_path / f"report.{fmt}"
    assert (
        main(
            [
                "fleet",
                "triage",
                str(case(tmp_path)),
                "--format",
                fmt,
                "-o",
                str(out),
                "--lang",
                "en",
            ]
        )
        == 0
    )
    text = out.read_text(encoding="utf-8")
    assert text.startswith(start)
    assert "network_provider=P03" in text
    assert "Have the network provider reconfigure its router" in text
    if fmt == "html":
        assert (
            "<polyline" in text and "<script" not in text and "http" not in text.split("</head>")[1]
        )


def test_chinese_report(tmp_path, capsys) -> None:
    assert main(["fleet", "triage", str(case(tmp_path)), "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("批量失败分析: 60,000 次更新")
    assert "可能原因" in out


def test_generate_writes_the_fleet_and_its_truth(tmp_path, capsys) -> None:
    out = tmp_path / "fleet.parquet"
    assert (
        main(
            ["fleet", "generate", "--rows", "5000", "--seed", "4", "--causes", "2", "-o", str(out)]
        )
        == 0
    )
    assert capsys.readouterr().out == (
        f"wrote 5,000 attempts to {out} and the injected causes to {out}.truth.json\n"
    )
    truth = json.loads(Path(f"{out}.truth.json").read_text(encoding="utf-8"))
    assert truth["rows"] == 5000 and len(truth["causes"]) == 2


def test_an_order_three_cause_is_found_exactly(tmp_path, capsys) -> None:
    """Refinement keeps adding a term while it sharpens the failure rate (not MacroBase's stop)."""
    cause = Cause({"network_provider": "P01", "conn_type": "wifi", "package_id": "PK01"}, lift=15.0)
    result = triage_json(
        capsys, str(small(tmp_path, causes=[cause], rows=40_000, seed=9)), "--no-diagnosis"
    )
    assert [c["predicate"] for c in result["clusters"]] == [
        {"network_provider": "P01", "conn_type": "wifi", "package_id": "PK01"}
    ]
