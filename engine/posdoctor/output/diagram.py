"""Pictures for runbooks and reports: Mermaid text for Markdown, and inline SVG laid out here
in Python for HTML (no scripts, no assets: a handbook works offline from file://)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Node:
    """A box of a diagram: ``kind`` picks its shape and colour; ``link`` is a cause it opens."""

    id: str
    label: str
    kind: str  # question | cause | rule | fact | derived | other
    link: str = ""
    note: str = ""  # the full text, shown on hover


@dataclass(frozen=True)
class Edge:
    src: str
    dst: str
    label: str = ""


@dataclass(frozen=True)
class Graph:
    """A left-to-right diagram grown from ``root`` along its edges (``out``) or against them
    (``in``: the root is where every arrow ends, drawn on the right)."""

    name: str
    root: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    follow: str = "out"
    title: str = ""

    def children(self) -> dict[str, list[tuple[str, Edge]]]:
        """Node -> its (child, edge) pairs, moving away from the root."""
        out: dict[str, list[tuple[str, Edge]]] = {}
        for e in self.edges:
            parent, child = (e.src, e.dst) if self.follow == "out" else (e.dst, e.src)
            out.setdefault(parent, []).append((child, e))
        return out


_SHAPES = {
    "question": '["{}"]',
    "cause": '(["{}"])',
    "rule": '{{{{"{}"}}}}',
    "fact": '["{}"]',
    "derived": '[["{}"]]',
    "other": '("{}")',
}
_COLOURS = {
    "question": "#eaf2fb,stroke:#2f5d8a",
    "cause": "#e7f5ec,stroke:#2e7d4f",
    "rule": "#fff7e0,stroke:#b7791f",
    "fact": "#f3f4f6,stroke:#6b7280",
    "derived": "#f1ebfb,stroke:#6b46c1",
    "other": "#fdecec,stroke:#b42318",
}
_MERMAID_ESC = (
    ("#", "#35;"),
    ('"', "#quot;"),
    ("<", "#lt;"),
    (">", "#gt;"),
    ("`", "#96;"),
    ("|", "#124;"),
)


def _mermaid_text(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    for old, new in _MERMAID_ESC:
        text = text.replace(old, new)
    return text


def mermaid(g: Graph, link: str = "") -> str:
    """The diagram as a Mermaid flowchart; ``link`` (e.g. ``#cause-{}``) makes causes clickable."""
    ids = {n.id: f"n{i}" for i, n in enumerate(g.nodes)}
    lines = ["flowchart LR"]
    lines += [f"  {ids[n.id]}" + _SHAPES[n.kind].format(_mermaid_text(n.label)) for n in g.nodes]
    for e in g.edges:
        arrow = f'-->|"{_mermaid_text(e.label, 40)}"|' if e.label else "-->"
        lines.append(f"  {ids[e.src]} {arrow} {ids[e.dst]}")
    for kind in _SHAPES:
        members = [ids[n.id] for n in g.nodes if n.kind == kind]
        if members:
            lines.append(f"  classDef {kind} fill:{_COLOURS[kind]}")
            lines.append(f"  class {','.join(members)} {kind}")
    if link:
        lines += [f'  click {ids[n.id]} href "{link.format(n.link)}"' for n in g.nodes if n.link]
    return "\n".join(lines)


FONT, LINE, PAD_X, PAD_Y, MAX_W, ROW_GAP, ELBOW = 13, 17, 10, 7, 200, 12, 16
_TOKENS = re.compile(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+|\s+")
_NO_LINE_START = set("，。、：；！？）」』》】,.:;!?)")  # punctuation that stays on its line


def text_width(text: str, size: float = FONT) -> float:
    """Estimated width of ``text`` in pixels: CJK characters are square, others ~0.6 em."""
    wide = sum(1 for ch in text if ord(ch) >= 0x2E80)
    return size * wide + size * 0.6 * (len(text) - wide)  # the same on every Python (no float sum)


def wrap(text: str, width: float = MAX_W, max_lines: int = 3) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (at most ``max_lines``, then …)."""
    lines, cur = [], ""
    for tok in _TOKENS.findall(" ".join(text.split())):
        if (
            cur.strip()
            and not tok.isspace()
            and tok[0] not in _NO_LINE_START
            and text_width(cur + tok) > width
        ):
            lines.append(cur.rstrip())
            cur = ""
        while text_width(tok) > width:  # a token wider than a line: cut it
            cut = max(1, int(width / FONT))
            lines, tok = [*lines, tok[:cut]], tok[cut:]
        cur += "" if tok.isspace() and not cur else tok
    lines.append(cur.rstrip())
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and text_width(last + "…") > width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip() + "…"]
    return lines


@dataclass
class _Box:
    node: Node
    lines: list[str]
    w: float
    h: float
    col: int = 0
    x: float = 0.0
    y: float = 0.0  # the centre


def _depths(g: Graph, kids: dict[str, list[tuple[str, Edge]]]) -> dict[str, int]:
    """Longest distance from the root, so every arrow moves one way across the columns."""
    depth = {g.root: 0}
    for _ in range(len(g.nodes)):
        changed = False
        for parent, children in kids.items():
            for child, _e in children:
                if parent in depth and depth.get(child, -1) < depth[parent] + 1:
                    depth[child], changed = depth[parent] + 1, True
        if not changed:
            break
    return depth


def _layout(g: Graph) -> tuple[dict[str, _Box], float, float]:
    """Columns by depth, rows by a depth-first walk: leaves take the next row, a parent sits
    in the middle of its children."""
    kids = g.children()
    depth = _depths(g, kids)
    boxes = {}
    for n in g.nodes:
        if n.id in depth:
            lines = wrap(n.label)
            w = max(text_width(x) for x in lines) + 2 * PAD_X
            boxes[n.id] = _Box(n, lines, w, len(lines) * LINE + 2 * PAD_Y, depth[n.id])
    ncol = max(depth.values()) + 1
    widths = [max(b.w for b in boxes.values() if b.col == c) for c in range(ncol)]
    gaps = [40.0] * ncol
    for e in g.edges:
        child = e.dst if g.follow == "out" else e.src
        if e.label and child in boxes:
            col = boxes[child].col
            gaps[col] = max(gaps[col], text_width(e.label, FONT - 1) + 2 * ELBOW + 24)
    order = list(range(ncol)) if g.follow == "out" else list(reversed(range(ncol)))
    x, left = 8.0, {}
    for i, c in enumerate(order):
        x += (gaps[c] if g.follow == "out" else gaps[order[i - 1]]) if i else 0
        left[c] = x
        x += widths[c]
    for b in boxes.values():
        b.x = left[b.col] + (widths[b.col] - b.w) / 2
    row = max(b.h for b in boxes.values()) + ROW_GAP
    bottom = _place(g.root, kids, boxes, row)
    return boxes, x + 8, bottom + 4


def _place(
    root: str, kids: dict[str, list[tuple[str, Edge]]], boxes: dict[str, _Box], row: float
) -> float:
    cursor, placed = 4.0, set()

    def visit(n: str) -> float:
        nonlocal cursor
        placed.add(n)
        ys = [visit(c) for c, _e in kids.get(n, []) if c in boxes and c not in placed]
        if ys:
            boxes[n].y = (ys[0] + ys[-1]) / 2
        else:
            boxes[n].y, cursor = cursor + row / 2, cursor + row
        return boxes[n].y

    visit(root)
    return cursor


def _f(v: float) -> str:
    return f"{v:.1f}".removesuffix(".0")


def _edge(g: Graph, e: Edge, boxes: dict[str, _Box], marker: str) -> str:
    a, b = boxes[e.src], boxes[e.dst]
    x1, y1, x2, y2 = a.x + a.w, a.y, b.x, b.y
    if g.follow == "out":  # the bend near the parent (left), a straight run into the child
        d = (
            f"M{_f(x1)},{_f(y1)} C{_f(x1 + ELBOW)},{_f(y1)} {_f(x1 + ELBOW)},{_f(y2)} "
            f"{_f(x1 + 2 * ELBOW)},{_f(y2)} H{_f(x2)}"
        )
        lx, ly = (x1 + 2 * ELBOW + x2) / 2, y2
    else:  # the child on the left: a straight run out of it, the bend near the parent
        d = (
            f"M{_f(x1)},{_f(y1)} H{_f(x2 - 2 * ELBOW)} C{_f(x2 - ELBOW)},{_f(y1)} "
            f"{_f(x2 - ELBOW)},{_f(y2)} {_f(x2)},{_f(y2)}"
        )
        lx, ly = (x1 + x2 - 2 * ELBOW) / 2, y1
    out = f'<path class="edge" d="{d}" fill="none" stroke="#8a94a6" marker-end="url(#{marker})"/>'
    if e.label:
        w = text_width(e.label, FONT - 1) + 10
        out += (
            f'<g class="edge-label"><rect x="{_f(lx - w / 2)}" y="{_f(ly - 9)}" '
            f'width="{_f(w)}" height="18" rx="3" fill="#fff"/><text x="{_f(lx)}" '
            f'y="{_f(ly + 4)}" text-anchor="middle">{escape(e.label)}</text></g>'
        )
    return out


def _node(b: _Box, link: str) -> str:
    top = b.y - b.h / 2
    rx = b.h / 2 if b.node.kind == "cause" else 4
    first = b.y - len(b.lines) * LINE / 2 + LINE * 0.75
    spans = "".join(
        f'<tspan x="{_f(b.x + b.w / 2)}" y="{_f(first + i * LINE)}">{escape(t)}</tspan>'
        for i, t in enumerate(b.lines)
    )
    out = (
        f'<g class="node node-{b.node.kind}"><title>{escape(b.node.note or b.node.label)}'
        f'</title><rect x="{_f(b.x)}" y="{_f(top)}" width="{_f(b.w)}" height="{_f(b.h)}" '
        f'rx="{_f(min(rx, 18))}" fill="#fff" stroke="#6b7280"/>'
        f'<text text-anchor="middle">{spans}</text></g>'
    )
    if link and b.node.link:
        out = f'<a href="{escape(link.format(b.node.link))}">{out}</a>'
    return out


@functools.lru_cache(maxsize=256)
def svg(g: Graph, link: str = "") -> Markup:
    """The diagram as inline SVG; ``link`` (e.g. ``cause-{}.html``) makes causes clickable.
    Cached: a cause's diagram appears on its own page and again in the single-page handbook."""
    boxes, width, height = _layout(g)
    marker = re.sub(r"[^A-Za-z0-9_-]", "-", g.name) + "-arrow"
    edges = "".join(
        _edge(g, e, boxes, marker) for e in g.edges if e.src in boxes and e.dst in boxes
    )
    nodes = "".join(_node(b, link) for b in boxes.values())
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram" width="{_f(width)}" '
        f'height="{_f(height)}" viewBox="0 0 {_f(width)} {_f(height)}" role="img" '
        f'aria-label="{escape(g.title)}" font-size="{FONT}"><defs><marker id="{marker}" '
        f'viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#8a94a6"/></marker></defs>'
        f"<g>{edges}</g><g>{nodes}</g></svg>"
    )
