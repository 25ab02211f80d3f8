"""The worked example in knowledge/README.md is a valid knowledge base (so the guide stays true)."""

from __future__ import annotations

import re
from pathlib import Path

import posdoctor

README = Path(__file__).resolve().parent.parent / "knowledge" / "README.md"
GLUE = """facts:
  - id: update_host_reachable_by_ip
    type: boolean
    label: {zh: 能按 IP 连通更新服务器, en: Update server reachable by IP}
    question: {zh: 按 IP 能连通更新服务器吗？, en: Can the update server be reached by its IP address?}
    check: [{zh: ping 更新服务器的 IP, en: Ping the update server's IP address}]
    cost: 3
  - id: http_status
    type: number
    unit: ""
    label: {zh: HTTP 状态码, en: HTTP status}
    question: {zh: 更新工具报告的 HTTP 状态码是多少？, en: What HTTP status did the update tool report?}
    check: [{zh: 查看更新日志, en: Read the update log}]
    cost: 1
causes:
  - id: network_outage
    category: network
    title: {zh: 网络中断, en: Network outage}
    description: {zh: 终端没有网络。, en: The terminal has no network.}
    prior: 0.2
    fixes: [{step: restart_router, success: 0.5}]
    escalate_to: network_provider
    source: {ref: seed}
steps:
  - id: set_public_dns
    title: {zh: 设置可用的 DNS, en: Set a working DNS server}
    do: [{zh: 在网络设置中填写运营商的 DNS, en: Enter the provider's DNS servers in the network settings}]
    minutes: 5
    verify: {zh: 能解析域名, en: The name resolves}
  - id: restart_router
    title: {zh: 重启路由器, en: Restart the router}
    do: [{zh: 断电 30 秒后再通电, en: Power it off for 30 seconds and on again}]
    minutes: 5
    verify: {zh: 终端显示已联网, en: The terminal shows a connection}
  - id: backup_config
    title: {zh: 备份配置, en: Back up the configuration}
    do: [{zh: 在管理界面导出配置, en: Export the configuration from the admin interface}]
    minutes: 10
    verify: {zh: 备份文件能打开, en: The backup file opens}
practices:
  - id: monitor_update_status
    text: {zh: 监控更新状态, en: Monitor update status}
sources:
  - id: rfc1034
    title: {zh: RFC 1034 域名系统, en: "RFC 1034: Domain names"}
    url: https://www.rfc-editor.org/rfc/rfc1034
  - id: rfc9110
    title: {zh: RFC 9110 HTTP 语义, en: "RFC 9110: HTTP Semantics"}
    url: https://www.rfc-editor.org/rfc/rfc9110
"""
GLUE_RULES = """rules:
  - id: http-error
    when: {fact: http_status, gte: 400}
    then: {opposes: network_outage, strength: moderate}
  - id: no-route
    when: {fact: update_host_reachable_by_ip, is: false}
    then: {supports: network_outage, strength: moderate}
"""


def test_the_guides_examples_make_a_valid_knowledge_base(tmp_path: Path) -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) >= 6
    (tmp_path / "knowledge").mkdir()
    (tmp_path / "rules").mkdir()
    for i, block in enumerate(blocks):
        folder = "rules" if block.lstrip().startswith("rules:") else "knowledge"
        (tmp_path / folder / f"example{i}.yaml").write_text(block, encoding="utf-8")
    (tmp_path / "knowledge" / "glue.yaml").write_text(GLUE, encoding="utf-8")
    (tmp_path / "rules" / "glue.yaml").write_text(GLUE_RULES, encoding="utf-8")
    kb, problems = posdoctor.check_knowledge_base(tmp_path)
    assert [str(p) for p in problems if p.severity == "error"] == []
    assert kb is not None and "dns_failure" in kb.causes
