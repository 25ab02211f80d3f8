"""A help desk's own knowledge on top of the bundled KB, without copying it; a loaded KB is frozen."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import posdoctor
from posdoctor.cli import main

EXTRA_CAUSE = """causes:
  - id: shop_vpn_blocks_tms
    category: security_policy
    title: {zh: 门店 VPN 拦截了 TMS, en: The shop's VPN blocks the TMS}
    description:
      zh: 门店路由器上的 VPN 把所有流量导向总部，总部防火墙没有放行 TMS 域名。
      en: "The shop router's VPN sends all traffic to head office, whose firewall does not allow the TMS host."
    prior: 0.01
    fixes: [{step: contact_support, success: 0.5}]
    escalate_to: security_team
    source: {ref: seed, section: 问题分析 4 安全限制}
facts:
  - id: shop_vpn_active
    type: boolean
    label: {zh: 门店 VPN 已开启, en: Shop VPN on}
    question: {zh: 门店路由器上开着 VPN 吗？, en: Is a VPN switched on in the shop's router?}
    check: [{zh: 登录路由器管理页面查看 VPN 状态, en: Log in to the router's admin page and look at the VPN status}]
    cost: 5
"""
EXTRA_RULES = """rules:
  - id: vpn-and-blocked
    when:
      - {fact: shop_vpn_active, is: true}
      - {fact: update_host_blocked, is: true}
    then: {supports: shop_vpn_blocks_tms, strength: strong}
"""


def own_kb(tmp_path: Path, manifest: str = "extends: bundled\n") -> Path:
    root = tmp_path / "desk"
    (root / "knowledge").mkdir(parents=True)
    (root / "rules").mkdir()
    (root / "kb.yaml").write_text(manifest, encoding="utf-8")
    (root / "knowledge" / "vpn.yaml").write_text(EXTRA_CAUSE, encoding="utf-8")
    (root / "rules" / "vpn.yaml").write_text(EXTRA_RULES, encoding="utf-8")
    return root


def test_own_causes_and_rules_on_top_of_the_bundled_kb(
    tmp_path: Path, kb: posdoctor.KnowledgeBase
) -> None:
    mine = posdoctor.load_knowledge_base(own_kb(tmp_path))
    assert len(mine.causes) == len(kb.causes) + 1 and len(mine.rules) == len(kb.rules) + 1
    result = posdoctor.Doctor(mine).diagnose({"shop_vpn_active": True, "update_host_blocked": True})
    assert "shop_vpn_blocks_tms" in [c.id for c in result.causes[:3]]


def test_own_kb_is_checked_with_the_bundled_one(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    root = own_kb(tmp_path)
    (root / "knowledge" / "dup.yaml").write_text(
        "teams:\n  - id: dns_failure\n    name: {zh: 重复, en: Duplicate}\n", encoding="utf-8"
    )
    assert main(["kb", "check", "--kb", str(root)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(
        "knowledge/dup.yaml:2:9: teams[0] (dns_failure) > id: duplicate id "
        "'dns_failure' (first defined as a cause at knowledge/causes/network.yaml:"
    )


def test_only_the_bundled_kb_can_be_extended(tmp_path: Path) -> None:
    root = own_kb(tmp_path, "extends: other\n")
    _, problems = posdoctor.check_knowledge_base(root)
    assert str(problems[0]) == "kb.yaml:1:10: extends: can only extend 'bundled' (got 'other')"


def test_a_loaded_kb_is_immutable(kb: posdoctor.KnowledgeBase) -> None:
    with pytest.raises(TypeError):
        kb.causes["x"] = None  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        kb.rules[0].id = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        kb.facts["network_connected"].minutes = 0  # type: ignore[misc]
