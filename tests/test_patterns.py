"""KB patterns run on RE2: linear time, lookarounds refused, and the rewritten patterns unchanged.

tests/data/re2_rewrites.yaml lists every bundled pattern that had to be rewritten for RE2 (its
lookarounds, and the \\b and \\d that RE2 reads as ASCII-only), as it was and as it is. The tests
below prove each rewrite matches exactly the lines the old pattern matched under Python's ``re``:
on every line of the dev log corpus (tests/logs), every signature example, every error message of
the cases, and on texts hypothesis builds from the patterns' own words and awkward characters.
"""

from __future__ import annotations

import re
import shutil
import time
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from posdoctor import Doctor, check_knowledge_base
from posdoctor.cli import main
from posdoctor.kb.conditions import atoms_of
from posdoctor.kb.model import KnowledgeBase
from posdoctor.kb.patterns import PatternError, check_pattern, compile_pattern, keyword, problem
from posdoctor.logs.logscan import LogScanner

from .conftest import MINI_KB, TESTS

REWRITES = yaml.safe_load((TESTS / "data" / "re2_rewrites.yaml").read_text(encoding="utf-8"))[
    "rewrites"
]
# Python's re and RE2 disagree on these characters whatever the pattern: Python's IGNORECASE
# matches the Turkish dotted I (U+0130) and dotless i (U+0131) to i and I, RE2's case folding does
# not; RE2 folds U+0345 (a combining Greek mark) to iota, so it is a letter for (?i)\pL.
KNOWN_DIFFERENCES = {"\u0130", "\u0131", "\u0345"}


def corpus_lines(kb: KnowledgeBase) -> list[str]:
    """The dev corpus: log lines, signature examples, and the cases' error messages."""
    lines: list[str] = []
    for path in sorted((TESTS / "logs").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            lines.extend(case["log"].splitlines())
    for sig in kb.signatures:
        lines.extend(sig.examples)
    for path in sorted((TESTS / "cases").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        lines.extend(m.group(1) for m in re.finditer(r"error_message: (.+)", text))
    return lines


def kb_patterns(kb: KnowledgeBase) -> set[str]:
    """Every pattern the KB holds: signatures' and rules' ``matches``."""
    found = {s.pattern for s in kb.signatures}
    for rule in kb.rules:
        found.update(a.value for a in atoms_of(rule.when) if a.op == "matches")
    return found


def old_search(pattern: str, text: str) -> bool:
    return re.search(pattern, text, re.IGNORECASE) is not None


def new_search(pattern: str, text: str) -> bool:
    return compile_pattern(pattern).search(text) is not None


# ---- the rewrites ------------------------------------------------------------------------------


def test_every_rewrite_is_in_the_kb_and_no_pattern_needs_python_re(kb: KnowledgeBase) -> None:
    held = kb_patterns(kb)
    assert len(REWRITES) == 64  # 76 rewritten; 12 of those signatures were removed since
    for row in REWRITES:
        assert row["new"] in held, row
        assert row["old"] not in held, row
    for pattern in held:  # RE2 compiles each, and none keeps a construct RE2 reads otherwise
        assert problem(pattern) is None, pattern
        assert not re.search(r"\\[bBdDwWsS]", pattern), pattern


def test_rewrites_match_the_same_corpus_lines(kb: KnowledgeBase) -> None:
    lines = corpus_lines(kb)
    assert len(lines) > 1500
    matched = 0
    for row in REWRITES:
        for line in lines:
            assert old_search(row["old"], line) == new_search(row["new"], line), (row, line)
            matched += old_search(row["old"], line)
    assert matched > 100  # the comparison saw the patterns match, not only miss


def _pieces(pattern: str) -> list[str]:
    """Words of a pattern and their halves, to build texts that nearly match it."""
    words = [w for w in re.split(r"[\\()\[\]|?*+.^$!<:{}]+", pattern) if w]
    halves = [w[: len(w) // 2] for w in words] + [w[len(w) // 2 :] for w in words]
    awkward = [" ", "a", "Z", "0", "9", "_", ":", "-", "名", "签", "已", "５", "\u3000", "é", "\n"]
    return words + halves + awkward + sorted(KNOWN_DIFFERENCES - {"\u0130", "\u0131"})


@pytest.mark.parametrize("row", REWRITES, ids=lambda r: f"{r['file']}:{r['id']}")
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_rewrite_agrees_with_the_old_pattern_on_near_misses(row: dict, data: st.DataObject) -> None:
    text = "".join(data.draw(st.lists(st.sampled_from(_pieces(row["old"])), max_size=12)))
    if not KNOWN_DIFFERENCES.intersection(text):
        assert old_search(row["old"], text) == new_search(row["new"], text)


@pytest.mark.parametrize(
    ("python", "re2"),
    [(r"\w", r"[\pL\pN_]"), (r"\d", r"\p{Nd}"), (r"[A-Za-z]", r"[A-Za-z]"), (r"[a-z]", r"[a-z]")],
)
def test_the_classes_used_by_the_rewrites_agree_on_every_assigned_character(
    python: str, re2: str
) -> None:
    """\\b became (?:^|[^\\pL\\pN_]), \\d became \\p{Nd}: the same characters, but the three known."""
    old, new = re.compile(python, re.IGNORECASE), compile_pattern(re2)
    differ = {
        chr(c)
        for c in range(0x110000)
        if unicodedata.category(chr(c)) not in ("Cn", "Cs")
        and (old.match(chr(c)) is None) != (new.search(chr(c)) is None)
    }
    assert differ <= KNOWN_DIFFERENCES


# ---- linear time and refusals ------------------------------------------------------------------


def copy_mini(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(MINI_KB, root)
    return root


CATASTROPHIC = """rules:
  - id: msg
    when: {fact: error_message, matches: '^(a+)+$'}
    then: {supports: storage_full, strength: weak}
"""


def test_a_catastrophic_pattern_runs_in_linear_time(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    (root / "rules" / "extra.yaml").write_text(CATASTROPHIC, encoding="utf-8")
    kb, problems = check_knowledge_base(root)
    assert kb is not None, problems
    doctor = Doctor(kb)
    started = time.perf_counter()
    for n in (38, 1000, 100_000):  # Python's re needs minutes for 38 characters
        doctor.diagnose({"error_message": "a" * n + "!"})
    assert time.perf_counter() - started < 5
    assert compile_pattern("^(a+)+$").search("a" * 38 + "!") is None
    assert compile_pattern("^(a+)+$").search("a" * 38) is not None


def test_a_catastrophic_signature_scans_a_log_in_linear_time(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    base = (root / "knowledge" / "base.yaml").read_text(encoding="utf-8")
    base = base.replace("pattern: 'No space left on device'", "pattern: '(x+x+)+y|No space'")
    (root / "knowledge" / "base.yaml").write_text(base, encoding="utf-8")
    kb, problems = check_knowledge_base(root)
    assert kb is not None, problems
    started = time.perf_counter()
    ev = LogScanner(kb).scan_lines(["x" * 5000, "No space left on device"])
    assert time.perf_counter() - started < 2
    assert ev.facts == {"storage_free_mb": 0}


REFUSED = {
    "lookbehind": (
        "(?<!certificate )signature",
        "rules/extra.yaml:3:42: rules[0] (msg) > when > matches: the linear-time engine (RE2) "
        "cannot run lookarounds ('(?<!' here) (RE2 has no lookarounds: write "
        "X(?!Y) as X(?:$|[^Y]) and (?<!Y)X as (?:^|[^Y])X (for a word Y, one branch per "
        "letter), X(?=Y) as XY; see docs/limits.md)",
    ),
    "lookahead": (
        "kNoUpdate(?![A-Za-z])",
        "rules/extra.yaml:3:42: rules[0] (msg) > when > matches: the linear-time engine (RE2) "
        "cannot run lookarounds ('(?!' here) (RE2 has no lookarounds: write "
        "X(?!Y) as X(?:$|[^Y]) and (?<!Y)X as (?:^|[^Y])X (for a word Y, one branch per "
        "letter), X(?=Y) as XY; see docs/limits.md)",
    ),
    "backreference": (
        "(a)\\1",
        "rules/extra.yaml:3:42: rules[0] (msg) > when > matches: the linear-time engine (RE2) "
        "cannot run backreferences ('\\1' here) (RE2 has no backreferences "
        "(\\1, (?P=name)): write the repeated text out)",
    ),
    "too-big": (
        "((a{100}){100}){100}",
        "rules/extra.yaml:3:42: rules[0] (msg) > when > matches: invalid regular expression: "
        "invalid repetition size: {100}",
    ),
    "too-large": (  # over MAX_PROGRAM (8 MiB) once compiled
        "\\pL{1000}",
        "rules/extra.yaml:3:42: rules[0] (msg) > when > matches: invalid regular expression: "
        "pattern too large - compile failed",
    ),
}


@pytest.mark.parametrize("name", REFUSED)
def test_kb_check_refuses_what_re2_cannot_run(tmp_path: Path, name: str) -> None:
    pattern, expected = REFUSED[name]
    root = copy_mini(tmp_path)
    text = CATASTROPHIC.replace("'^(a+)+$'", "'" + pattern + "'")
    (root / "rules" / "extra.yaml").write_text(text, encoding="utf-8")
    kb, problems = check_knowledge_base(root)
    assert kb is None
    assert [str(p) for p in problems if p.severity == "error"] == [expected]


def test_kb_check_refuses_a_lookaround_signature_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    root = copy_mini(tmp_path)
    base = (root / "knowledge" / "base.yaml").read_text(encoding="utf-8")
    base = base.replace("pattern: 'No space left on device'", "pattern: '(?<!No )space'")
    (root / "knowledge" / "base.yaml").write_text(base, encoding="utf-8")
    assert main(["kb", "check", "--kb", str(root)]) == 1
    out = capsys.readouterr().out.splitlines()
    line = base.splitlines().index("    pattern: '(?<!No )space'") + 1
    assert out[0] == (
        f"knowledge/base.yaml:{line}:14: signatures[1] (enospc) > pattern: the linear-time "
        "engine (RE2) cannot run lookarounds ('(?<!' here) (RE2 has no lookarounds: write "
        "X(?!Y) as X(?:$|[^Y]) and (?<!Y)X as (?:^|[^Y])X (for a word Y, one branch per "
        "letter), X(?=Y) as XY; see docs/limits.md)"
    )
    assert out[-1] == "1 error(s), 0 warning(s)"


def test_pattern_error_carries_message_and_hint() -> None:
    with pytest.raises(PatternError) as caught:
        compile_pattern("a(?=b)")
    assert caught.value.message.startswith("the linear-time engine (RE2) cannot run lookarounds")
    assert caught.value.hint.startswith("RE2 has no lookarounds")
    assert problem("a(?:b|c)") is None


# ---- the log scanner's keywords ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("kNoUpdate(?:$|[^A-Za-z])", "knoupdate"),
        ("(?:^|[^:])Unsupported protocol", "unsupported protocol"),
        ("a|Unsupported protocol", ""),  # an alternation at the top: no literal is certain
        ("[(]Unsupported", "unsupported"),  # a '(' inside a class opens no group
        ("errors?", "error"),
        ("(?i)Foo bar", ""),
        ("curl: \\(6\\) Could not", "curl: (6) could not"),
    ],
)
def test_keyword_is_a_literal_every_match_contains(pattern: str, expected: str) -> None:
    assert keyword(pattern) == expected


def test_every_signature_keyword_is_in_its_examples(kb: KnowledgeBase) -> None:
    with_keyword = 0
    for sig in kb.signatures:
        word = keyword(sig.pattern)
        with_keyword += bool(word)
        for example in sig.examples:
            assert word in example.lower(), (sig.id, word, example)
    assert with_keyword > 0.9 * len(kb.signatures)  # the rewrites kept their keywords


_PIECES = [
    "a",
    "(",
    ")",
    "(?:",
    "[",
    "]",
    "^",
    "-",
    "\\",
    "\\d",
    "*",
    "+",
    "?",
    "|",
    "{2}",
    "{1,",
    "}",
    "(?=",
    "(?P<g>",
    "\\1",
    "\\pL",
    "é",
    "$",
    ".",
    "x{1000}",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=10).map("".join))
def test_parsing_a_pattern_refuses_exactly_what_compiling_refuses(text: str) -> None:
    """The parse-only check on load refuses a pattern iff RE2 cannot compile it, same words."""
    try:
        compile_pattern(text)
        compiled = None
    except PatternError as exc:
        compiled = (exc.message, exc.hint)
    try:
        check_pattern(text)
        checked = None
    except PatternError as exc:
        checked = (exc.message, exc.hint)
    assert checked == compiled
