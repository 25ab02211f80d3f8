"""`posdoctor --lang zh fleet ...` and `fleet ... --lang zh` speak Chinese: reports, errors,
warnings and the generator's line; the English stays as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from posdoctor.cli import main
from posdoctor.fleet.columns import Mapping, MappingError, load_mapping
from posdoctor.fleet.io import FleetInputError, read_attempts
from tests.fleet_helpers import case


@pytest.fixture(autouse=True)
def english_environment(monkeypatch) -> None:
    """The environment says English, so any Chinese comes from --lang."""
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("POSDOCTOR_LANG", raising=False)


def test_lang_before_the_command_makes_the_report_chinese(tmp_path, capsys) -> None:
    assert main(["--lang", "zh", "fleet", "triage", str(case(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert out.startswith("批量失败分析: 60,000 次更新, 3,207 失败")
    assert "可能原因" in out


def test_lang_before_the_command_is_the_default_of_generate(tmp_path, capsys) -> None:
    out = tmp_path / "f.parquet"
    args = ["--lang=zh", "fleet", "generate", "--rows", "3000", "--seed", "2", "-o", str(out)]
    assert main(args) == 0
    assert capsys.readouterr().out == (
        f"已把 3,000 次更新写入 {out}，注入的原因写入 {out}.truth.json\n"
    )


def test_lang_after_the_command_wins(tmp_path, capsys) -> None:
    path = str(case(tmp_path))
    assert main(["--lang", "zh", "fleet", "triage", path, "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("Fleet triage: 60,000 attempts")


def test_without_lang_the_report_is_english(tmp_path, capsys) -> None:
    assert main(["fleet", "triage", str(case(tmp_path))]) == 0
    assert capsys.readouterr().out.startswith("Fleet triage: 60,000 attempts")


def write(tmp: Path, name: str, text: str) -> str:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "name,text,zh",
    [
        (
            "missing.csv",
            "terminal_id,Outcome,model\nT1,success,M1\n",
            "{f}:1：缺少必需的列 'outcome'（现有：terminal_id, Outcome, model）；"
            "是否指 'Outcome'？（可用 --columns 改名）",
        ),
        (
            "unknown.csv",
            "terminal_id,outcome,model\nT1,success,M1\nT2,FAILD,M2\n",
            "{f}:3：无法识别的结果 'FAILD'（1 行）；是否指 'failed'？请用 success, failed, "
            "timeout, rejected, canceled, pending 之一，或在 --columns 文件中映射它",
        ),
        ("empty.csv", "", "{f}：空文件（没有表头，也没有数据行）"),
        ("header.csv", "terminal_id,outcome,model\n", "{f}:2：表头之后没有数据行"),
        (
            "blank.csv",
            "terminal_id,outcome,model\n,success,M1\n",
            "{f}:2：终端号（terminal_id）为空",
        ),
    ],
)
def test_bad_input_is_said_in_chinese(tmp_path, capsys, name, text, zh) -> None:
    f = write(tmp_path, name, text)
    assert main(["--lang", "zh", "fleet", "triage", f]) == 2
    assert capsys.readouterr().err == f"posdoctor：错误：{zh.format(f=f)}\n"


def test_an_unknown_dimension_and_a_missing_file_in_chinese(tmp_path, capsys) -> None:
    f = write(tmp_path, "a.csv", "terminal_id,outcome,model\nT1,success,M1\n")
    assert main(["fleet", "triage", f, "--dims", "modle", "--lang", "zh"]) == 2
    assert capsys.readouterr().err == (
        f"posdoctor：错误：{f}：--dims 指定的 'modle' 不是文件中的列"
        "（列：terminal_id, outcome, model）\n"
    )
    gone = str(tmp_path / "gone.csv")
    assert main(["--lang", "zh", "fleet", "triage", gone]) == 2
    assert capsys.readouterr().err == f"posdoctor：错误：{gone}：无法读取：文件不存在\n"


def test_broken_rows_are_reported_in_chinese(tmp_path, capsys) -> None:
    rows = "".join(f"T{i},{'failed' if i % 9 == 0 else 'success'},M{i % 3}\n" for i in range(60))
    f = write(tmp_path, "broken.csv", "terminal_id,outcome,model\nT0,success,M1,extra\n" + rows)
    assert main(["--lang", "zh", "fleet", "triage", f, "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"posdoctor：警告：{f}:2: expected 3 fields, found 4：已跳过该行",
        "posdoctor：警告：共跳过 1 行损坏的数据（上面列出了前 1 行）",
    ]
    assert json.loads(captured.out)["skipped"]["rows"] == 1


def test_errors_keep_their_english_text_and_type(tmp_path) -> None:
    """The exceptions are UserInputErrors: str() is the English message, text(lang) the rest."""
    with pytest.raises(FleetInputError) as caught:
        read_attempts([str(tmp_path / "none.csv")], Mapping())
    assert str(caught.value) == f"{tmp_path / 'none.csv'}: cannot read: no such file"
    assert caught.value.text("zh") == f"{tmp_path / 'none.csv'}：无法读取：文件不存在"
    bad = write(tmp_path, "m.yaml", "rename: {a: terminal_id}\nfailed: [broken]\n")
    with pytest.raises(MappingError) as caught_map:
        load_mapping(bad)
    assert str(caught_map.value) == (
        f"{bad}: failed lists 'broken'; use outcomes of "
        "('success', 'failed', 'timeout', 'rejected', 'canceled', 'pending')"
    )
    assert caught_map.value.text("zh").startswith(f"{bad}：failed 中的 'broken' 不是结果值")
