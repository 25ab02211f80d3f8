"""Databases for the store tests: a SQLite file, and a throwaway PostgreSQL cluster started with
initdb/pg_ctl (as the ``postgres`` user when the tests run as root: initdb refuses root). The
PostgreSQL tests skip, saying why, when no initdb is found; .ci/run installs it."""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

_counter = itertools.count()


def find_initdb() -> str | None:
    """initdb on PATH, else Debian's /usr/lib/postgresql/N/bin/initdb (newest)."""
    found = shutil.which("initdb")
    if found:
        return os.path.realpath(found)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_user() -> tuple[list[str], str | None]:
    """The command prefix that runs PostgreSQL's tools as a non-root user, if we are root."""
    if os.geteuid() != 0:
        return [], None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return ["runuser", "-u", name, "--"], name
    _missing("running as root and no postgres or nobody user to run initdb as")
    return [], None


class Cluster:
    """A PostgreSQL cluster in a temporary folder, on a free port of 127.0.0.1."""

    def __init__(self, initdb: str):
        self.bin = Path(initdb).parent
        self.dir = Path(tempfile.mkdtemp(prefix="posdoctor-pg-"))
        self.data = self.dir / "data"
        self.port = _free_port()
        self.prefix, user = _as_user()
        if user:
            shutil.chown(self.dir, user)
            os.chmod(self.dir, 0o755)

    def run(self, *args: str) -> None:
        subprocess.run([*self.prefix, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self.run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "posdoctor",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
        )
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200"
        self.run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            opts,
            "-l",
            str(self.dir / "log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        try:
            self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def new_database(self, template: str | None = None) -> str:
        """A fresh database (empty, or a copy of the database ``template``); its SQLAlchemy URL."""
        import psycopg

        name = f"t{os.getpid()}_{next(_counter)}"
        copy = f" TEMPLATE {template}" if template else ""
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=posdoctor dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f"CREATE DATABASE {name}{copy}")
        return f"postgresql+psycopg://posdoctor@127.0.0.1:{self.port}/{name}"


def _missing(why: str) -> None:
    """Skip, saying why; fail instead when POSDOCTOR_REQUIRE_PG is set (.ci/run sets it)."""
    if os.environ.get("POSDOCTOR_REQUIRE_PG"):
        pytest.fail(f"POSDOCTOR_REQUIRE_PG is set but {why}")
    pytest.skip(why)


_shared: list[Cluster] = []


def shared_cluster() -> Cluster:
    """The one cluster of this test process, started on first use and stopped at exit (the
    store tests and the web desk's tests share it); skips or fails as ``_missing`` says."""
    if _shared:
        return _shared[0]
    initdb = find_initdb()
    if initdb is None:
        _missing("PostgreSQL's initdb not found (Debian: apt-get install postgresql)")
        raise AssertionError  # not reached
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _missing("psycopg is not installed (pip install -e '.[web]')")
    cluster = Cluster(initdb)
    cluster.start()
    _shared.append(cluster)
    atexit.register(cluster.stop)
    return cluster


@pytest.fixture(scope="session")
def pg_cluster() -> Cluster:
    return shared_cluster()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database of each kind: a SQLite file, a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("pg_cluster").new_database()
