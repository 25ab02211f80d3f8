"""The triage's result as text, JSON, Markdown or self-contained HTML (one language)."""

from __future__ import annotations

import json
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..messages import MESSAGES, say


def fleet_words(lang: str) -> dict[str, str]:
    """The report's words in ``lang``, from the message catalogue (its fleet.* entries)."""
    return {key[6:]: say(key, lang) for key in MESSAGES if key.startswith("fleet.")}


def predicate_text(pred: dict[str, str]) -> str:
    return " & ".join(f"{k}={v}" for k, v in pred.items())


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def render(result: dict[str, Any], fmt: str, lang: str) -> str:
    """The result in ``fmt`` (text, json, markdown, html)."""
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    if fmt == "text":
        return text(result, lang)
    env = Environment(
        loader=PackageLoader("posdoctor.fleet", "templates"),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html"]),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(pct=pct, predicate=predicate_text)
    template = env.get_template(f"triage.{'md' if fmt == 'markdown' else 'html'}.j2")
    return template.render(r=result, t=fleet_words(lang), lang=lang, charts=charts(result))


def cluster_line(c: dict[str, Any], t: dict[str, str]) -> str:
    lo, hi = c["rr_ci"]
    return (
        f"{predicate_text(c['predicate'])}: {pct(c['fail_rate'])} {t['failed']} vs "
        f"{pct(c['fail_rate_outside'])} {t['elsewhere']} ({t['rr']} {c['risk_ratio']:.1f}, "
        f"95% CI {lo:.1f}-{hi:.1f}), {c['n_failed']:,} {t['failed_attempts']} "
        f"({pct(c['share_of_failures'])} {t['of_all']}), {c['terminals']:,} {t['terminals']} "
        f"({c['terminals_failed']:,} {t['with_failure']})"
    )


def text(r: dict[str, Any], lang: str) -> str:
    """Plain text for the terminal."""
    t = fleet_words(lang)
    out = [
        f"{t['title']}: {r['rows']:,} {t['attempts']}, {r['failed']:,} {t['failed']} "
        f"({pct(r['failed'] / r['rows']) if r['rows'] else '0%'})"
    ]
    if not r["clusters"]:
        out.append(t["none"])
    for i, c in enumerate(r["clusters"], 1):
        out.append(f"\n{i}. {cluster_line(c, t)}")
        if c["top_errors"]:
            out.append(
                f"   {t['errors']}: "
                + "; ".join(f"{e['error'][:80]} ({pct(e['share'])})" for e in c["top_errors"])
            )
        if c["stages"]:
            out.append(
                f"   {t['stage']}: {c['stages'][0]['stage']} ({pct(c['stages'][0]['share'])})"
                + (f"; {t['onset']}: {c['onset']}" if c.get("onset") else "")
            )
        for a in c["aliases"]:
            out.append(f"   {t['aliases']}: {predicate_text(a['predicate'])} ({pct(a['overlap'])})")
        out += diagnosis_lines(c.get("diagnosis"), t)
    u = r["unexplained"]
    out.append(
        f"\n{t['unexplained']}: {u['n_failed']:,} {t['failed_attempts']} ({pct(u['share'])})"
    )
    if r["skipped"]["rows"]:
        out.append(f"{t['skipped']}: {r['skipped']['rows']:,}")
    return "\n".join(out) + "\n"


def diagnosis_lines(d: dict[str, Any] | None, t: dict[str, str]) -> list[str]:
    if d is None:
        return [f"   {t['likely']}: {t['no_diagnosis']}"]
    lines = [f"   {t['likely']}: {d['title']} [{d['cause_id']}] ({pct(d['probability'])})"]
    lines += [f"     {i}. {f['title']}" for i, f in enumerate(d["fixes"], 1)]
    lines.append(f"   {t['escalate']}: {d['escalate_to']['name']}")
    return lines


def charts(r: dict[str, Any]) -> list[dict[str, Any]]:
    """SVG geometry per cluster: two rate bars and a failures-over-time polyline."""
    out = []
    for c in r["clusters"]:
        peak = max((p["failed"] for p in c["timeline"]), default=0) or 1
        n = max(len(c["timeline"]) - 1, 1)
        points = " ".join(
            f"{4 + 232 * i / n:.1f},{56 - 50 * p['failed'] / peak:.1f}"
            for i, p in enumerate(c["timeline"])
        )
        out.append(
            {
                "inside": 200 * c["fail_rate"],
                "outside": 200 * c["fail_rate_outside"],
                "points": points,
                "peak": peak,
            }
        )
    return out
