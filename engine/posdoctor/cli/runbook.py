"""``posdoctor runbook``: a troubleshooting handbook as one Markdown file or a static HTML site
(one folder, no external assets, works from ``file://``)."""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..kb.model import CATEGORIES, Cause, KnowledgeBase
from ..messages import Message
from .common import UserError, common, load_kb


def add_parser(sub: Any) -> None:
    """Add ``runbook`` to the ``posdoctor`` subcommands."""
    p = sub.add_parser(
        "runbook",
        help="write a troubleshooting handbook (Markdown or a static HTML site)",
        description="A troubleshooting handbook generated from the knowledge base: per cause the "
        "symptoms and log messages that point to it, how to confirm and fix it, whom to "
        "escalate to; an index by category and a 'start here' triage page.",
    )
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--cause", action="append", default=[], metavar="ID", help="a cause to include (repeatable)"
    )
    which.add_argument(
        "--category",
        choices=CATEGORIES,
        metavar="C",
        help=f"every cause of one category ({', '.join(CATEGORIES)})",
    )
    which.add_argument(
        "--all", action="store_true", help="every cause, with the triage page (the default)"
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        help="write into DIR: runbook.md, or the HTML site's pages (index.html first);"
        " without it Markdown goes to standard output",
    )
    p.add_argument(
        "--templates",
        metavar="DIR",
        help="a folder of templates overriding the built-in ones (same names)",
    )
    common(p, ("markdown", "html"))
    p.set_defaults(run=cmd_runbook)


def cmd_runbook(args: argparse.Namespace) -> int:
    """Build the handbook asked for and write it; 0 on success."""
    from jinja2 import TemplateError  # Jinja2 loads only for this command: others start faster

    from ..output.runbook import handbook, render_markdown, render_site
    from ..reasoning.diagnosis import Doctor

    templates = _template_dir(args.templates)
    if args.format == "html" and not args.output:
        raise UserError(Message("runbook.html_needs_dir"))
    kb = load_kb(args.kb)
    causes = choose_causes(kb, args.cause, args.category or "")
    book = handbook(Doctor(kb), args.lang, causes, with_triage=not (args.cause or args.category))
    try:
        files = (
            render_site(book, templates)
            if args.format == "html"
            else {"runbook.md": render_markdown(book, templates)}
        )
    except TemplateError as exc:
        if templates is None:
            raise
        raise UserError(Message("runbook.template_error", error=_template_error(exc))) from None
    if not args.output:
        sys.stdout.write(files["runbook.md"])
        return 0
    first = write_files(files, Path(args.output))
    print(first)
    return 0


def choose_causes(kb: KnowledgeBase, ids: Sequence[str], category: str) -> list[Cause]:
    """The causes named (checked, with "did you mean"), of a category, or all of them."""
    for cid in ids:
        if cid not in kb.causes:
            close = difflib.get_close_matches(cid, list(kb.causes), n=1)
            if close:
                raise UserError(Message("runbook.unknown_cause_close", cause=cid, close=close[0]))
            raise UserError(Message("runbook.unknown_cause", cause=cid))
    from ..output.runbook import select_causes

    causes = select_causes(kb, ids, category)
    if category and not causes:
        raise UserError(Message("runbook.empty_category", category=category))
    return causes


def write_files(files: Mapping[str, str], out: Path) -> Path:
    """Write every file into ``out`` (created if needed); return the first one's path."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (out / name).write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        why = str(exc.strerror or exc)
        raise UserError(Message("runbook.cannot_write", path=str(out), why=why)) from None
    return out / next(iter(files))


def _template_dir(path: str | None) -> str | None:
    if path and not Path(path).is_dir():
        raise UserError(Message("runbook.no_template_dir", path=path))
    return str(Path(path).resolve()) if path else None


def _template_error(exc: Any) -> str:
    where = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    return f"{where}:{line}: {exc.message}" if where and line else str(exc.message or exc)
