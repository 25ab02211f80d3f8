"""``posdoctor audit verify``: every hash chain of the store is intact (exit 1 if not)."""

from __future__ import annotations

import argparse
from typing import Any

from ..messages import say
from .common import EXIT_OK, EXIT_USAGE, common
from .db import db_option, open_store

EXIT_BROKEN = 1


def add_parser(sub: Any) -> None:
    p = sub.add_parser("audit", help="the audit log of the web desk and the sessions")
    a = p.add_subparsers(title="audit commands", metavar="AUDIT_COMMAND")
    v = a.add_parser("verify", help="check that no event or audit entry was changed or removed")
    db_option(v)
    common(v)
    v.set_defaults(run=cmd_verify)
    p.set_defaults(run=lambda a: (p.print_help(), EXIT_USAGE)[1])


def cmd_verify(args: argparse.Namespace) -> int:
    store = open_store(args)
    problems = store.verify()
    for problem in problems:
        print(problem)
    if problems:
        print(say("audit.broken", args.lang, n=len(problems)))
        return EXIT_BROKEN
    entries, sessions = len(store.audit_entries()), len(store.find(limit=10**9))
    print(say("audit.ok", args.lang, entries=entries, sessions=sessions))
    return EXIT_OK
