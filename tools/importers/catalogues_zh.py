"""Import the zh_CN message catalogues of apt 2.6.1, dpkg 1.21.23 and wget 1.21.3 (the Debian
bookworm sources' po/zh_CN.po): every translated, non-fuzzy one- or two-line message is stored
(help and usage texts of three lines or more are left out: no failure prints them), and the
translation of each message tools/importers/mappings/catalogues_zh.yaml maps to facts becomes a
signature of imported/catalogues_zh.yaml, so that what apt, dpkg or wget print in Chinese is read
as their English message is. printf conversions become ``.*``.

There is no tables/*.json for the catalogues: they hold no codes to decode in a payload, and the
stored excerpts are the whole table.

    python tools/importers/catalogues_zh.py                            # from the stored excerpts
    python tools/importers/catalogues_zh.py --refresh APT DPKG WGET    # their unpacked sources
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c
import _po

CATALOGUES = {  # family -> (stored excerpt, source id)
    "apt": ("debian-zh/apt-2.6.1-zh_CN.po", "apt-2-6-1-zh-cn"),
    "dpkg": ("debian-zh/dpkg-1.21.23-zh_CN.po", "dpkg-1-21-23-zh-cn"),
    "wget": ("debian-zh/wget-1.21.3-zh_CN.po", "wget-1-21-3-zh-cn"),
}
MIN_LITERAL = 12  # a translation's longest literal piece: 12 characters, a CJK one counting 3


def refresh(sources: list[Path]) -> None:
    """Re-extract the catalogues (comments, fuzzy and untranslated entries, and texts of three
    lines or more left out; each string joined on one line) from unpacked apt, dpkg and wget
    sources, in that order."""
    (c.UPSTREAM / "debian-zh").mkdir(parents=True, exist_ok=True)
    for (file, _), src in zip(CATALOGUES.values(), sources, strict=True):
        text = (src / "po" / "zh_CN.po").read_text(encoding="utf-8")
        keep = []
        for block in re.split(r"\n\s*\n", text):
            found = _po.entries(block)
            if found and found[0]["msgid"].rstrip("\n").count("\n") < 2:
                keep.append(_po.joined(block))
        (c.UPSTREAM / file).write_text("\n\n".join(keep) + "\n", encoding="utf-8")


def key(msgid: str) -> str:
    """How the mapping names a message: its longest line, stripped."""
    return max(msgid.split("\n"), key=len).strip()


def slug(text: str) -> str:
    """An id piece from a message's first words."""
    words = re.findall(r"[a-z0-9]+", re.sub(r"%\S", " ", text.lower()))
    return "-".join(words)[:48].rstrip("-")


def signatures(family: str, decided: dict[str, Any]) -> list[dict[str, Any]]:
    """One signature per distinct translation of a mapped message."""
    file, source = CATALOGUES[family]
    facts = decided[family]
    out, seen, ids = [], set(), set()
    for entry in _po.entries(c.excerpt(file)):
        sets = facts.get(key(entry["msgid"]))
        line = re.sub(r"\s+", " ", key(entry["msgstr"]))
        rx = _po.pattern(line, MIN_LITERAL) if sets else None
        if not rx or rx in seen:
            continue
        seen.add(rx)
        base = f"{family}-zh-imp-{slug(key(entry['msgid']))}"
        while base in ids:
            base = re.sub(r"(?:-(\d+))?$", lambda m: f"-{int(m.group(1) or 1) + 1}", base, count=1)
        ids.add(base)
        note = f"msgid: {key(entry['msgid'])}"
        out.append({"id": base, "pattern": rx, "sets": sets, "examples": [line], "lang": "zh",
                    "note": note, "source": {"ref": source}})  # fmt: skip
    return out


def build() -> None:
    """Write the signature file from the stored excerpts."""
    decided = c.mapping("catalogues_zh")
    sigs, counts = [], []
    for family, (file, _) in CATALOGUES.items():
        sigs += signatures(family, decided)
        counts.append(f"{family} {len(_po.entries(c.excerpt(file)))}")
    header = (
        "zh_CN catalogues of apt 2.6.1, dpkg 1.21.23, wget 1.21.3 (translated messages: "
        f"{', '.join(counts)});\n{len(sigs)} signatures for the messages tools/importers/"
        "mappings/catalogues_zh.yaml maps to facts."
    )
    c.write_signatures("catalogues_zh", header, sigs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--refresh", metavar="SRC", type=Path, nargs=3)
    args = ap.parse_args()
    if args.refresh:
        refresh(args.refresh)
    build()


if __name__ == "__main__":
    main()
