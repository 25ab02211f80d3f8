"""Validator fixtures: each broken addition to the small test KB, and the exact messages it gets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from posdoctor import check_knowledge_base, load_knowledge_base
from posdoctor.cli import main
from posdoctor.kb.problems import KnowledgeBaseError

from .conftest import MINI_KB

CASES = {
    "yaml-syntax": (
        "rules/extra.yaml",
        "rules:\n  - id: x\n    when: [\n",
        ["rules/extra.yaml:4:1: YAML syntax error: did not find expected node content"],
    ),
    "tab": (
        "knowledge/extra.yaml",
        "facts:\n\t- id: x\n",
        ["knowledge/extra.yaml:2:1: tab character in indentation (indent with spaces)"],
    ),
    "duplicate-key": (
        "rules/extra.yaml",
        """rules:
  - id: net-down-2
    when: {fact: network_connected, is: false}
    then: {supports: network_outage, strength: weak}
    then: {supports: dns_failure, strength: weak}
""",
        [
            "rules/extra.yaml:5:5: rules[0] (net-down-2) > then: duplicate key 'then' "
            "(first defined at line 4)"
        ],
    ),
    "yaml11-boolean": (
        "rules/extra.yaml",
        """rules:
  - id: net-down-2
    when: {fact: network_connected, is: no}
    then: {supports: network_outage, strength: weak}
""",
        [
            "rules/extra.yaml:3:41: rules[0] (net-down-2) > when > is: ambiguous boolean 'no' "
            "(write true or false; quote it if you mean the text)"
        ],
    ),
    "unknown-key": (
        "rules/extra.yaml",
        """rules:
  - id: net-down-2
    when: {fact: network_connected, is: false}
    than: {supports: network_outage, strength: weak}
""",
        [
            "rules/extra.yaml:2:5: rules[0] (net-down-2): missing required key 'then'",
            "rules/extra.yaml:4:5: rules[0] (net-down-2) > than: unknown key 'than' "
            "(did you mean 'then'?)",
        ],
    ),
    "wrong-type": (
        "knowledge/extra.yaml",
        """steps:
  - id: wait_a_bit
    title: {zh: 等待, en: Wait}
    do: [{zh: 等待, en: Wait}]
    minutes: soon
    verify: {zh: 重试, en: Retry}
""",
        [
            "knowledge/extra.yaml:5:14: steps[0] (wait_a_bit) > minutes: must be a number "
            "(got text 'soon')"
        ],
    ),
    "duplicate-id": (
        "knowledge/extra.yaml",
        """teams:
  - id: dns_failure
    name: {zh: 团队, en: Team}
""",
        [
            "knowledge/extra.yaml:2:9: teams[0] (dns_failure) > id: duplicate id 'dns_failure' "
            "(first defined as a cause at knowledge/base.yaml:87)"
        ],
    ),
    "unknown-reference": (
        "rules/extra.yaml",
        """rules:
  - id: dns-2
    when: {fact: dns_resolve_update_host, is: false}
    then: {supports: dns_failures, strength: weak}
""",
        [
            "rules/extra.yaml:3:18: rules[0] (dns-2) > when > fact: unknown fact "
            "'dns_resolve_update_host' (did you mean 'dns_resolves_update_host'?)",
            "rules/extra.yaml:4:22: rules[0] (dns-2) > then > supports: unknown cause 'dns_failures' "
            "(did you mean 'dns_failure'?)",
        ],
    ),
    "invalid-regex": (
        "rules/extra.yaml",
        """rules:
  - id: msg
    when: {fact: error_message, matches: 'space ('}
    then: {supports: storage_full, strength: weak}
""",
        [
            "rules/extra.yaml:3:42: rules[0] (msg) > when > matches: invalid regular expression: "
            "missing ): space ("
        ],
    ),
    "unknown-category": (
        "knowledge/extra.yaml",
        """causes:
  - id: router_broken
    category: netwrok
    title: {zh: 路由器坏了, en: Router broken}
    description: {zh: 路由器坏了, en: The router is broken}
    prior: 0.01
    fixes: [{step: restart_router, success: 0.5}]
    escalate_to: network_provider
    source: {ref: seed}
""",
        [
            "knowledge/extra.yaml:3:15: causes[0] (router_broken) > category: unknown category "
            "'netwrok' (did you mean 'network'?)"
        ],
    ),
    "missing-language": (
        "knowledge/extra.yaml",
        """practices:
  - id: train_staff
    text: {zh: 培训员工}
""",
        ["knowledge/extra.yaml:3:11: practices[0] (train_staff) > text: missing en text"],
    ),
    "out-of-range": (
        "knowledge/extra.yaml",
        """causes:
  - id: router_broken
    category: network
    title: {zh: 路由器坏了, en: Router broken}
    description: {zh: 路由器坏了, en: The router is broken}
    prior: 1.5
    fixes: [{step: restart_router, success: 0.5}]
    escalate_to: network_provider
    source: {ref: seed}
""",
        [
            "knowledge/extra.yaml:6:12: causes[0] (router_broken) > prior: must be in (0, 1) "
            "(got 1.5)"
        ],
    ),
    "cause-never-concluded": (
        "knowledge/extra.yaml",
        """causes:
  - id: router_broken
    category: network
    title: {zh: 路由器坏了, en: Router broken}
    description: {zh: 路由器坏了, en: The router is broken}
    prior: 0.01
    fixes: [{step: restart_router, success: 0.5}]
    escalate_to: network_provider
    source: {ref: seed}
""",
        [
            "knowledge/extra.yaml:2:9: causes[0] (router_broken) > id: no rule can conclude cause "
            "'router_broken' (add a rule that supports it)"
        ],
    ),
    "fact-never-used": (
        "knowledge/extra.yaml",
        """facts:
  - id: battery_pct
    type: number
    unit: "%"
    label: {zh: 电量, en: Battery}
    question: {zh: 电量多少？, en: Battery level?}
    check: [{zh: 看电池图标, en: Look at the battery icon}]
    cost: 1
""",
        [
            "knowledge/extra.yaml:2:9: facts[0] (battery_pct) > id: fact 'battery_pct' is not used "
            "by any rule (use it in a rule's 'when' or remove it)"
        ],
    ),
    "never-holds": (
        "rules/extra.yaml",
        """rules:
  - id: impossible
    when:
      - {fact: packet_loss_pct, gt: 50}
      - {fact: packet_loss_pct, lt: 20}
    then: {supports: unstable_connection, strength: weak}
  - id: beyond-range
    when: {fact: packet_loss_pct, gt: 150}
    then: {supports: unstable_connection, strength: weak}
  - id: no-such-value
    when: {fact: update_stage_failed, is: reboot}
    then: {supports: unstable_connection, strength: weak}
""",
        [
            "rules/extra.yaml:4:7: rules[0] (impossible) > when: the conditions can never hold: no "
            "value of 'packet_loss_pct' in its range passes all of its tests together",
            "rules/extra.yaml:8:11: rules[1] (beyond-range) > when: bound 150 is outside the range of "
            "'packet_loss_pct' [0, 100]",
            "rules/extra.yaml:11:43: rules[2] (no-such-value) > when > is: 'reboot' is not a value of "
            "'update_stage_failed' (values: download, install)",
        ],
    ),
    "conflicting-rules": (
        "rules/extra.yaml",
        """rules:
  - id: no-network-2
    when: {fact: network_connected, is: false}
    then: {opposes: network_outage, strength: weak}
""",
        [
            "rules/rules.yaml:5:7: rules[0] (no-network) > then: rules no-network-2, no-network both "
            "support and oppose 'network_outage' on the same conditions"
        ],
    ),
}


def copy_mini(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(MINI_KB, root)
    return root


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_kb_gets_exact_messages(tmp_path: Path, name: str) -> None:
    path, text, expected = CASES[name]
    root = copy_mini(tmp_path)
    (root / path).write_text(text, encoding="utf-8")
    kb, problems = check_knowledge_base(root)
    assert kb is None
    assert [str(p) for p in problems if p.severity == "error"] == expected


def test_clean_kb_passes(tmp_path: Path) -> None:
    kb, problems = check_knowledge_base(copy_mini(tmp_path))
    assert kb is not None
    assert [p for p in problems if p.severity == "error"] == []


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    for name in ("unknown-reference", "unknown-category", "missing-language"):
        path, text, _ = CASES[name]
        (root / path.replace("extra", name)).write_text(text, encoding="utf-8")
    _, problems = check_knowledge_base(root)
    assert len([p for p in problems if p.severity == "error"]) == 4


def test_kb_check_command_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = copy_mini(tmp_path)
    assert main(["kb", "check", "--kb", str(root)]) == 0
    assert capsys.readouterr().out.startswith("ok: 4 causes, 7 facts, 11 rules")
    (root / "rules" / "extra.yaml").write_text(CASES["unknown-reference"][1], encoding="utf-8")
    assert main(["kb", "check", "--kb", str(root)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "2 error(s), 0 warning(s)"


def test_kb_check_on_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["kb", "check", "--kb", str(tmp_path / "nope")]) == 1
    assert capsys.readouterr().out.startswith(
        f"{tmp_path / 'nope'}:0:0: not a folder (--kb takes a folder holding knowledge/ and rules/)"
    )


def test_causes_no_answer_can_separate_are_flagged(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    (root / "knowledge" / "extra.yaml").write_text(
        """causes:
  - id: isp_outage
    category: network
    title: {zh: 运营商故障, en: Provider outage}
    description: {zh: 运营商网络故障, en: The provider's network is down}
    prior: 0.01
    fixes: [{step: restart_router, success: 0.1}]
    escalate_to: network_provider
    source: {ref: seed}
""",
        encoding="utf-8",
    )
    rules = (root / "rules" / "rules.yaml").read_text(encoding="utf-8")
    rules = rules.replace(
        "      - {supports: network_outage, strength: very_strong}\n",
        "      - {supports: network_outage, strength: very_strong}\n"
        "      - {supports: isp_outage, strength: very_strong}\n",
    )
    rules = rules.replace(
        "    then: {rules_out: network_outage}",
        "    then: [{rules_out: network_outage}, {rules_out: isp_outage}]",
    )
    (root / "rules" / "rules.yaml").write_text(rules, encoding="utf-8")
    kb, problems = check_knowledge_base(root)
    assert kb is not None
    assert [str(p) for p in problems if "tell cause" in p.message] == [
        "knowledge/extra.yaml:2:9: causes[0] (isp_outage) > id: warning: no answer can tell cause "
        "'isp_outage' from 'network_outage': every rule treats them alike (add a rule with a fact "
        "that separates them)"
    ]


SIGNATURE = """signatures:
  - id: curl-7
    pattern: '{pattern}'
    sets: {{network_connected: false}}
    examples: ['curl: (7) Failed to connect to tms.example.com port 443']
    source: {{ref: curl-errors}}
"""


def test_signature_examples_are_tested_by_kb_check(tmp_path: Path) -> None:
    """A KB that runs needs its patterns to parse; whether each example matches its pattern is
    a test of the KB itself, which `kb check` runs and loading skips (docs/performance.md)."""
    root = copy_mini(tmp_path)
    text = SIGNATURE.format(pattern="curl: \\(7\\) Could not connect")
    (root / "knowledge" / "extra.yaml").write_text(text, encoding="utf-8")
    kb, problems = check_knowledge_base(root)
    assert kb is None
    assert [str(p) for p in problems if p.severity == "error"] == [
        "knowledge/extra.yaml:5:16: signatures[0] (curl-7) > examples[0]: the pattern does not "
        "match this example (fix the pattern or the example)"
    ]
    loaded = load_knowledge_base(root, cache=False)
    assert [s.id for s in loaded.signatures] == ["curl-6", "enospc", "curl-7"]


def test_signature_patterns_are_parsed_on_load(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    text = SIGNATURE.format(pattern="curl: \\(7\\) (Failed")
    (root / "knowledge" / "extra.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(root, cache=False)
    assert [str(p) for p in caught.value.problems] == [
        "knowledge/extra.yaml:3:14: signatures[0] (curl-7) > pattern: invalid regular expression: "
        "missing ): curl: \\(7\\) (Failed"
    ]


def test_a_pattern_too_big_to_compile_is_refused_on_load(tmp_path: Path) -> None:
    """Parsing cannot tell a program's size: a pattern that may be big is compiled on load."""
    root = copy_mini(tmp_path)
    (root / "knowledge" / "extra.yaml").write_text(
        SIGNATURE.format(pattern="\\pL{1000}"), encoding="utf-8"
    )
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(root, cache=False)
    assert [str(p) for p in caught.value.problems] == [
        "knowledge/extra.yaml:3:14: signatures[0] (curl-7) > pattern: invalid regular expression: "
        "pattern too large - compile failed"
    ]
