"""Hostile input: YAML bombs, deep nesting, endless and binary logs, closed pipes, odd numbers.

Every limit named here is in docs/limits.md. The hostile files are generated in tmp folders by
the functions below (nothing big is committed); the last part runs the real command on them in
a child process with a memory limit and a timeout, and fuzzes the readers with hypothesis.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from posdoctor.cli import main
from posdoctor.kb.yamlfile import MAX_ALIAS_VALUES, MAX_DEPTH, read_yaml

from .conftest import MINI_KB


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def diagnose(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    return run(capsys, "diagnose", "--kb", str(MINI_KB), *args)


# ---- the hostile files ------------------------------------------------------------------------


def yaml_bomb(levels: int = 9) -> str:
    """Billion laughs: each level is nine aliases of the one above (9**9 values from 10 lines)."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        name, up = chr(ord("a") + i), chr(ord("a") + i - 1)
        lines.append(f"{name}: &{name} [{', '.join(['*' + up] * 9)}]")
    return "\n".join(lines) + "\n"


def deep_json(depth: int = 100_000) -> str:
    return "[" * depth + "]" * depth


# ---- 1. YAML bombs ----------------------------------------------------------------------------


def test_a_yaml_bomb_is_refused_at_the_alias_that_overflows() -> None:
    doc = read_yaml(yaml_bomb(), "bomb.yaml")
    assert doc.data is None
    assert [str(p) for p in doc.problems] == [
        "bomb.yaml:5:8: aliases here expand the file beyond 10,000 values "
        "(write the values out instead of using *aliases; see docs/limits.md)"
    ]


def test_aliases_within_the_bound_still_work() -> None:
    doc = read_yaml("a: &a [1, 2]\nb: *a\nc: {x: *a}\n", "f.yaml")
    assert doc.problems == []
    assert doc.data == {"a": [1, 2], "b": [1, 2], "c": {"x": [1, 2]}}
    # the bound counts values: just under it is read, one more is not
    items = ", ".join(["1"] * (MAX_ALIAS_VALUES - 1))
    assert read_yaml(f"a: &a [{items}]\nb: *a\n", "f.yaml").problems == []
    assert [p.message for p in read_yaml(f"a: &a [{items}, 1]\nb: *a\n", "f.yaml").problems] == [
        "aliases here expand the file beyond 10,000 values"
    ]


def test_an_alias_inside_its_own_anchor_is_refused() -> None:
    assert [str(p) for p in read_yaml("a: &a [1, *a]\n", "f.yaml").problems] == [
        "f.yaml:1:11: alias '*a' is inside the node it names (an alias cannot contain itself)"
    ]


def test_a_bomb_as_facts_file_is_one_line(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(yaml_bomb())
    code, out, err = diagnose(capsys, "--facts", str(bomb))
    assert (code, out) == (2, "")
    assert err == (
        f"posdoctor: error: {bomb}:5:8: aliases here expand the file beyond 10,000 values "
        "(write the values out instead of using *aliases; see docs/limits.md)\n"
    )


def test_a_bomb_in_a_kb_is_a_kb_check_error(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(MINI_KB, root)
    (root / "knowledge" / "bomb.yaml").write_text(yaml_bomb())
    code, out, err = run(capsys, "kb", "check", "--kb", str(root))
    assert (code, err) == (1, "")
    assert out == (
        "knowledge/bomb.yaml:5:8: aliases here expand the file beyond 10,000 values "
        "(write the values out instead of using *aliases; see docs/limits.md)\n"
        "1 error(s), 0 warning(s)\n"
    )


def test_a_kb_file_or_facts_file_over_4_mib_is_not_read(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    root = tmp_path / "kb"
    shutil.copytree(MINI_KB, root)
    (root / "knowledge" / "huge.yaml").write_text("# padding\n" * 500_000)
    code, out, _ = run(capsys, "kb", "check", "--kb", str(root))
    assert (code, out) == (
        1,
        "knowledge/huge.yaml:1:1: the file is bigger than 4 MiB (see docs/limits.md)\n"
        "1 error(s), 0 warning(s)\n",
    )
    code, _, err = diagnose(capsys, "--facts", "/dev/zero")
    assert (code, err) == (
        2,
        "posdoctor: error: /dev/zero: the file is bigger than 4 MiB (see docs/limits.md)\n",
    )


def test_a_kb_manifest_that_is_not_utf8_is_a_problem(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    root = tmp_path / "kb"
    shutil.copytree(MINI_KB, root)
    (root / "kb.yaml").write_bytes(b"\xff\xfe extends: bundled\n")
    code, out, _ = run(capsys, "kb", "check", "--kb", str(root))
    assert (code, out.splitlines()[0]) == (
        1,
        "kb.yaml:0:0: cannot read file: not UTF-8 (invalid start byte)",
    )


# ---- 2. deep nesting --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("deep.json", deep_json(), "1:101"),
        ("deep.json", '{"facts": {"a": ' + deep_json(5000) + "}}", "1:115"),
        ("deep.yaml", "a: " + "[" * 990 + "]" * 990 + "\n", "1:103"),
        ("deep.yaml", "a: " + "{a: " * 600 + "1" + "}" * 600 + "\n", "1:400"),
    ],
)
def test_deep_nesting_is_refused_in_one_line(
    capsys: pytest.CaptureFixture, tmp_path: Path, name: str, text: str, where: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    code, out, err = diagnose(capsys, "--facts", str(path))
    assert (code, out) == (2, "")
    assert err == f"posdoctor: error: {path}:{where}: nested more than {MAX_DEPTH} levels deep\n"


def test_nesting_up_to_the_bound_is_read() -> None:
    text = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert read_yaml(text, "f.yaml").problems == []
    assert [p.message for p in read_yaml("[" + text + "]", "f.yaml").problems] == [
        "nested more than 100 levels deep"
    ]


# ---- 7. messages about fact files and numbers -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "where", "got"),
    [
        ("facts.json", '{\n  "facts": [1]\n}\n', "2:3", "a list"),
        ("facts.yaml", "facts:\n  - 1\n", "2:3", "a list"),
        ("facts.yaml", "facts: yes please\n", "1:8", "text"),
    ],
)
def test_a_facts_key_that_is_not_a_mapping_says_so(
    capsys: pytest.CaptureFixture, tmp_path: Path, name: str, text: str, where: str, got: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    code, _, err = diagnose(capsys, "--facts", str(path))
    assert (code, err) == (
        2,
        f"posdoctor: error: {path}:{where}: facts: must map fact ids to values, "
        f"e.g. facts: {{some_fact: true}} (got {got})\n",
    )
    code, _, err = diagnose(capsys, "--lang", "zh", "--facts", str(path))
    assert err.startswith(f"posdoctor: error: {path}:{where}：facts：应是 事实名称 → 值 的映射")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fact", "storage_free_mb=1e309"], "'storage_free_mb': 1e309 is too large"),
        (["--fact", "storage_free_mb=-inf"], "'storage_free_mb': -inf is too large"),
        (["--facts", "inf.json"], "inf.json:1:2: 'storage_free_mb': 1e309 is too large"),
        (["--facts", "inf.yaml"], "inf.yaml:1:18: 'storage_free_mb': 1e309 is too large"),
        (
            ["--facts", "big.json"],
            "big.json:1:2: 'storage_free_mb': 10000000000000000000… (5,001 characters) is too large",
        ),
    ],
)
def test_a_number_too_large_shows_what_was_typed(
    capsys: pytest.CaptureFixture,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("inf.json").write_text('{"storage_free_mb": 1e309}')
    Path("inf.yaml").write_text("storage_free_mb: 1e309\n")
    Path("big.json").write_text('{"storage_free_mb": 1' + "0" * 5000 + "}")
    code, _, err = diagnose(capsys, *args)
    assert (code, err) == (
        2,
        f"posdoctor: error: {message}: a number must be finite and at most 1e15\n",
    )


def test_nan_is_not_a_number(capsys: pytest.CaptureFixture) -> None:
    code, _, err = diagnose(capsys, "--fact", "storage_free_mb=nan")
    assert (code, err) == (2, "posdoctor: error: 'storage_free_mb': nan is not a number\n")
