"""``posdoctor fleet triage`` and ``fleet generate``: arguments in, one-line errors out."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_USAGE = 0, 2


def register(subparsers: Any) -> None:
    """Add the ``fleet`` command and its subcommands to the posdoctor command line."""
    fleet = subparsers.add_parser(
        "fleet",
        help="triage a fleet's update reports: which terminals fail together, why, and what to do",
    )
    sub = fleet.add_subparsers(title="fleet commands", metavar="FLEET_COMMAND")
    add_triage(sub)
    add_generate(sub)


def add_triage(sub: Any) -> None:
    p = sub.add_parser("triage", help="find the attribute combinations the failed attempts share")
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="CSV, Parquet or JSON Lines, one row per update attempt (globs allowed)",
    )
    p.add_argument("--dims", help="comma-separated dimension columns (default: every other one)")
    p.add_argument(
        "--columns",
        metavar="MAPPING",
        help="a column mapping: a shipped name (hawkbit, aws_iot_jobs, paxstore) or a YAML file",
    )
    p.add_argument("--format", choices=("text", "json", "markdown", "html"), default="text")
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of stdout")
    p.add_argument(
        "--engine",
        choices=("duckdb", "spark"),
        default="duckdb",
        help="where to count (spark needs: pip install 'posdoctor[spark]')",
    )
    p.add_argument("--top", type=positive, default=5, metavar="K", help="at most K clusters")
    p.add_argument("--lang", choices=("zh", "en"), default=default_lang())
    p.add_argument("--kb", metavar="DIR", help="a knowledge base folder instead of the bundled one")
    p.add_argument("--no-diagnosis", action="store_true", help="clusters only, no rule engine")
    p.set_defaults(run=cmd_triage)


def add_generate(sub: Any) -> None:
    p = sub.add_parser(
        "generate", help="write a synthetic fleet with injected causes and a truth file beside it"
    )
    p.add_argument("--rows", type=positive, required=True, metavar="N")
    p.add_argument("--seed", type=int, default=0, metavar="S")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="FILE.parquet, FILE.csv or FILE.jsonl (truth: FILE.truth.json)",
    )
    p.add_argument(
        "--causes",
        type=int,
        choices=range(4),
        metavar="{0..3}",
        help="number of injected causes (default: 0-3 drawn from the seed)",
    )
    p.add_argument(
        "--case-study",
        action="store_true",
        help="one network provider's terminals time out at download (the source "
        "document's case study)",
    )
    p.set_defaults(run=cmd_generate)


def positive(text: str) -> int:
    """A whole number of at least 1, for argparse."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number (got {text!r})")
    return value


def default_lang() -> str:
    lang = os.environ.get("POSDOCTOR_LANG") or os.environ.get("LANG", "")
    return "zh" if lang.lower().startswith("zh") else "en"


def fail(message: str) -> int:
    print(f"posdoctor: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def cmd_triage(args: argparse.Namespace) -> int:
    """Run the triage and print or write the result."""
    from ..kb.loader import load_knowledge_base
    from .backends import EngineUnavailable
    from .columns import MappingError, load_mapping
    from .io import FleetInputError
    from .report import render
    from .triage import Options, triage

    dims = [d.strip() for d in args.dims.split(",") if d.strip()] if args.dims else None
    try:
        mapping = load_mapping(args.columns)
        kb = None if args.no_diagnosis else load_knowledge_base(args.kb)
        opts = Options(args.files, dims, mapping, args.engine, args.top, args.lang, kb)
        result = triage(opts, progress=progress_printer())
    except (FleetInputError, MappingError, EngineUnavailable) as exc:
        return fail(str(exc))
    for reason in result["skipped"]["reasons"]:
        print(f"posdoctor: warning: {reason}: row skipped", file=sys.stderr)
    if result["skipped"]["rows"]:
        print(
            f"posdoctor: warning: {result['skipped']['rows']:,} broken rows skipped in all "
            f"(the first {len(result['skipped']['reasons'])} are listed above)",
            file=sys.stderr,
        )
    return write(render(result, args.format, args.lang), args.output)


def progress_printer():
    """Phase messages on stderr when it is a terminal."""
    if not sys.stderr.isatty():
        return None
    return lambda text: print(f"posdoctor: {text}...", file=sys.stderr)


def write(text: str, output: str | None) -> int:
    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        return fail(f"cannot write {output}: {exc.strerror}")
    return EXIT_OK


def cmd_generate(args: argparse.Namespace) -> int:
    """Write a synthetic fleet and its truth file."""
    from .generate import generate
    from .generate import write as write_fleet
    from .scenarios import case_study, random_spec

    spec = (
        case_study(args.rows, args.seed)
        if args.case_study
        else random_spec(args.rows, args.seed, args.causes)
    )
    out = Path(args.output)
    try:
        truth = write_fleet(generate(spec), spec, out)
    except ValueError as exc:
        return fail(f"{out}: {exc}")
    except OSError as exc:
        return fail(f"cannot write {out}: {exc.strerror}")
    print(f"wrote {spec.rows:,} attempts to {out} and the injected causes to {truth}")
    return EXIT_OK
