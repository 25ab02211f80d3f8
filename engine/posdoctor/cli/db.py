"""``posdoctor db upgrade``, and the --db option that db, users, serve and audit share."""

from __future__ import annotations

import argparse
from typing import Any

from ..messages import say
from .common import EXIT_OK, EXIT_USAGE, common


def db_option(p: argparse.ArgumentParser) -> None:
    """--db URL: the store (default: SQLite posdoctor.db in the user data folder)."""
    p.add_argument(
        "--db",
        metavar="URL",
        help="the database: sqlite:///PATH or postgresql+psycopg://USER@HOST/NAME "
        "(default: posdoctor.db in the user data folder, or POSDOCTOR_HOME)",
    )


def open_store(args: argparse.Namespace, migrate: bool = True) -> Any:
    """The store of --db (migrated to the newest schema), closed at exit."""
    from ..ask.store import keep
    from ..store import Store, default_url

    return keep(Store.open(args.db or default_url(), migrate=migrate))


def add_parser(sub: Any) -> None:
    p = sub.add_parser("db", help="the web desk's and the sessions' database")
    db_sub = p.add_subparsers(title="db commands", metavar="DB_COMMAND")
    up = db_sub.add_parser("upgrade", help="bring the database schema to the newest version")
    db_option(up)
    common(up)
    up.set_defaults(run=cmd_upgrade)
    p.set_defaults(run=lambda a: (p.print_help(), EXIT_USAGE)[1])


def cmd_upgrade(args: argparse.Namespace) -> int:
    from ..store.db import current_revision
    from ..store.tx import safe_url

    store = open_store(args)
    print(
        say(
            "db.upgraded",
            args.lang,
            url=safe_url(store.url),
            revision=current_revision(store.engine),
        )
    )
    return EXIT_OK
