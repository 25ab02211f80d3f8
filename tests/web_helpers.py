"""A web desk on a fresh store (tests/kb/mini: quick turns, a risky step) with one user of each
role, and a client logged in as any of them. The ``desk`` fixture runs every test twice: on a
SQLite file and on a PostgreSQL database of the throwaway cluster (tests/store_fixtures.py;
skipped without initdb, failed with POSDOCTOR_REQUIRE_PG=1)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from posdoctor.store import Store
from posdoctor.web.app import create_app
from tests.store_fixtures import shared_cluster

MINI = str(Path(__file__).parent / "kb" / "mini")
PASSWORD = "correct horse battery staple"
USERS = {  # name: (role, team, lang)
    "li": ("agent", "desk1", "en"),
    "wang": ("agent", "desk1", "zh"),
    "zhao": ("agent", "desk2", "en"),
    "boss": ("lead", "desk1", "en"),
    "spec": ("specialist", "l2-network", "en"),
    "root": ("admin", None, "en"),
}


def add_users(url: str) -> None:
    """The users above, in the store at ``url``."""
    store = Store.open(url)
    for name, (role, team, lang) in USERS.items():
        store.add_user(name, role, PASSWORD, team, lang)
    store.close()


class Desk:
    """The app, its store, and clients by user name."""

    def __init__(self, url: str):
        self.app = create_app(url, MINI)
        self.store: Store = self.app.state.desk.store
        self.clients: list[TestClient] = []

    def client(self, name: str | None = None) -> TestClient:
        """A client, logged in as ``name`` (its CSRF token in every request's headers)."""
        c = TestClient(self.app)
        self.clients.append(c)
        if name:
            r = c.post("/api/login", json={"name": name, "password": PASSWORD})
            assert r.status_code == 200, r.text
            c.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        return c

    def close(self) -> None:
        for c in self.clients:
            c.close()
        self.app.state.desk.hub.stop()
        self.store.close()


@pytest.fixture(scope="session")
def users_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store with the users (argon2id hashing takes ~0.4 s each: done once)."""
    path = tmp_path_factory.mktemp("users") / "users.db"
    add_users(f"sqlite:///{path}")
    return path


_pg_users: list[str] = []  # the PostgreSQL database holding the users, copied for each test


def pg_users_copy() -> str:
    """A fresh PostgreSQL database with the users (CREATE DATABASE … TEMPLATE: no hashing)."""
    cluster = shared_cluster()
    if not _pg_users:
        url = cluster.new_database()
        add_users(url)  # closes its connections: a template must have none
        _pg_users.append(url.rsplit("/", 1)[1])
    return cluster.new_database(template=_pg_users[0])


def desk_url(kind: str, tmp_path: Path, users_db: Path) -> str:
    """A fresh store of ``kind`` (sqlite or postgresql) holding the users."""
    if kind == "postgresql":
        return pg_users_copy()
    shutil.copy(users_db, tmp_path / "desk.db")
    return f"sqlite:///{tmp_path / 'desk.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def desk(request: pytest.FixtureRequest, tmp_path: Path, users_db: Path) -> Iterator[Desk]:
    d = Desk(desk_url(request.param, tmp_path, users_db))
    yield d
    d.close()


def start(c: TestClient, **body) -> dict:
    """A new session through the API (201)."""
    r = c.post("/api/sessions", json=body)
    assert r.status_code == 201, r.text
    return r.json()
