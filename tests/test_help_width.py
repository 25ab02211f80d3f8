"""Chinese --help fits the terminal: wrapped by display width (a Chinese character takes two
columns), for every command at COLUMNS=80 and 60, against golden outputs.

The goldens are in tests/data/help/py3XX/ for each Python whose argparse lays help out its own
way (3.11, 3.13); ``pytest --regen-golden`` writes them again (read the diff before committing).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from posdoctor.cli import main
from posdoctor.cli.main import build_parser
from posdoctor.cli.parser import display_width, wrap

GOLDEN = Path(__file__).parent / "data" / "help" / f"py{sys.version_info[0]}{sys.version_info[1]}"


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand of ``parser``, as the words that name it."""
    out = [path]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                out.extend(_commands(child, (*path, name)))
    return out


COMMANDS = _commands(build_parser("zh"))


def help_text(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, lang: str,
              command: tuple[str, ...], columns: int) -> str:  # fmt: skip
    """What ``posdoctor --lang LANG COMMAND --help`` prints in a terminal COLUMNS wide."""
    monkeypatch.setenv("COLUMNS", str(columns))
    with pytest.raises(SystemExit) as stopped:
        main(["--lang", lang, *command, "--help"])
    assert stopped.value.code == 0
    return capsys.readouterr().out


def test_every_command_is_walked() -> None:
    assert {(), ("kb", "check"), ("diagnose",), ("fleet", "triage"), ("audit", "verify")} <= set(
        COMMANDS
    )
    assert len(COMMANDS) >= 20


@pytest.mark.parametrize("columns", [80, 60])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c) or "posdoctor")
def test_chinese_help_fits_and_matches_its_golden(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture,
    command: tuple[str, ...], columns: int, regen: bool,
) -> None:  # fmt: skip
    out = help_text(monkeypatch, capsys, "zh", command, columns)
    too_wide = [line for line in out.splitlines() if display_width(line) > columns]
    assert too_wide == []
    golden = GOLDEN / f"{'-'.join(command) or 'posdoctor'}.{columns}.txt"
    if regen:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(out, encoding="utf-8")
    if not GOLDEN.is_dir():
        pytest.skip(f"no goldens for this Python in {GOLDEN}")
    assert out == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("columns", [80, 60])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c) or "posdoctor")
def test_english_help_fits_too(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture,
    command: tuple[str, ...], columns: int,
) -> None:  # fmt: skip
    out = help_text(monkeypatch, capsys, "en", command, columns)
    assert [line for line in out.splitlines() if len(line) > columns] == []


def test_chinese_help_is_wrapped_between_characters_keeping_punctuation(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    out = help_text(monkeypatch, capsys, "zh", ("diagnose",), 60)
    assert out.startswith(
        "用法：posdoctor diagnose [-h] [--fact NAME=VALUE]\n"
        "    [--facts FILE] [--log FILE] [--top N] [--kb DIR]\n"
        "    [--lang {zh,en}] [--format {text,json,markdown,html}]\n"
    )
    assert (
        "  --kb DIR              使用指定的知识库文件夹\n"
        "                        （knowledge/、rules/），而不是内置\n"
        "                        知识库\n"
    ) in out


def test_wrap_counts_columns_not_characters() -> None:
    assert display_width("知识库 kb") == 9
    assert wrap("一二三四五六", 7) == ["一二三", "四五六"]
    assert wrap("例如 --fact x=1（参见：posdoctor）", 12) == [
        "例如 --fact",
        "x=1（参见：",
        "posdoctor）",
    ]
    assert wrap("（一）二", 6) == ["（一）", "二"]  # no line starts with a closing bracket
    assert wrap("abcdefgh", 3) == ["abc", "def", "gh"]  # a piece too long is cut
    assert wrap("", 10) == []


TEXT = st.text(st.sampled_from([*"知识库规则，。（）、：", *"abc-=/", " "]), max_size=80)


@given(text=TEXT, width=st.integers(2, 40))
def test_wrapped_lines_fit_and_lose_nothing(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert all(display_width(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(line == line.strip() and line for line in lines)
