"""`kb check --lang zh` says every problem in Chinese: the checker's own, libyaml's and PyYAML's
reasons for a file they cannot read, a value PyYAML refuses, and RE2's reasons for a pattern.

One broken KB per problem kind goes through the real command; what is left of each line once
the place, the key path, quoted text and the words allowed below are taken out must hold no
ASCII word. The library reasons are also checked against their sources: every string libyaml
(as PyYAML's bundled _yaml module ships it) can report is said by an entry."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from posdoctor import check_knowledge_base
from posdoctor.cli import main
from posdoctor.kb import yamlfile
from posdoctor.kb.items import RULE_SECTIONS, SECTIONS
from posdoctor.kb.library_words import RE2_REASONS, YAML_REASONS
from posdoctor.kb.problem_words import PROBLEMS, problem_text, say_entry
from posdoctor.kb.schema import ATOM_OPS
from posdoctor.messages import MESSAGES, say

from .conftest import MINI_KB
from .test_validate import CASES as VALIDATOR_CASES

# A YAML file for each reason libyaml gives (the reason is in the name).
YAML_CASES = {
    "cannot-start-any-token": "a: @x\n",
    "mapping-values-not-allowed": "a: b: c\n",
    "expected-comma-or-brace": "{a: 1, b\n",
    "expected-key": "a: 1\n- b\n",
    "unknown-escape": 'a: "\\q"\n',
    "invalid-unicode-escape": 'a: "\\ud800"\n',
    "expected-hex": 'a: "\\xZZ"\n',
    "end-of-stream": "a: 'abc\n",
    "document-indicator": "a: 'abc\n---\n'\n",
    "undefined-alias": "a: *x\n",
    "duplicate-anchor": "a: &x 1\nb: &x 2\n",
    "another-document": "a: 1\n---\nb: 2\n",
    "expected-comma-or-bracket": "a: [1, 2\nb: 3\n",
    "duplicate-yaml-directive": "%YAML 1.1\n%YAML 1.1\n---\na: 1\n",
    "incompatible-document": "%YAML 2.0\n---\na: 1\n",
    "undefined-tag-handle": "a: !y!z 1\n",
    "duplicate-tag-directive": "%TAG !a! tag:x,1:\n%TAG !a! tag:x,1:\n---\na: 1\n",
    "unknown-directive": "%FOO\n---\na: 1\n",
    "expected-directive-name": "%\n---\na: 1\n",
    "expected-version": "%YAML x\n---\na: 1\n",
    "long-version": "%YAML 1234567890.1\n---\na: 1\n",
    "expected-digit-or-dot": "%YAML 1x1\n---\na: 1\n",
    "expected-comment-after-directive": "%YAML 1.1x\n---\na: 1\n",
    "expected-bang": "%TAG a tag:x\n---\na: 1\n",
    "expected-tag-uri": "a: !<> 1\n",
    "expected-gt": "a: !<tag:x 1\n",
    "uri-escaped-octet": "a: !<tag:%zz> 1\n",
    "expected-alphanumeric": "a: &  1\n",
    "indentation-indicator-0": "a: |0\n  x\n",
    "expected-comment-after-indicator": "a: |x\n  x\n",
    "control-character": "a: \x01\n",
    "unexpected-colon": "a: [b:c:]\n",
    "nesting-depth": "a: " + "[" * 1100 + "]" * 1100 + "\n",
    "expected-dash": "a:\n  - 1\n  b: 2\n",
    "node-content": "rules:\n  - id: x\n    when: [\n",
    # values PyYAML's SafeConstructor refuses
    "not-a-date": "facts:\n  - id: x\n    type: 2020-13-45\n",
    "not-an-int": "facts:\n  - id: x\n    type: !!int abc\n",
    "not-a-bool": "facts:\n  - id: x\n    type: !!bool maybe\n",
    "not-base64": 'facts:\n  - id: x\n    type: !!binary "\u00e9"\n',
    "unknown-tag": "facts:\n  - id: x\n    type: !foo bar\n",
    "not-a-mapping-node": "facts:\n  - id: x\n    type: !!map bar\n",
    "not-a-sequence": "facts:\n  - id: x\n    type: !!omap bar\n",
}

# A rule's pattern for each reason RE2 gives (RE2's kBadCharClass, kBadUTF8 and kInternalError
# cannot be reached from a YAML text).
RE2_CASES = {
    "invalid-escape": r"a\q",
    "invalid-range": "[z-a]",
    "missing-bracket": "[a",
    "missing-paren": "(a",
    "unexpected-paren": "a)",
    "trailing-backslash": "a\\",
    "no-repeat-argument": "*a",
    "repeat-size": "a{1001}",
    "repeat-operator": "a**",
    "perl-operator": "(?z)",
    "named-capture": "(?P<a-b>x)",
    "too-large": r"\pL{1000}",
    "lookaround": "(?<!a)b",
    "backreference": r"(a)\1",
}

# Problems of a whole file, and of what a checker names or suggests.
FILE_CASES = {
    "section-of-knowledge": ("rules/extra.yaml", "facts: []\n"),
    "section-of-rules": ("knowledge/extra.yaml", "rules: []\n"),
    "unknown-section": ("rules/extra.yaml", "nope: []\n"),
    "not-a-mapping": ("rules/extra.yaml", "- a\n"),
    "unknown-key": ("rules/extra.yaml", "rules:\n  - id: x\n    whenever: 1\n"),
    "unknown-op": (
        "rules/extra.yaml",
        "rules:\n  - id: x\n    when: {fact: network_connected, iz: 1}\n"
        "    then: {supports: dns_failure, strength: weak}\n",
    ),
    "no-when": (
        "rules/extra.yaml",
        "rules:\n  - id: x\n    then: {supports: dns_failure, strength: weak}\n",
    ),
    "no-then": (
        "rules/extra.yaml",
        "rules:\n  - id: x\n    when: {fact: network_connected, is: true}\n",
    ),
    "a-folder": ("rules/extra.yaml/", ""),
    "too-big": ("rules/extra.yaml", "# " + "x" * (4 << 20) + "\n"),
    "not-utf8": ("rules/extra.yaml", b"rules: []\n# \xff\n"),
}

RULE = """rules:
  - id: x
    when: {{fact: error_message, matches: '{pattern}'}}
    then: {{supports: dns_failure, strength: weak}}
"""

ALLOWED = {  # names that are the same in Chinese: formats, engines, units, syntax, files
    "YAML", "RE2", "UTF-8", "UTF-16", "URI", "Unicode", "ASCII", "base64", "Perl", "MiB",
    "TAG", "id", "durable-rules", "docs", "limits.md", "true", "false", "X", "Y", "XY", "en", "zh",
}  # fmt: skip
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`")
FILES = re.compile(r"[\w./-]+\.yaml(?::\d+)*|#x[0-9a-f]+")  # a KB file, a character code
SYNTAX = re.compile(r"\(\?P=\w+\)")  # regex syntax a hint shows: (?P=name)
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*")


def _all_cases() -> dict[str, tuple[str, str]]:
    """Every broken KB file: the validator's fixtures, the YAML reasons, the RE2 reasons."""
    cases = {f"validate-{k}": (path, text) for k, (path, text, _) in VALIDATOR_CASES.items()}
    for name, text in YAML_CASES.items():
        cases[f"yaml-{name}"] = (
            "knowledge/extra.yaml" if "facts:" in text else "rules/extra.yaml",
            text,
        )
    for name, pattern in RE2_CASES.items():
        cases[f"re2-{name}"] = ("rules/extra.yaml", RULE.format(pattern=pattern))
    return cases | {f"file-{k}": v for k, v in FILE_CASES.items()}


CASES: dict[str, tuple[str, str | bytes]] = _all_cases()


def english_left(line: str, paths: set[str], ids: set[str], written: str = "") -> list[str]:
    """The ASCII words of a problem line outside its place, its key path, quoted text, files,
    the KB's ids, the ALLOWED names and the piece of what was ``written`` RE2 quotes."""
    rest = re.sub(r"^\S+?:\d+:\d+: ", "", line)
    head, _, tail = rest.rpartition("：")
    rest = head if "正则表达式" in head and tail and tail in written else rest
    for path in sorted(paths, key=len, reverse=True):
        if path and rest.startswith(f"{path}: "):
            rest = rest[len(path) + 2 :]
            break
    rest = SYNTAX.sub(" ", FILES.sub(" ", QUOTED.sub(" ", rest)))
    return [w for w in WORD.findall(rest) if w not in ALLOWED and w not in ids]


# The KB's own words, which a hint names as they are written: sections, folders, operators.
KB_WORDS = {*SECTIONS, *RULE_SECTIONS, *ATOM_OPS, "knowledge", "section"}


def kb_ids(root: Path) -> set[str]:
    """The ids written in a KB's files (a message names facts and causes by id), and KB_WORDS."""
    files = [p for p in root.rglob("*.yaml") if p.is_file()]
    text = "\n".join(p.read_bytes().decode("utf-8", "replace") for p in files)
    ids = set(re.findall(r"\bid: ([\w.\-]+)", text)) | set(re.findall(r"\b(\w+_\w+)\b", text))
    return ids | KB_WORDS


def broken_kb(tmp_path: Path, path: str, text: str | bytes) -> Path:
    """The small test KB with ``text`` written at ``path`` (a folder when it ends in /)."""
    root = tmp_path / "kb"
    shutil.copytree(MINI_KB, root)
    if path.endswith("/"):
        (root / path).mkdir()
    elif isinstance(text, bytes):
        (root / path).write_bytes(text)
    else:
        (root / path).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("name", sorted(CASES))
def test_kb_check_says_every_problem_in_chinese(
    capsys: pytest.CaptureFixture, tmp_path: Path, name: str
) -> None:
    root = broken_kb(tmp_path, *CASES[name])
    _, problems = check_knowledge_base(root)
    assert main(["kb", "check", "--kb", str(root), "--lang", "zh"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].endswith("个警告") and len(lines) == len(problems) + 1
    paths, ids = {p.path for p in problems}, kb_ids(root)
    written = str(CASES[name][1])
    left = {line: english_left(line, paths, ids, written) for line in lines[:-1]}
    assert {line: words for line, words in left.items() if words} == {}


def test_the_pure_python_loaders_reasons_are_said_in_chinese(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """PyYAML without libyaml words its reasons differently (and accepts a few of the files
    libyaml refuses): what it says is said in Chinese too, and it raises nothing."""
    monkeypatch.setattr(yamlfile, "_Loader", yaml.SafeLoader)
    said = {}
    for name, text in YAML_CASES.items():
        for p in yamlfile.read_yaml(text, "rules/extra.yaml").problems:
            said[name] = problem_text(p, "zh")
    assert len(said) >= 36
    assert {
        n: t for n, t in said.items() if english_left(t, {"a", "facts[0] (x) > type"}, set())
    } == {}
    assert said["nesting-depth"] == "rules/extra.yaml:1:1: YAML 语法错误：超过了最大嵌套深度"
    assert said["control-character"] == (
        "rules/extra.yaml:1:4: YAML 语法错误：不可接受的字符 #x0001：不允许特殊字符"
    )


GOLDEN = {
    "yaml-end-of-stream": "rules/extra.yaml:2:1: YAML 语法错误：意外到达文件末尾",
    "yaml-duplicate-anchor": "rules/extra.yaml:2:4: YAML 语法错误：发现重复的锚点（第一次出现在第 1 行）",
    "yaml-control-character": "rules/extra.yaml:1:4: YAML 语法错误：不可接受的字符 #x0001：不允许控制字符",
    "yaml-expected-comma-or-brace": "rules/extra.yaml:2:1: YAML 语法错误：没有找到应有的 ',' 或 '}'",
    "yaml-not-a-date": "knowledge/extra.yaml:3:11: facts[0] (x) > type: 无法读取值："
    "'2020-13-45' 不是有效的日期或时间（如果指的是文字，请加引号）",
    "yaml-not-a-mapping-node": "knowledge/extra.yaml:3:11: facts[0] (x) > type: 无法读取值："
    "应为映射节点，但发现的是标量",
    "re2-repeat-size": "rules/extra.yaml:3:42: rules[0] (x) > when > matches: "
    "无效的正则表达式：无效的重复次数：{1001}",
    "re2-trailing-backslash": "rules/extra.yaml:3:42: rules[0] (x) > when > matches: "
    "无效的正则表达式：末尾多了一个 \\",
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_library_reasons_golden(capsys: pytest.CaptureFixture, tmp_path: Path, name: str) -> None:
    root = broken_kb(tmp_path, *CASES[name])
    main(["kb", "check", "--kb", str(root), "--lang", "zh"])
    assert GOLDEN[name] in capsys.readouterr().out.splitlines()


def _libyaml_strings() -> set[str]:
    """The problem texts in the libyaml that PyYAML's _yaml module is built with."""
    from yaml import _yaml

    data = Path(_yaml.__file__).read_bytes()
    texts = {t.decode() for t in re.findall(rb"[\x20-\x7e]{6,}", data)}
    reason = re.compile(
        r"(found |did not find |could not find |exceeded |incomplete |input (is|error)"
        r"|invalid (leading|trailing|length|Unicode)|(unexpected|expected) low"
        r"|control characters|(block sequence entries|mapping keys|mapping values) are)"
    )
    return {
        t
        for t in texts
        if reason.match(t) and "%" not in t.replace("%TAG", "").replace("%YAML", "")
    }


def test_every_libyaml_reason_has_an_entry() -> None:
    strings = _libyaml_strings()
    assert len(strings) >= 40  # the scan sees libyaml's texts (49 in libyaml 0.2.5)
    unsaid = sorted(s for s in strings if say_entry(YAML_REASONS, s, "zh") == s)
    assert unsaid == []


def _fields(text: str) -> list[str]:
    """The placeholders of an entry's text."""
    return re.findall(r"(?<!\{)\{(\w+)\}", text)


def test_every_yaml_and_re2_entry_is_said_in_chinese_and_read_back() -> None:
    fill = {
        "code": "0001",
        "yaml": "input error",
        "re2": "missing )",
        "node": "scalar",
        "value": "x",
    }
    zh = {"code": "0001", "yaml": "输入错误", "re2": "缺少 )", "node": "标量", "value": "x"}
    for keys in (YAML_REASONS, RE2_REASONS):
        for key in keys:
            english = MESSAGES[key]["en"]
            sample = english.format_map({f: fill.get(f, "'x'") for f in _fields(english)})
            said = say_entry(keys, sample, "zh")
            fields = {f: zh.get(f, "'x'") for f in _fields(english)}
            assert said == (say(key, "zh", **fields) if fields else say(key, "zh").format()), key
            words = english_left(said, set(), set())
            assert said != sample and words in ([], ["yaml_set_max_nest_level"]), (key, said)
    assert "kb_problem.cannot_read_value" in PROBLEMS


@pytest.mark.parametrize("raw", [b"\xff", b"\xc3\x28", b"\xe2\x82", b"\xed\xa0\x80", b"\xf8"])
def test_every_reason_of_pythons_utf8_decoder_has_an_entry(raw: bytes) -> None:
    from posdoctor.kb.library_words import CODEC_REASONS

    with pytest.raises(UnicodeDecodeError) as refused:
        raw.decode("utf-8")
    assert say_entry(CODEC_REASONS, refused.value.reason, "zh") != refused.value.reason
