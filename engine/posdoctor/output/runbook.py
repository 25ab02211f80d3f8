"""Troubleshooting handbooks from the knowledge base, as plain data for the templates.

For each cause: what it is, the symptoms and log messages that point to it, how to confirm it,
the fix checklist, whom to escalate to, how to prevent it and where it is documented; an index
by category; and a "start here" triage in the value-of-information order ``ask`` uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..kb.conditions import alternatives, passes
from ..kb.model import CATEGORIES, STRENGTHS, Atom, Capture, Cause, Conclusion, KnowledgeBase, Rule
from ..messages import say
from .diagram import Edge, Graph, Node
from .phrases import atom_phrase, strength
from .render import category_label, ratio_text, render
from .report import source_dict, step_dict
from .triage import triage

if TYPE_CHECKING:
    from ..reasoning.diagnosis import Doctor, FixStep


def holds(atom: Atom, value: Any) -> bool:
    """Whether a value (e.g. one a signature sets) passes a test; a captured value might."""
    if isinstance(value, Capture) and atom.op != "absent":
        return True
    if atom.op == "range" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        return False
    return passes(atom, value)


def tests_of(cond: Any) -> list[Atom]:
    """Every test of a condition once, negation pushed down to the tests."""
    return list(dict.fromkeys(a for alt in alternatives(cond) for a in alt))


def setters(kb: KnowledgeBase, atom: Atom) -> list[Rule]:
    """The rules that set a derived fact to a value passing ``atom``."""
    return [
        r
        for r in kb.rules
        if any(c.kind == "set" and c.target == atom.fact and holds(atom, c.value) for c in r.then)
    ]


def leaf_tests(kb: KnowledgeBase, rule: Rule, seen: tuple[str, ...] = ()) -> list[Atom]:
    """A rule's tests, and through derived facts the tests of the rules that derive them."""
    out = []
    for atom in tests_of(rule.when):
        out.append(atom)
        if kb.facts[atom.fact].derived and atom.fact not in seen:
            for r in setters(kb, atom):
                out += leaf_tests(kb, r, (*seen, atom.fact))
    return list(dict.fromkeys(out))


# ---- one cause --------------------------------------------------------------------------------


def conclusions_about(kb: KnowledgeBase, cause: str, kind: str) -> list[tuple[Rule, Conclusion]]:
    """The rules that conclude ``kind`` about a cause, strongest first."""
    found = [(r, c) for r in kb.rules for c in r.then if c.kind == kind and c.target == cause]
    return sorted(found, key=lambda rc: -STRENGTHS.get(rc[1].strength, 0))


def rule_item(kb: KnowledgeBase, rule: Rule, concl: Conclusion, lang: str) -> dict[str, Any]:
    """A rule about a cause: its strength, its reason and its condition in words."""
    return {
        "rule": rule.id,
        "level": concl.strength or concl.kind,
        "strength": strength(concl.strength, lang) if concl.strength else "",
        "ratio": STRENGTHS.get(concl.strength, 0),
        "because": rule.because(lang) if rule.because else "",
        "when": [[atom_phrase(kb, a, lang) for a in alt] for alt in alternatives(rule.when)],
    }


def log_messages(kb: KnowledgeBase, tests: Sequence[Atom], lang: str) -> list[dict[str, Any]]:
    """Signatures setting a fact to a value that passes one of ``tests``."""
    out = []
    for sig in kb.signatures:
        if any(a.fact in sig.sets and holds(a, sig.sets[a.fact]) for a in tests):
            out.append(
                {
                    "signature": sig.id,
                    "pattern": sig.pattern,
                    "examples": list(sig.examples),
                    "sets": [_set_phrase(kb, f, v, lang) for f, v in sig.sets.items()],
                    "sources": [source_dict(kb, s.ref, s.section, lang) for s in sig.source],
                }
            )
    return out


def _set_phrase(kb: KnowledgeBase, fact: str, value: Any, lang: str) -> str:
    f = kb.facts[fact]
    shown = f"({value.group})" if isinstance(value, Capture) else f.value_label(value, lang)
    return f.label(lang) + say("handbook.colon", lang) + shown


def confirm_checks(kb: KnowledgeBase, tests: Sequence[Atom], lang: str) -> list[dict[str, Any]]:
    """The facts to check, cheapest first, with their operator steps and the telling answers."""
    facts = [
        f
        for f in dict.fromkeys(a.fact for a in tests)
        if not kb.facts[f].derived or kb.facts[f].ask
    ]
    rows = []
    for fid in sorted(facts, key=lambda f: kb.facts[f].minutes):
        fact = kb.facts[fid]
        rows.append(
            {
                "fact": fid,
                "label": fact.label(lang),
                "question": fact.question(lang),
                "check": [t(lang) for t in fact.check],
                "minutes": fact.minutes,
                "points": list(
                    dict.fromkeys(atom_phrase(kb, a, lang) for a in tests if a.fact == fid)
                ),
            }
        )
    return rows


def fix_items(kb: KnowledgeBase, fixes: Iterable[FixStep], lang: str) -> list[dict[str, Any]]:
    """The fix checklist: each step with its minutes, risk warning and verification."""
    return [
        {
            **step_dict(f.step, lang),
            "success": f.success,
            "requires": [kb.steps[s].title(lang) for s in f.step.requires],
        }
        for f in fixes
    ]


def cause_page(doctor: Doctor, cause: Cause, fixes: Iterable[FixStep], lang: str) -> dict[str, Any]:
    """Everything the handbook says about one cause."""
    kb = doctor.kb
    supports = conclusions_about(kb, cause.id, "supports")
    tests = list(dict.fromkeys(a for r, _ in supports for a in leaf_tests(kb, r)))
    steps = fix_items(kb, fixes, lang)
    return {
        "id": cause.id,
        "category": cause.category,
        "category_label": category_label(cause.category, lang),
        "title": cause.title(lang),
        "description": cause.description(lang),
        "prior": cause.prior,
        "symptoms": [rule_item(kb, r, c, lang) for r, c in supports],
        "against": [
            rule_item(kb, r, c, lang)
            for r, c in conclusions_about(kb, cause.id, "opposes")
            + conclusions_about(kb, cause.id, "rules_out")
        ],
        "logs": log_messages(kb, tests, lang),
        "confirm": confirm_checks(kb, tests, lang),
        "fixes": steps,
        "fix_minutes": sum(s["minutes"] for s in steps),
        "escalate_to": {"id": cause.escalate_to, "name": kb.teams[cause.escalate_to].name(lang)},
        "prevention": [kb.practices[p].text(lang) for p in cause.prevention],
        "sources": [source_dict(kb, s.ref, s.section, lang) for s in cause.source],
        "diagram": evidence_graph(kb, cause, supports, lang),
    }


def evidence_graph(
    kb: KnowledgeBase, cause: Cause, supports: Sequence[tuple[Rule, Conclusion]], lang: str
) -> Graph:
    """Facts → rules → the cause, with derived facts and the rules deriving them in between."""
    nodes = {"cause": Node("cause", cause.title(lang), "cause")}
    edges: list[Edge] = []
    for rule, concl in supports:
        rid = _rule_node(nodes, rule, lang)
        edges.append(
            Edge(rid, "cause", f"{strength(concl.strength, lang)} ×{ratio_text(concl.ratio)}")
        )
        _grow_evidence(kb, rule, rid, nodes, edges, lang, ())
    return Graph(
        f"evidence-{cause.id}",
        "cause",
        tuple(nodes.values()),
        tuple(dict.fromkeys(edges)),
        follow="in",
        title=cause.title(lang),
    )


def _rule_node(nodes: dict[str, Node], rule: Rule, lang: str) -> str:
    rid = f"rule:{rule.id}"
    because = rule.because(lang) if rule.because else rule.id
    nodes.setdefault(rid, Node(rid, because, "rule", note=f"{rule.id}: {because}"))
    return rid


def _grow_evidence(
    kb: KnowledgeBase,
    rule: Rule,
    rid: str,
    nodes: dict[str, Node],
    edges: list[Edge],
    lang: str,
    seen: tuple[str, ...],
) -> None:
    for atom in tests_of(rule.when):
        derived = kb.facts[atom.fact].derived
        text = atom_phrase(kb, atom, lang)
        aid = f"test:{text}"
        nodes.setdefault(aid, Node(aid, text, "derived" if derived else "fact"))
        edges.append(Edge(aid, rid))
        if derived and atom.fact not in seen:
            for setter in setters(kb, atom):
                sid = _rule_node(nodes, setter, lang)
                edges.append(Edge(sid, aid))
                _grow_evidence(kb, setter, sid, nodes, edges, lang, (*seen, atom.fact))


# ---- triage -----------------------------------------------------------------------------------


# ---- the handbook -----------------------------------------------------------------------------


def select_causes(kb: KnowledgeBase, ids: Sequence[str] = (), category: str = "") -> list[Cause]:
    """The causes asked for (all when none is named), in category order, then KB order."""
    chosen = [kb.causes[i] for i in dict.fromkeys(ids)] if ids else list(kb.causes.values())
    if category:
        chosen = [c for c in chosen if c.category == category]
    rank = {c: i for i, c in enumerate(CATEGORIES)}
    return sorted(chosen, key=lambda c: rank.get(c.category, len(rank)))


def handbook(
    doctor: Doctor, lang: str, causes: Sequence[Cause], with_triage: bool = True
) -> dict[str, Any]:
    """The data of a handbook on ``causes``: their pages, the index and the triage."""
    pages = [cause_page(doctor, c, doctor.fixes(c.id), lang) for c in causes]
    categories = [
        {
            "id": cat,
            "label": category_label(cat, lang),
            "causes": [p for p in pages if p["category"] == cat],
        }
        for cat in dict.fromkeys(p["category"] for p in pages)
    ]
    linked = {p["id"] for p in pages}
    return {
        "lang": lang,
        "title": say("handbook.title", lang),
        "pages": pages,
        "categories": categories,
        "triage": triage(doctor, lang, linked) if with_triage else None,
        "search": [search_entry(p) for p in pages],
    }


def search_entry(page: dict[str, Any]) -> dict[str, Any]:
    """What the handbook's search looks through for one cause."""
    words = [page["id"], page["title"], page["category_label"], page["description"]]
    for s in page["symptoms"]:
        words += [s["because"], *(p for alt in s["when"] for p in alt)]
    words += [e for log in page["logs"] for e in (log["signature"], *log["examples"])]
    words += [f["title"] for f in page["fixes"]]
    return {
        "id": page["id"],
        "title": page["title"],
        "category": page["category_label"],
        "text": " ".join(w for w in words if w).lower(),
    }


def render_markdown(book: Mapping[str, Any], user_dir: str | None = None) -> str:
    """The handbook as one Markdown document (Mermaid diagrams)."""
    return render("runbook/handbook.md.j2", user_dir, hb=book, lang=book["lang"])


def render_site(book: Mapping[str, Any], user_dir: str | None = None) -> dict[str, str]:
    """The handbook as HTML pages: file name -> page."""
    ctx = {"hb": book, "lang": book["lang"]}
    files = {"index.html": render("runbook/index.html.j2", user_dir, **ctx)}
    if book["triage"]:
        files["start.html"] = render("runbook/start.html.j2", user_dir, **ctx)
    files["all.html"] = render("runbook/all.html.j2", user_dir, **ctx)
    pages = book["pages"]
    for i, page in enumerate(pages):
        files[f"cause-{page['id']}.html"] = render(
            "runbook/cause.html.j2",
            user_dir,
            **ctx,
            p=page,
            prev=pages[i - 1] if i else None,
            next=pages[i + 1] if i + 1 < len(pages) else None,
        )
    return files
