"""Troubleshooting handbooks from the knowledge base, as plain data for the templates.

For each cause: what it is, the symptoms and log messages that point to it, how to confirm it,
the fix checklist, whom to escalate to, how to prevent it and where it is documented; an index
by category; and a "start here" triage in the value-of-information order ``ask`` uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..kb.conditions import alternatives, passes
from ..kb.model import CATEGORIES, STRENGTHS, Atom, Capture, Cause, Conclusion, KnowledgeBase, Rule
from ..reasoning.probes import rule_cuts
from ..reasoning.voi import rank_questions
from .diagram import Edge, Graph, Node
from .render import category_label
from .report import source_dict, step_dict

if TYPE_CHECKING:
    from ..reasoning.diagnosis import Diagnosis, Doctor, FixStep

WORDS = {
    "not": ("不是", "not "),
    "or": ("或", "or"),
    "known": ("已知", "known"),
    "unknown": ("未知", "unknown"),
    "matches": ("包含", "contains"),
    "sep": ("：", ": "),
    "weak": ("弱", "weak"),
    "moderate": ("中等", "moderate"),
    "strong": ("强", "strong"),
    "very_strong": ("很强", "very strong"),
    "open": ("尚无明显原因，继续提问", "No clear cause yet: keep asking"),
    "title": ("故障排查手册", "Troubleshooting handbook"),
}
TRIAGE_DEPTH = 2  # questions on a path of the flowchart
LIKELY = 0.5  # a branch of the flowchart ends when one cause is at least this likely


def word(key: str, lang: str) -> str:
    """A fixed word of the handbook in ``lang``."""
    zh, en = WORDS[key]
    return zh if lang == "zh" else en


# ---- conditions in words ----------------------------------------------------------------------


def atom_phrase(kb: KnowledgeBase, atom: Atom, lang: str) -> str:
    """One test of a rule in words, e.g. "Packet loss > 10%" or "Network connected: no"."""
    fact = kb.facts[atom.fact]
    name, sep, neg = fact.label(lang), word("sep", lang), word("not", lang) if atom.negated else ""
    if atom.op in ("present", "absent"):
        return name + sep + word("known" if atom.op == "present" else "unknown", lang)
    if atom.op == "matches":
        return f"{name} {neg}{word('matches', lang)} “{atom.value}”"
    if atom.op == "range":
        return f"{name} {_range(atom, lambda v: fact.value_label(v, lang), lang)}"
    values = atom.value if atom.op == "in" else (atom.value,)
    either = f" {word('or', lang)} "
    return name + sep + neg + either.join(fact.value_label(v, lang) for v in values)


def _range(atom: Atom, shown: Any, lang: str) -> str:
    lo, lo_in, hi, hi_in = atom.value
    negated = atom.negated
    if negated and (lo is None) != (hi is None):  # "not above x" is "at most x"
        lo, lo_in, hi, hi_in = (
            (hi, not hi_in, None, False) if lo is None else (None, False, lo, not lo_in)
        )
        negated = False
    parts = [("≥ " if lo_in else "> ") + shown(lo)] if lo is not None else []
    parts += [("≤ " if hi_in else "< ") + shown(hi)] if hi is not None else []
    text = ", ".join(parts)
    return f"{word('not', lang)}({text})" if negated else text


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
        "strength": word(concl.strength, lang) if concl.strength else "",
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
    return f.label(lang) + word("sep", lang) + shown


def confirm_checks(kb: KnowledgeBase, tests: Sequence[Atom], lang: str) -> list[dict[str, Any]]:
    """The facts to check, cheapest first, with their operator steps and the telling answers."""
    facts = [
        f
        for f in dict.fromkeys(a.fact for a in tests)
        if not kb.facts[f].derived or kb.facts[f].ask
    ]
    rows = []
    for fid in sorted(facts, key=lambda f: kb.facts[f].cost):
        fact = kb.facts[fid]
        rows.append(
            {
                "fact": fid,
                "label": fact.label(lang),
                "question": fact.question(lang),
                "check": [t(lang) for t in fact.check],
                "cost": fact.cost,
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
        edges.append(Edge(rid, "cause", f"{word(concl.strength, lang)} ×{concl.ratio:g}"))
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


def answer_groups(doctor: Doctor, facts: dict[str, Any], q: Any, lang: str) -> list[dict[str, Any]]:
    """A question's answers with the cause then on top; neighbouring numbers after which the
    same rules fire are merged into one range ("< 50MB"), since they lead to the same place."""
    fact, groups = q.fact, []
    for value, p, _top in q.answers:
        fired = {f.rule for f in doctor.engine.evaluate({**facts, fact.id: value}).fired}
        if groups and fact.type == "number" and groups[-1]["fired"] == fired:
            groups[-1]["values"].append(value)
            groups[-1]["probability"] += p
        else:
            groups.append({"fired": fired, "values": [value], "probability": p})
    cuts = sorted(rule_cuts(doctor.kb, fact.id))
    out = []
    for g in groups:
        d = doctor.diagnose({**facts, fact.id: g["values"][0]}, checked=True)
        out.append(
            {
                "shown": _span(fact, g["values"], cuts, lang),
                "value": g["values"][0],
                "probability": g["probability"],
                "top": top_cause(d),
                "diagnosis": d,  # where this answer leads, for the flowchart to go on from
            }
        )
    return out


def top_cause(d: Any) -> Any:
    """The cause on top of a diagnosis, or None when "another cause" is more likely."""
    top = d.causes[0] if d.causes else None
    return top if top is not None and top.probability >= d.unexplained else None


def _span(fact: Any, values: list[Any], cuts: list[float], lang: str) -> str:
    """The answers ``values`` in words: a value, or the range between the cuts around them."""
    if fact.type != "number" or (len(values) == 1 and values[0] in cuts):
        return fact.value_label(values[0], lang)
    first, last = values[0], values[-1]
    lo = first if first in cuts else max((c for c in cuts if c < first), default=None)
    hi = last if last in cuts else min((c for c in cuts if c > last), default=None)
    span = Atom(fact.id, "range", (lo, first in cuts, hi, last in cuts))
    return _range(span, lambda v: fact.value_label(v, lang), lang) or "*"


def question_item(doctor: Doctor, q: Any, lang: str) -> dict[str, Any]:
    """A triage question: how to check it and where each answer points."""
    f = q.fact
    return {
        "fact": f.id,
        "label": f.label(lang),
        "question": f.question(lang),
        "check": [t(lang) for t in f.check],
        "cost": f.cost,
        "gain": q.gain,
        "answers": [
            {
                "shown": a["shown"],
                "probability": a["probability"],
                "cause": {
                    "id": a["top"].id,
                    "title": a["top"].cause.title(lang),
                    "probability": a["top"].probability,
                }
                if a["top"]
                else None,
            }
            for a in answer_groups(doctor, {}, q, lang)
        ],
    }


def branching(doctor: Doctor, d: Any, limit: int) -> list[Any]:
    """The best questions that have answers to branch on (not free text)."""
    found = rank_questions(doctor, d, limit=limit + len(doctor.kb.facts))
    return [q for q in found if len(q.answers) > 1][:limit]


def triage(
    doctor: Doctor, lang: str, linked: set[str], depth: int = TRIAGE_DEPTH, limit: int = 10
) -> dict[str, Any]:
    """The questions to ask from nothing known, best first, and the flowchart they start."""
    start = doctor.diagnose({})
    first = branching(doctor, start, limit)
    return {
        "questions": [question_item(doctor, q, lang) for q in first],
        "flow": flow_graph(doctor, lang, linked, depth, start),
    }


def flow_graph(
    doctor: Doctor, lang: str, linked: set[str], depth: int, start: Diagnosis | None = None
) -> Graph:
    """Ask the best question, branch on its answers; a branch ends at the cause then on top
    when it is likely enough or the path is ``depth`` questions long."""
    nodes: list[Node] = []
    edges: list[Edge] = []

    def grow(facts: dict[str, Any], d: Diagnosis, parent: str, answer: str, level: int) -> None:
        best = branching(doctor, d, 1) if level < depth else []
        top = top_cause(d)
        nid = f"n{len(nodes)}"
        if parent:
            edges.append(Edge(parent, nid, answer))
        if best and not (level and top and top.probability >= LIKELY):
            fact = best[0].fact
            nodes.append(Node(nid, fact.label(lang), "question", note=fact.question(lang)))
            for a in answer_groups(doctor, facts, best[0], lang):
                grow({**facts, fact.id: a["value"]}, a["diagnosis"], nid, a["shown"], level + 1)
        elif top is None:
            nodes.append(Node(nid, word("open", lang), "other"))
        else:
            link = top.id if top.id in linked else ""
            title = top.cause.title(lang)
            nodes.append(Node(nid, f"{title} · {top.probability:.0%}", "cause", link, title))

    grow({}, start or doctor.diagnose({}), "", "", 0)
    return Graph("triage", "n0", tuple(nodes), tuple(edges), title=word("title", lang))


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
        "title": word("title", lang),
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
