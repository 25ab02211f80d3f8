"""``posdoctor serve``: the web help desk (uvicorn; several workers share the database)."""

from __future__ import annotations

import argparse
import os
from typing import Any

from ..messages import say
from .common import EXIT_OK, common, load_kb
from .db import db_option, open_store


def add_parser(sub: Any) -> None:
    p = sub.add_parser("serve", help="run the web help desk")
    db_option(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes")
    common(p)
    p.set_defaults(run=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from ..store import default_url
    from ..store.tx import safe_url

    url = args.db or default_url()
    open_store(args).close()  # migrate once, and fail here with one line, not in each worker
    load_kb(args.kb)  # the same for a broken knowledge base
    os.environ["POSDOCTOR_DB"] = url
    os.environ["POSDOCTOR_KB"] = args.kb or ""
    print(say("web.serving", args.lang, host=args.host, port=args.port, url=safe_url(url)))
    uvicorn.run(
        "posdoctor.web.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="warning",
        server_header=False,
    )
    return EXIT_OK
