"""The shipped knowledge base: complete, bilingual, reachable, faithful to the source document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import posdoctor
from posdoctor.kb.conditions import facts_of
from posdoctor.kb.model import Text

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")
SEED_SECTIONS = [  # every section of the source document that holds troubleshooting knowledge
    "确认更新请求",
    "网络环境检查",
    "系统兼容性检查",
    "更新文件验证",
    "更新过程监控",
    "备份与恢复",
    "技术支持与故障排除",
    "预防措施与最佳实践",
    "问题分析 1 网络连接问题",
    "问题分析 2 硬件故障",
    "问题分析 3 软件错误",
    "问题分析 4 安全限制",
    "问题分析 5 配置错误",
    "解决策略 1 网络诊断与优化",
    "解决策略 2 硬件检查与维护",
    "解决策略 3 软件升级与修复",
    "解决策略 4 安全设置调整",
    "解决策略 5 配置校正",
    "预防措施 1 定期维护",
    "预防措施 2 备份与恢复",
    "预防措施 3 监控与警报",
    "预防措施 4 培训与意识",
    "预防措施 5 多方合作",
    "案例分析",
    "摘要",
]


def texts(kb: posdoctor.KnowledgeBase):
    for group in (kb.facts, kb.causes, kb.steps, kb.practices, kb.teams, kb.sources):
        for item in group.values():
            for name, value in vars(item).items():
                values = value if isinstance(value, tuple) else (value,)
                for v in values:
                    if isinstance(v, Text):
                        yield f"{item.id}.{name}", v
    for rule in kb.rules:
        if rule.because:
            yield f"{rule.id}.because", rule.because


def test_the_shipped_kb_checks_clean() -> None:
    kb, problems = posdoctor.check_knowledge_base()
    assert kb is not None
    assert [str(p) for p in problems] == []


def test_size_and_categories(kb: posdoctor.KnowledgeBase) -> None:
    assert len(kb.causes) >= 40 and len(kb.facts) >= 60
    assert {c.category for c in kb.causes.values()} == set(posdoctor.CATEGORIES)


def test_network_is_the_most_common_category(kb: posdoctor.KnowledgeBase) -> None:
    share = {
        cat: sum(c.prior for c in kb.causes.values() if c.category == cat)
        for cat in posdoctor.CATEGORIES
    }
    assert max(share, key=share.get) == "network"
    assert 0.5 < sum(share.values()) < 1.0


def test_every_text_is_in_chinese_and_english(kb: posdoctor.KnowledgeBase) -> None:
    missing = [where for where, t in texts(kb) if not t.zh.strip() or not t.en.strip()]
    untranslated = [
        where
        for where, t in texts(kb)
        if where.split(".")[1] in ("title", "label", "question", "description", "name")
        and not CJK.search(t.zh)
    ]
    assert missing == [] and untranslated == []


def test_every_cause_is_reachable_fixable_and_sourced(kb: posdoctor.KnowledgeBase) -> None:
    supported = {c.target for r in kb.rules for c in r.then if c.kind == "supports"}
    for cause in kb.causes.values():
        assert cause.id in supported, cause.id
        assert cause.fixes and cause.source and cause.escalate_to in kb.teams, cause.id
        for fix in cause.fixes:
            step = kb.steps[fix.step_id]
            assert step.do and step.verify.zh and step.verify.en, step.id
            assert not step.risky or step.warning is not None, step.id


def test_every_fact_is_used_and_can_be_known(kb: posdoctor.KnowledgeBase) -> None:
    used = set().union(*(facts_of(r.when) for r in kb.rules))
    from_logs = {f for s in kb.signatures for f in s.sets}
    for fact in kb.facts.values():
        assert fact.id in used, fact.id
        assert fact.ask or fact.derived or fact.id in from_logs, fact.id
        assert fact.check, fact.id


def test_every_section_of_the_source_document_is_cited(kb: posdoctor.KnowledgeBase) -> None:
    cited = {
        s.section
        for group in (kb.facts, kb.causes, kb.steps, kb.practices)
        for item in group.values()
        for s in item.source
        if s.ref == "seed"
    }
    cited |= {s.section for r in kb.rules for s in r.source if s.ref == "seed"}
    assert [s for s in SEED_SECTIONS if s not in cited] == []


def test_every_prevention_point_is_a_practice(kb: posdoctor.KnowledgeBase) -> None:
    sections = {s.section for p in kb.practices.values() for s in p.source}
    for point in (
        "预防措施 1 定期维护",
        "预防措施 2 备份与恢复",
        "预防措施 3 监控与警报",
        "预防措施 4 培训与意识",
        "预防措施 5 多方合作",
    ):
        assert point in sections, point


def test_the_case_study_chains_two_levels(doctor: posdoctor.Doctor) -> None:
    """Many terminals behind one provider fail at once -> the provider's router configuration."""
    result = doctor.diagnose(
        {
            "failing_terminal_count": 40,
            "other_terminals_same_site_failing": True,
            "other_terminals_same_provider_failing": True,
            "terminals_other_provider_ok": True,
            "network_connected": True,
        }
    )
    top = result.causes[0]
    assert top.id == "provider_router_misconfigured"

    def depth(e: posdoctor.Evidence) -> int:
        inner = [depth(u.derived_by) for u in e.facts if u.derived_by is not None]
        return 1 + max(inner, default=0)

    assert max(depth(e) for e in top.evidence) >= 3  # fact -> derived -> derived -> cause


def test_engine_code_has_no_domain_words(kb: posdoctor.KnowledgeBase) -> None:
    """Knowledge is data: no cause or fact id appears in the engine's source."""
    source = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "engine" / "posdoctor").rglob("*.py")
    )
    words = set(re.findall(r"[a-z][a-z0-9_]+", source))
    ids = {i for i in (*kb.causes, *kb.facts) if "_" in i}
    not_ours = {"error_message"}  # DuckDB's column of its reject_errors table (fleet/io.py)
    assert sorted(ids & words - not_ours) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_kb_list_shows_every_cause(
    lang: str, capsys: pytest.CaptureFixture, kb: posdoctor.KnowledgeBase
) -> None:
    import json

    from posdoctor.cli import main

    assert main(["kb", "list", "causes", "--format", "json", "--lang", lang]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == list(kb.causes)
    assert all(r["category"] in posdoctor.CATEGORIES for r in rows)
