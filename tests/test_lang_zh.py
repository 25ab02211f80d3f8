"""--lang zh says everything in Chinese: argparse's help and errors, kb check, tables, the Q&A
words, sessions, file errors (the errno's meaning, not its English), and Markdown's true/false."""

from __future__ import annotations

from pathlib import Path

import pytest

from posdoctor.cli import main
from posdoctor.cli.parser import say_argparse, say_help

from .conftest import MINI_KB
from .test_validate import CASES as VALIDATOR_CASES


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def usage_error(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as stopped:
        main(list(args))
    return int(stopped.value.code or 0), capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--lang", "zh", "diagnose", "--fact"],
            "posdoctor diagnose：错误：参数 --fact：需要一个值（参见：posdoctor diagnose --help）\n",
        ),
        (
            ["diagnose", "--lang", "zh", "--top", "x"],
            "posdoctor diagnose：错误：参数 --top：需要一个正整数（输入的是 'x'）"
            "（参见：posdoctor diagnose --help）\n",
        ),
        (
            ["diagnose", "--lang", "zh", "--format", "pdf"],
            "posdoctor diagnose：错误：参数 --format：无效的选择：'pdf'"
            "（可选：'text', 'json', 'markdown', 'html'）（参见：posdoctor diagnose --help）\n",
        ),
        (
            ["--lang", "zh", "diagnose", "--nope"],
            "posdoctor：错误：无法识别的参数：--nope（参见：posdoctor --help）\n",
        ),
        (
            ["diagnose", "--fact"],
            "posdoctor diagnose: error: argument --fact: expected one argument "
            "(see: posdoctor diagnose --help)\n",
        ),
        (
            ["--lang", "fr", "diagnose"],
            "posdoctor: error: argument --lang: invalid choice: 'fr' (choose from 'zh', 'en') "
            "(see: posdoctor --help)\n",
        ),
    ],
)
def test_argparse_errors_are_one_line_in_the_language_asked_for(
    capsys: pytest.CaptureFixture, args: list[str], expected: str
) -> None:
    assert usage_error(capsys, *args) == (2, expected)


def test_lang_before_the_command_is_the_commands_lang(capsys: pytest.CaptureFixture) -> None:
    code, out, err = run(capsys, "--lang", "zh", "diagnose", "--kb", str(MINI_KB))
    assert (code, err) == (0, "")
    assert "知识库以外的原因" in out


def test_help_is_in_chinese(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--lang", "zh", "diagnose", "--help"])
    assert stopped.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：posdoctor diagnose [-h]")
    assert "\n选项:\n" in out
    assert "  --top N               显示 N 个原因\n" in out
    assert "输出格式（默认：text）" in out
    assert "show N causes" not in out and "options:" not in out


def test_every_help_text_has_a_chinese_entry() -> None:
    import argparse

    from posdoctor.cli.main import build_parser

    missing = []

    def walk(parser: argparse.ArgumentParser) -> None:
        for text in [parser.description, *(g.title for g in parser._action_groups)]:
            if text and say_help(text, "zh") == text:
                missing.append(text)
        for action in parser._actions:
            if action.help and say_help(action.help % vars(action), "zh") == action.help:
                missing.append(action.help)
            if isinstance(action, argparse._SubParsersAction):
                missing.extend(
                    c.help for c in action._choices_actions if say_help(c.help, "zh") == c.help
                )
                for child in action.choices.values():
                    walk(child)

    walk(build_parser())
    assert missing == []


def test_an_unknown_argparse_message_is_kept_as_it_is() -> None:
    assert say_argparse("something new", "zh") == "something new"
    assert say_argparse("argument -x: something new", "zh") == "参数 -x：something new"


def test_kb_check_summaries_in_chinese(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    import shutil

    code, out, _ = run(capsys, "kb", "check", "--kb", str(MINI_KB), "--lang", "zh")
    assert code == 0
    assert out.startswith("正常：4 个原因、7 个事实、11 条规则、")
    assert "个日志特征；规则匹配器：" in out
    root = tmp_path / "kb"
    shutil.copytree(MINI_KB, root)
    (root / "rules" / "extra.yaml").write_text(
        "rules:\n  - id: x\n    when: {fact: nope, is: true}\n    then: {supports: nope}\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "kb", "check", "--kb", str(root), "--lang", "zh")
    assert code == 1
    assert out.splitlines()[-1] == "1 个错误，0 个警告"


def test_a_file_error_says_the_errno_in_chinese(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "diagnose", "--lang", "zh", "--facts", str(tmp_path))
    assert (code, err) == (2, f"posdoctor：错误：无法读取 {tmp_path}：这是一个文件夹\n")
    code, _, err = run(capsys, "diagnose", "--lang", "en", "--log", str(tmp_path / "nope"))
    assert (code, err) == (2, f"posdoctor: error: cannot read {tmp_path / 'nope'}: no such file\n")


def test_tables_say_categories_and_conclusions_in_chinese(capsys: pytest.CaptureFixture) -> None:
    _, out, _ = run(capsys, "diagnose", "--kb", str(MINI_KB), "--lang", "zh",
                    "--fact", "network_connected=false")  # fmt: skip
    assert "│    1 │ 97.2% │ 网络 │ 网络中断 (network_outage)" in out
    _, out, _ = run(capsys, "kb", "list", "rules", "--kb", str(MINI_KB), "--lang", "zh")
    assert "┃ 编号 " in out and "支持 network_outage, 反对" in out
    assert "supports" not in out and "opposes" not in out
    _, out, _ = run(capsys, "kb", "list", "causes", "--kb", str(MINI_KB), "--lang", "en")
    assert "│ network_outage      │ Network  │ Network outage       │ 0.2   │" in out


def test_markdown_says_true_and_false_as_text_and_json_do(capsys: pytest.CaptureFixture) -> None:
    _, out, _ = run(capsys, "diagnose", "--kb", str(MINI_KB), "--lang", "zh", "--format",
                    "markdown", "--fact", "network_connected=false")  # fmt: skip
    assert "- `network_connected` = false\n" in out
    assert "(`no-network`: `network_connected=false`)" in out
    assert "False" not in out and "True" not in out


def test_html_strength_badges_in_chinese(capsys: pytest.CaptureFixture) -> None:
    _, out, _ = run(capsys, "diagnose", "--kb", str(MINI_KB), "--lang", "zh", "--format",
                    "html", "--fact", "network_connected=false")  # fmt: skip
    assert '<span class="badge very_strong">+ 很强</span>' in out
    assert ">+ very_strong<" not in out


def test_ask_and_sessions_words_in_chinese(
    capsys: pytest.CaptureFixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setenv("POSDOCTOR_HOME", str(tmp_path))
    monkeypatch.setattr("sys.stdin", io.StringIO("why\nq\n"))
    _, out, _ = run(
        capsys, "ask", "--kb", str(MINI_KB), "--lang", "zh", "--fact", "network_connected=true"
    )
    assert "为什么问这个 (0.000 比特信息量, 1 分钟):" in out
    assert "\n  规则：low-storage\n" in out
    code, out, _ = run(capsys, "sessions", "--lang", "zh")
    assert code == 0
    assert out.rstrip().endswith("进行中     1 个回答")
    code, out, _ = run(capsys, "sessions", "--lang", "en")
    assert out.rstrip().endswith("open       1 answer(s)")


BROKEN_RULES = """rules:
  - id: x
    when: {fact: network_connected, is: [1]}
    then: {supports: dns_failure, strength: weak}
  - id: y
    when: {fact: error_message, matches: '(?<!a)b'}
    then: {supports: dns_failure, strenth: weak}
  - id: z
    when: {fact: storage_free_mb, gt: 'x'}
    then: {supports: storage_full, strength: weak}
"""


def test_kb_check_messages_in_chinese(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "kb"
    shutil.copytree(MINI_KB, root)
    (root / "rules" / "extra.yaml").write_text(BROKEN_RULES, encoding="utf-8")
    code, out, _ = run(capsys, "kb", "check", "--kb", str(root), "--lang", "zh")
    assert code == 1
    assert out.splitlines() == [
        "rules/extra.yaml:3:41: rules[0] (x) > when > is: 'is' 需要单个值（实际是列表）"
        "（列表请用 'in'）",
        "rules/extra.yaml:6:42: rules[1] (y) > when > matches: 线性时间引擎（RE2）不支持环视"
        "（此处为 '(?<!'）（RE2 不支持环视：把 X(?!Y) 写成 X(?:$|[^Y])，把 (?<!Y)X 写成 "
        "(?:^|[^Y])X（Y 是词时每个字母一个分支），X(?=Y) 写成 XY；参见 docs/limits.md）",
        "rules/extra.yaml:7:11: rules[1] (y) > then: 缺少必需的键 'strength'",
        "rules/extra.yaml:7:35: rules[1] (y) > then > strenth: 未知的键 'strenth'"
        "（是不是 'strength'？）",
        "rules/extra.yaml:9:39: rules[2] (z) > when > gt: 必须是数字（实际是文本 'x'）",
        "5 个错误，0 个警告",
    ]


@pytest.mark.parametrize("name", VALIDATOR_CASES)
def test_every_validator_fixture_problem_is_said_in_chinese(tmp_path: Path, name: str) -> None:
    """Each broken KB of tests/test_validate.py: message and hint come out translated."""
    import shutil

    from posdoctor import check_knowledge_base
    from posdoctor.kb.problem_words import HINTS, PROBLEMS, problem_text, say_entry

    path, text, _ = VALIDATOR_CASES[name]
    root = tmp_path / "kb"
    shutil.copytree(MINI_KB, root)
    (root / path).write_text(text, encoding="utf-8")
    _, problems = check_knowledge_base(root)
    assert problems
    for p in problems:
        assert say_entry(PROBLEMS, p.message, "zh") != p.message, p.message
        assert not p.hint or say_entry(HINTS, p.hint, "zh") != p.hint, p.hint
        assert problem_text(p, "zh").startswith(f"{p.file}:{p.line}:{p.col}: ")
        assert problem_text(p, "en") == str(p)


def test_a_problem_no_entry_says_is_shown_as_it_is() -> None:
    from posdoctor.kb.problem_words import problem_text
    from posdoctor.kb.problems import Problem

    p = Problem("f.yaml", 1, 2, "x", "something new", "a hint", "warning")
    assert problem_text(p, "zh") == "f.yaml:1:2: x: 警告：something new（a hint）"


def test_durable_rules_limits_are_said_in_chinese() -> None:
    from posdoctor.engine.durable_limits import MAX_PROPERTIES, MAX_RULES, check_limits
    from posdoctor.kb.problem_words import problem_text

    rules = {f"r{i}": {"all": [{"m": {"$and": [{"x": i}]}}]} for i in range(MAX_RULES + 1)}
    said = [problem_text(p, "zh") for p in check_limits(rules, MAX_PROPERTIES)]
    assert said == [
        f"rules/:0:0: 编译后的 {MAX_RULES + 1} 条规则超过了 durable-rules 的上限 {MAX_RULES}"
        "（合并规则或拆分知识库）",
        f"rules/:0:0: 按取值检验的 {MAX_PROPERTIES} 个事实超过了 durable-rules 一个事实能容纳的 "
        f"{MAX_PROPERTIES} 个属性（少用一些事实）",
        f"rules/:0:0: 一个检验后面跟着 {MAX_RULES + 1} 个不同的检验（durable-rules 在 512 时会卡住）"
        "（按共同的第一个条件拆分规则）",
    ]


def test_no_read_back_entry_names_a_placeholder_after_says_own_arguments() -> None:
    import re

    from posdoctor.messages import MESSAGES

    prefixes = ("kb_problem.", "kb_hint.", "kb_kind.", "kb_what.", "help.", "argparse.")
    clashes = [
        (k, text)
        for k, entry in MESSAGES.items()
        if k.startswith(prefixes)
        for text in entry.values()
        if re.search(r"(?<!\{)\{(key|lang)\}", text)
    ]
    assert clashes == []
