"""``posdoctor fleet triage`` and ``fleet generate``: arguments in, one-line errors out."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..messages import Message, say

EXIT_OK, EXIT_USAGE = 0, 2
LANG_HELP = "language of the output (default: from POSDOCTOR_LANG or LANG)"


def register(subparsers: Any, lang: str | None = None) -> None:
    """Add the ``fleet`` command and its subcommands to the posdoctor command line; ``lang``
    is the --lang default the command line chose (``posdoctor --lang zh fleet ...``), else
    the environment's."""
    lang = lang or default_lang()
    fleet = subparsers.add_parser(
        "fleet",
        help="triage a fleet's update reports: which terminals fail together, why, and what to do",
    )
    sub = fleet.add_subparsers(title="fleet commands", metavar="FLEET_COMMAND")
    add_triage(sub, lang)
    add_generate(sub, lang)


def add_triage(sub: Any, lang: str) -> None:
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
    p.add_argument("--lang", choices=("zh", "en"), default=lang, help=LANG_HELP)
    p.add_argument("--kb", metavar="DIR", help="a knowledge base folder instead of the bundled one")
    p.add_argument("--no-diagnosis", action="store_true", help="clusters only, no rule engine")
    p.set_defaults(run=cmd_triage)


def add_generate(sub: Any, lang: str) -> None:
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
    p.add_argument("--lang", choices=("zh", "en"), default=lang, help=LANG_HELP)
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
    """zh when the environment says Chinese (POSDOCTOR_LANG, then LANG), else en."""
    lang = os.environ.get("POSDOCTOR_LANG") or os.environ.get("LANG", "")
    return "zh" if lang.lower().startswith("zh") else "en"


def fail(message: Message | str, lang: str) -> int:
    """Say an error on one line of stderr in ``lang``; the usage exit status."""
    text = message.text(lang) if isinstance(message, Message) else message
    print(say("cli.error_line", lang, message=text), file=sys.stderr)
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
        result = triage(opts, progress=progress_printer(args.lang))
    except (FleetInputError, MappingError, EngineUnavailable) as exc:
        return fail(exc.text(args.lang), args.lang)
    warn_skipped(result["skipped"], args.lang)
    return write(render(result, args.format, args.lang), args.output, args.lang)


def warn_skipped(skipped: dict[str, Any], lang: str) -> None:
    """The broken rows that were skipped, on stderr: the first few, then how many in all."""
    for reason in skipped["reasons"]:
        print(say("fleetio.skipped_row", lang, reason=reason), file=sys.stderr)
    if skipped["rows"]:
        n, listed = f"{skipped['rows']:,}", len(skipped["reasons"])
        print(say("fleetio.skipped_all", lang, n=n, listed=listed), file=sys.stderr)


def progress_printer(lang: str) -> Callable[[Message], None] | None:
    """Phase messages on stderr in ``lang`` when it is a terminal."""
    if not sys.stderr.isatty():
        return None
    return lambda message: print(message.text(lang), file=sys.stderr)


def write(text: str, output: str | None, lang: str) -> int:
    """The text to stdout or to the file ``output``."""
    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        return fail(Message("fleetio.cannot_write", path=output, why=exc.strerror), lang)
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
        return fail(f"{out}: {exc}", args.lang)
    except OSError as exc:
        return fail(Message("fleetio.cannot_write", path=out, why=exc.strerror), args.lang)
    print(say("fleetio.wrote", args.lang, rows=f"{spec.rows:,}", out=out, truth=truth))
    return EXIT_OK
