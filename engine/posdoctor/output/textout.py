"""Text output for people at a terminal (rich: tables with correct Chinese character widths)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape as esc
from rich.table import Table

from ..messages import say
from .phrases import category_label

# the words of the terminal output: the reports' labels, and a few of its own (text.*)
WORDS = {
    "rank": "label.rank",
    "prob": "label.prob",
    "category": "label.category",
    "cause": "label.cause",
    "fixes": "label.fixes",
    "verify": "label.verify",
    "risky": "text.risky",
    "min": "label.minutes",
    "next": "label.next",
    "unexplained": "label.unexplained",
    "escalate": "label.escalate",
    "ruled_out": "label.ruled_out",
    "log": "label.log",
    "line": "text.line",
    "warn": "text.warn",
}


class _Console(Console):
    """rich's console, but a closed pipe (``| head -1``) is left to the command line, which ends
    quietly with status 0 (rich's own handling exits with 1)."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


def word(key: str, lang: str) -> str:
    """A fixed word of the terminal output in ``lang``."""
    return say(WORDS[key], lang)


def print_diagnosis(data: dict[str, Any], lang: str, console: Console | None = None) -> None:
    """A ranked table of causes, then the evidence and fixes of the best ones."""
    console = console or _Console(highlight=False, soft_wrap=False)
    if "log" in data and not data["log"]["recognised"]:
        console.print(f"[yellow]{esc(data['warnings'][0])}[/]")
    table = Table(show_lines=False, header_style="bold")
    for key in ("rank", "prob", "category", "cause"):
        table.add_column(word(key, lang), justify="right" if key in ("rank", "prob") else "left")
    for i, c in enumerate(data["causes"], 1):
        table.add_row(
            str(i),
            f"{c['score']:.1%}",
            category_label(c["category"], lang),
            f"{esc(c['title'])} [dim]({c['id']})[/]",
        )
    table.add_row("", f"{data['unexplained']:.1%}", "", f"[dim]{word('unexplained', lang)}[/]")
    console.print(table)
    if "log" in data:
        _print_log(console, data["log"], lang)
    for c in data["causes"][:3]:
        _print_cause(console, c, lang)
    if data["ruled_out"]:
        names = ", ".join(f"{esc(r['title'])} ({r['id']})" for r in data["ruled_out"])
        console.print(f"[bold]{word('ruled_out', lang)}:[/] {names}")
    if data["next_checks"]:
        console.print(f"\n[bold]{word('next', lang)}[/]")
        for q in data["next_checks"]:
            console.print(
                f"  • {esc(q['question'])} [dim]({q['fact']}, {q['cost_minutes']:g} "
                f"{word('min', lang)})[/]"
            )
    for w in data["warnings"]:
        console.print(f"[yellow]{word('warn', lang)}:[/] {esc(w)}")


def _print_log(console: Console, log: dict[str, Any], lang: str) -> None:
    console.print(f"\n[bold]{word('log', lang)}[/]")
    for m in log["matches"][:10]:
        facts = ", ".join(f"{k}={_show(v)}" for k, v in m["sets"].items())
        console.print(f"  {m['line']}: {esc(m['text'][:100])}  [dim]→ {esc(facts)}[/]")


def _print_cause(console: Console, c: dict[str, Any], lang: str) -> None:
    console.print(f"\n[bold]{esc(c['title'])}[/] [dim]({c['id']}, {c['score']:.1%})[/]")
    for e in c["evidence"]:
        sign = {"supports": "+", "opposes": "−", "rules_out": "×"}.get(e["effect"], "·")
        facts = esc(", ".join(f"{k}={_show(v)}" for k, v in e["given_facts"].items()))
        lines = ", ".join(str(n) for n in _log_lines(e))
        where = f"; {word('line', lang)} {lines}" if lines else ""
        console.print(
            f"  {sign} {esc(e['because'] or e['rule'])} [dim]({e['rule']}: {facts}{where})[/]"
        )
    console.print(f"  [bold]{word('fixes', lang)}[/]")
    for i, f in enumerate(c["fixes"], 1):
        risk = f" [red]{word('risky', lang)}: {esc(f['warning'])}[/]" if f["risky"] else ""
        console.print(
            f"   {i}. {esc(f['title'])} [dim]({f['minutes']:g} {word('min', lang)})[/]{risk}"
        )
        console.print(f"      [dim]{word('verify', lang)}: {esc(f['verify'])}[/]")
    console.print(f"  [dim]{word('escalate', lang)}: {esc(c['escalate_to']['name'])}[/]")


def _show(value: Any) -> str:
    """A value as written in YAML: true/false, 30 rather than 30.0."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _log_lines(e: dict[str, Any]) -> list[int]:
    """The log line numbers a piece of evidence rests on, through derivations."""
    out: list[int] = []
    for used in e["facts"]:
        out += [m["line"] for m in used.get("log_lines", ())]
        if "derived_by" in used:
            out += _log_lines(used["derived_by"])
    return sorted(set(out))


LISTING = {  # the columns of each `kb list` table -> their headings (catalogue keys)
    "causes": {"id": "listing.id", "category": "listing.category", "title": "listing.title",
               "prior": "listing.prior"},
    "facts": {"id": "listing.id", "type": "listing.type", "label": "listing.label",
              "cost_minutes": "listing.cost_minutes"},
    "rules": {"id": "listing.id", "facts": "listing.facts", "then": "listing.then"},
    "steps": {"id": "listing.id", "title": "listing.title", "minutes": "listing.minutes",
              "risky": "listing.risky"},
    "signatures": {"id": "listing.id", "pattern": "listing.pattern", "sets": "listing.sets"},
}  # fmt: skip
EFFECTS = {  # what a rule concludes, in words (catalogue keys)
    "supports": "effect.supports",
    "opposes": "effect.opposes",
    "rules_out": "effect.rules_out",
    "set": "effect.set",
}


def print_listing(rows: list[dict[str, Any]], what: str, lang: str = "en") -> None:
    """A `kb list` table: ids as they are, headings and words in ``lang``."""
    console = _Console(highlight=False)
    if not rows:
        return
    keys = LISTING[what]
    table = Table(header_style="bold")
    widest_id = max(len(str(row.get("id", ""))) for row in rows)
    for name, key in keys.items():  # nothing is cut: ids are what --fact and --cause need
        is_id = name == "id"
        table.add_column(
            say(key, lang), overflow="fold", no_wrap=is_id, min_width=widest_id if is_id else None
        )
    for row in rows:
        shown = dict(row)
        if "category" in shown:
            shown["category"] = category_label(shown["category"], lang)
        table.add_row(*(esc(_cell(shown[k], lang)) for k in keys))
    console.print(table)


def _cell(value: Any, lang: str) -> str:
    """One cell: lists joined, a rule's conclusions in words, true/false as in YAML."""
    if isinstance(value, list):
        return ", ".join(
            _cell(v, lang)
            if not isinstance(v, dict)
            else f"{say(EFFECTS[v['effect']], lang)} {v['target']}"
            for v in value
        )
    return _show(value)
