"""The command line: output contracts, and one-line errors with exit 2 for user mistakes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from posdoctor.cli import main

from .conftest import MINI_KB

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "docs" / "diagnosis.schema.json").read_text(encoding="utf-8"))


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def diagnose(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    return run(capsys, "diagnose", "--kb", str(MINI_KB), *args)


def test_json_output_follows_the_schema(capsys: pytest.CaptureFixture) -> None:
    code, out, _ = diagnose(
        capsys,
        "--format",
        "json",
        "--fact",
        "network_connected=yes",
        "--fact",
        "packet_loss_pct=25",
        "--fact",
        "update_stage_failed=download",
    )
    assert code == 0
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    assert next(c["id"] for c in data["causes"]) == "unstable_connection"
    scores = [c["score"] for c in data["causes"]]
    assert scores == sorted(scores, reverse=True)
    assert data["ruled_out"][0]["id"] == "network_outage"
    assert data["derived"] == {"link_poor": {"value": True, "rule": "lossy"}}


def test_json_output_with_a_log_follows_the_schema(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    log = tmp_path / "update.log"
    log.write_text("start\ncurl: (6) Could not resolve host: tms.example.com\nend\n")
    _code, out, _ = diagnose(
        capsys, "--format", "json", "--log", str(log), "--fact", "network_connected=true"
    )
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    assert data["causes"][0]["id"] == "dns_failure"
    (evidence,) = [e for e in data["causes"][0]["evidence"] if e["rule"] == "dns-fails"]
    used = next(f for f in evidence["facts"] if f["fact"] == "dns_resolves_update_host")
    assert used["log_lines"] == [
        {"line": 2, "text": "curl: (6) Could not resolve host: tms.example.com"}
    ]
    assert data["log"]["matches"] == [
        {
            "line": 2,
            "text": "curl: (6) Could not resolve host: tms.example.com",
            "signature": "curl-6",
            "sets": {"dns_resolves_update_host": False},
        }
    ]


def test_top_limits_the_causes(capsys: pytest.CaptureFixture) -> None:
    _, out, _ = diagnose(capsys, "--format", "json", "--top", "2")
    assert len(json.loads(out)["causes"]) == 2


def test_text_output_in_chinese(capsys: pytest.CaptureFixture) -> None:
    code, out, _ = diagnose(capsys, "--lang", "zh", "--fact", "network_connected=否")
    assert code == 0
    assert "网络中断" in out and "概率" in out and "重启路由器" in out


def test_markdown_output(capsys: pytest.CaptureFixture) -> None:
    code, out, _ = diagnose(capsys, "--format", "markdown", "--fact", "network_connected=false")
    assert code == 0
    assert out.startswith("# Diagnosis\n")
    assert "| 1 | " in out and "Network outage" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--fact", "network_conected=false"],
            "posdoctor: error: unknown fact 'network_conected' (did you mean 'network_connected'?)\n",
        ),
        (
            ["--fact", "network_connected=maybe"],
            "posdoctor: error: 'network_connected' is yes/no: expected true or false (got 'maybe')\n",
        ),
        (
            ["--fact", "network_connected"],
            "posdoctor: error: --fact takes NAME=VALUE (got 'network_connected')\n",
        ),
        (
            ["--facts", "/nonexistent/facts.yaml"],
            "posdoctor: error: cannot read /nonexistent/facts.yaml: no such file\n",
        ),
        (
            ["--log", "/nonexistent/x.log"],
            "posdoctor: error: cannot read /nonexistent/x.log: no such file\n",
        ),
    ],
)
def test_user_mistakes_are_one_line_exit_2(
    capsys: pytest.CaptureFixture, args: list[str], message: str
) -> None:
    code, out, err = diagnose(capsys, *args)
    assert (code, out, err) == (2, "", message)


def test_bad_value_in_a_facts_file_is_located(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("facts:\n  network_connected: true\n  packet_loss_pct: high\n")
    code, out, err = diagnose(capsys, "--facts", str(path))
    assert (code, out) == (2, "")
    assert err == (
        f"posdoctor: error: {path}:3:20: 'packet_loss_pct' is a number in % (got 'high')\n"
    )


def test_facts_file_json_and_scenario_form(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps({"network_connected": False}))
    code, out, _ = diagnose(capsys, "--facts", str(path), "--format", "json")
    assert code == 0 and json.loads(out)["causes"][0]["id"] == "network_outage"
    bad = tmp_path / "bad.json"
    bad.write_text('{"network_connected": fals}')
    code, out, err = diagnose(capsys, "--facts", str(bad))
    assert (code, err) == (2, f"posdoctor: error: {bad}:1:23: invalid JSON: Expecting value\n")


def test_fact_option_overrides_file_and_unknown_removes(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("network_connected: false\npacket_loss_pct: 50\n")
    _, out, _ = diagnose(
        capsys,
        "--facts",
        str(path),
        "--fact",
        "network_connected=true",
        "--fact",
        "packet_loss_pct=unknown",
        "--format",
        "json",
    )
    assert json.loads(out)["facts"] == {"network_connected": True}


def test_broken_kb_is_reported_not_a_traceback(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    (tmp_path / "knowledge").mkdir()
    (tmp_path / "knowledge" / "x.yaml").write_text("facts: [\n")
    code, _out, err = run(capsys, "diagnose", "--kb", str(tmp_path))
    assert code == 2
    assert err.splitlines()[-1] == (
        "posdoctor: error: the knowledge base has errors (run 'posdoctor kb check')"
    )


def test_kb_list(capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(
        capsys, "kb", "list", "causes", "--kb", str(MINI_KB), "--format", "json", "--lang", "zh"
    )
    rows = json.loads(out)
    assert code == 0
    assert [(r["id"], r["category"], r["title"]) for r in rows][:2] == [
        ("network_outage", "network", "网络中断"),
        ("dns_failure", "network", "域名解析失败"),
    ]
    code, out, _ = run(capsys, "kb", "list", "facts", "--kb", str(MINI_KB))
    assert code == 0 and "network_connected" in out


def test_every_command_is_documented_in_the_readme() -> None:
    from posdoctor.cli.main import build_parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in sub.choices:
        assert f"posdoctor {name}" in readme, name


def test_bad_facts_are_explained_in_the_language_asked_for(capsys: pytest.CaptureFixture) -> None:
    assert diagnose(capsys, "--lang", "zh", "--fact", "network_connected=也许") == (
        2,
        "",
        "posdoctor：错误：'network_connected' 请回答 是 / 否 / 不知道（收到 '也许'）\n",
    )
    assert diagnose(capsys, "--lang", "en", "--fact", "network_connected=也许") == (
        2,
        "",
        "posdoctor: error: 'network_connected' is yes/no: expected true or false (got '也许')\n",
    )


def test_command_line_mistakes_in_chinese(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    assert diagnose(capsys, "--lang", "zh", "--fact", "network_connected") == (
        2,
        "",
        "posdoctor：错误：--fact 的格式是 名称=值（收到 'network_connected'）\n",
    )
    missing = tmp_path / "nope.log"
    code, _, err = diagnose(capsys, "--lang", "zh", "--log", str(missing))
    assert (code, err) == (2, f"posdoctor：错误：无法读取 {missing}：没有那个文件或目录\n")


def test_diagnosis_json_is_what_diagnose_prints(capsys: pytest.CaptureFixture) -> None:
    import posdoctor

    facts = {"network_connected": True, "packet_loss_pct": 25.0}
    _, out, _ = diagnose(
        capsys, "--format", "json", "--top", "2", "--fact", "network_connected=yes",
        "--fact", "packet_loss_pct=25",
    )  # fmt: skip
    doctor = posdoctor.Doctor(posdoctor.load_knowledge_base(MINI_KB))
    data = posdoctor.diagnosis_json(doctor, doctor.diagnose(facts), "en", top=2)
    assert json.loads(out) == json.loads(json.dumps(data))
    jsonschema.validate(data, SCHEMA)
    checks = data["next_checks"]
    assert checks and all(c["minutes"] == c["cost_minutes"] > 0 for c in checks)
