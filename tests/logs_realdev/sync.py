"""Copy the development corpora collected blind-style (/work/collect/realdev.yaml, docdev.yaml)
into tests/logs_realdev, leaving out every case that overlaps a blind case.

    python tests/logs_realdev/sync.py [--realdev FILE] [--docdev FILE]

A collected case is left out when its url (without a #fragment or a trailing /) is a blind
case's url, or when one of its log lines of 25 characters or more (stripped) occurs word for
word in a blind case's log (tests/logs_blind/corpus.yaml and documented.yaml). Only counts and
the collected ids are printed: nothing of a blind case is shown.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
BLIND = HERE.parent / "logs_blind"
MIN_LINE = 25  # a shorter line ("Installation failed") is common to many logs


def thread(url: str) -> str:
    """A url without its fragment and trailing slash: one thread, however it was linked."""
    return url.strip().split("#", 1)[0].rstrip("/")


def blind_material() -> tuple[set[str], list[str]]:
    """The blind cases' urls and logs (read, never shown)."""
    urls, logs = set(), []
    for name in ("corpus.yaml", "documented.yaml"):
        for case in yaml.safe_load((BLIND / name).read_text(encoding="utf-8")):
            urls.add(thread(case["url"]))
            logs.append(case["log"])
    return urls, logs


def overlap(case: dict[str, Any], urls: set[str], logs: list[str]) -> str:
    """Why a collected case overlaps the blind corpora ("url", "line"), or ""."""
    if thread(case.get("url", "")) in urls:
        return "url"
    lines = {ln.strip() for ln in case["log"].splitlines() if len(ln.strip()) >= MIN_LINE}
    if any(ln in log for ln in lines for log in logs):
        return "line"
    return ""


class _Dumper(yaml.SafeDumper):
    """Multi-line strings (the logs) as literal blocks."""


def _str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str)

HEADER = (
    "# Development corpus collected blind-style on 2026-12-03 (see README.md): {what}.\n"
    "# Copied by tests/logs_realdev/sync.py from {src}; cases overlapping tests/logs_blind left out.\n"
    "# DEV data: the log reader is tuned on it. Do not edit by hand: re-run sync.py.\n"
)


def sync(src: Path, dest: Path, what: str, urls: set[str], logs: list[str]) -> None:
    """Copy ``src``'s cases that overlap no blind case to ``dest``; print what was left out."""
    cases = yaml.safe_load(src.read_text(encoding="utf-8")) or []
    kept, dropped = [], {"url": [], "line": []}
    for case in cases:
        why = overlap(case, urls, logs)
        (dropped[why] if why else kept).append(case if not why else case["id"])
    text = yaml.dump(kept, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    dest.write_text(HEADER.format(what=what, src=src) + text, encoding="utf-8")
    print(f"{src}: {len(cases)} cases, {len(kept)} kept -> {dest.relative_to(HERE.parent.parent)}")
    for why, ids in dropped.items():
        print(f"  left out ({why} overlaps a blind case): {len(ids)} {' '.join(ids)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--realdev", default="/work/collect/realdev.yaml")
    ap.add_argument("--docdev", default="/work/collect/docdev.yaml")
    args = ap.parse_args()
    urls, logs = blind_material()
    real = (
        "logs real users pasted in public threads, labelled with the cause the thread established"
    )
    sync(Path(args.realdev), HERE / "corpus.yaml", real, urls, logs)
    doc = "messages documented in each tool's own source or documentation"
    sync(Path(args.docdev), HERE / "documented.yaml", doc, urls, logs)


if __name__ == "__main__":
    main()
