"""Shipped column mappings read their managers' exports; a mapping's outcome words are used."""

from __future__ import annotations

import pytest

from posdoctor.fleet.columns import load_mapping, shipped
from tests.fleet_helpers import triage_json

ROWS = 400  # per export: 40 failing on the shared factor, a few elsewhere


def export(header: list[str], row) -> str:
    lines = [",".join(header)]
    for i in range(ROWS):
        bad = i % 10 == 0
        lines.append(",".join(row(i, bad, i % 7 == 3 and not bad)))
    return "\n".join(lines) + "\n"


CASES = {
    "hawkbit": (
        ["controllerId", "id", "detailStatus", "lastStatusCode", "createdAt", "hwRevision"],
        lambda i, bad, other: [
            f"dev{i}",
            str(i),
            "error" if bad or (other and i < 60) else "finished",
            "500" if bad else "200",
            str(1767225600000 + i * 1000),
            "R2" if bad else f"R{i % 3 + 3}",
        ],
        {"hwRevision": "R2"},
    ),
    "aws_iot_jobs": (
        ["thingArn", "executionNumber", "status", "startedAt", "retryAttempt", "carrier"],
        lambda i, bad, other: [
            f"arn:aws:iot:eu-west-1:1:thing/t{i}",
            "1",
            "TIMED_OUT" if bad else "SUCCEEDED",
            str(1767225600 + i),
            "0",
            "C9" if bad else f"C{i % 4}",
        ],
        {"carrier": "C9"},
    ),
    "paxstore": (
        ["serialNo", "terminalId", "appPushStatus", "appPushError", "pushStartTime", "versionName"],
        lambda i, bad, other: [
            f"11500{i:05d}",
            str(461000 + i),
            "Failed" if bad else "Success",
            "Download timeout" if bad else "",
            str(1575627420000 + i),
            "10.3.9" if bad else f"10.3.{i % 5}",
        ],
        {"versionName": "10.3.9"},
    ),
}


def test_three_mappings_ship_and_cite_their_source() -> None:
    assert sorted(shipped()) == ["aws_iot_jobs", "hawkbit", "paxstore"]
    for path in shipped().values():
        assert "url: https://" in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_shipped_mapping_reads_its_export(tmp_path, capsys, name) -> None:
    header, row, predicate = CASES[name]
    f = tmp_path / f"{name}.csv"
    f.write_text(export(header, row), encoding="utf-8")
    result = triage_json(capsys, str(f), "--columns", name, "--no-diagnosis")
    assert result["rows"] == ROWS
    assert [c["predicate"] for c in result["clusters"]] == [predicate]
    assert result["clusters"][0]["n_failed"] == 40
    assert result["clusters"][0]["first_failed"] is not None


def test_outcome_words_are_mapped_case_as_written() -> None:
    m = load_mapping("aws_iot_jobs")
    assert [m.outcome_of(w) for w in ("TIMED_OUT", "SUCCEEDED", "QUEUED", "success", "BOGUS")] == [
        "timeout",
        "success",
        "pending",
        "success",
        None,
    ]
