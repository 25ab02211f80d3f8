"""Load on the web desk: simulated agents answering questions, and kill -9 of workers meanwhile.

Starts ``posdoctor serve --workers N`` on a fresh database (SQLite in a temporary folder, or a
throwaway PostgreSQL cluster with ``--pg``), then runs AGENTS simulated agents for DURATION
seconds. Each agent starts a call and answers its current question every INTERVAL seconds (open
loop: the next answer is due at a fixed time, however long the last one took), with an
Idempotency-Key and expected_seq; a call that ends (nothing left to ask) is followed by a new
one. A request that fails on the network (a killed worker) is retried with the same key, so
the server either replays its reply or writes it once.

Every acknowledged answer (a 200 reply) goes to the client's log (``--ack-log``); at the end
the log is compared with the database: ``lost`` = acknowledged answers whose event is not
there (or holds another seq), ``duplicated`` = answers written more than once (same key or
same fact answered twice in a call by one agent's retry). ``--kill`` sends SIGKILL to a
random worker every KILL seconds (uvicorn's supervisor starts a new one).

The last line is one JSON object:
``{"agents", "answers", "p50_ms", "p95_ms", "p99_ms", "errors", "lost", "duplicated", ...}``.

    python bench/web_load.py [--agents 200] [--interval 10] [--duration 120] [--workers 2]
                             [--pg | --db URL] [--kill SECONDS] [--kb DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench password, long enough"
LOGINS = 4  # agents share this many logins (argon2id costs ~0.4 s a login here)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def posdoctor(*args: str, stdin: str | None = None, env: dict | None = None) -> None:
    """Run the posdoctor command of this checkout (one line on failure, then exit)."""
    cmd = [sys.executable, "-m", "posdoctor", *args]
    done = subprocess.run(cmd, input=stdin, text=True, capture_output=True, env=env)
    if done.returncode:
        sys.exit(f"web_load: {' '.join(args[:2])} failed: {done.stderr.strip()}")


def workers_of(pid: int) -> list[int]:
    """The worker processes of the uvicorn supervisor ``pid`` (its children)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


class Agent:
    """One simulated agent: a call, its current question, answers at fixed times."""

    def __init__(self, n: int, client: httpx.AsyncClient, acks: list[dict], stats: dict):
        self.n, self.client, self.acks, self.stats = n, client, acks, stats
        self.rng = random.Random(n)
        self.sid: str | None = None
        self.turn: dict[str, Any] = {}

    async def post(self, path: str, body: dict, key: str | None = None) -> httpx.Response | None:
        """POST, retried on network failures with the same idempotency key (≤ 10 times)."""
        headers = {"Idempotency-Key": key} if key else {}
        for attempt in range(10):
            try:
                return await self.client.post(path, json=body, headers=headers)
            except httpx.TransportError:
                self.stats["retries"] += 1
                await asyncio.sleep(0.2 * (attempt + 1))
        self.stats["errors"] += 1
        return None

    async def new_call(self) -> None:
        r = await self.post("/api/sessions", {"ticket": f"B-{self.n}-{uuid.uuid4().hex[:6]}"})
        if r is not None and r.status_code == 201:
            self.turn = r.json()
            self.sid = self.turn["id"]
        elif r is not None:
            self.stats["errors"] += 1

    def value(self, q: dict) -> Any:
        """A plausible answer: one of the offered values, else "unknown"."""
        values = [a["value"] for a in q.get("answers", [])]
        return self.rng.choice(values) if values else "unknown"

    async def answer(self) -> None:
        q = self.turn.get("question")
        if not self.sid or q is None or self.turn.get("phase") != "asking":
            await self.new_call()
            return
        key = uuid.uuid4().hex
        body = {"fact": q["fact"], "value": self.value(q), "expected_seq": self.turn["seq"]}
        start = time.perf_counter()
        r = await self.post(f"/api/sessions/{self.sid}/answers", body, key)
        ms = (time.perf_counter() - start) * 1000
        if r is None:
            return
        if r.status_code == 200:
            self.turn = r.json()
            self.stats["latencies"].append(ms)
            self.acks.append(
                {"sid": self.sid, "key": key, "seq": self.turn["seq"], "fact": q["fact"]}
            )
        else:
            self.stats["errors"] += 1
            self.stats["bad"].append((r.status_code, r.text[:200]))
            await self.new_call()

    async def run(self, interval: float, until: float) -> None:
        await asyncio.sleep(self.rng.uniform(0, interval))
        await self.new_call()
        due = time.monotonic() + interval
        while due < until:
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            await self.answer()
            due += interval


async def login(base: str, name: str) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=400, max_keepalive_connections=400)
    client = httpx.AsyncClient(base_url=base, timeout=30, limits=limits)
    r = await client.post("/api/login", json={"name": name, "password": PASSWORD})
    r.raise_for_status()
    client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return client


async def killer(pid: int, every: float, until: float, kills: list[int]) -> None:
    """SIGKILL a random worker every ``every`` seconds."""
    rng = random.Random(7)
    while time.monotonic() + every < until:
        await asyncio.sleep(every * rng.uniform(0.5, 1.5))
        victims = workers_of(pid)
        if victims:
            victim = rng.choice(victims)
            os.kill(victim, signal.SIGKILL)
            kills.append(victim)


async def load(args: argparse.Namespace, base: str, server: subprocess.Popen) -> dict:
    clients = [await login(base, f"bench{i}") for i in range(LOGINS)]
    acks: list[dict] = []
    stats: dict[str, Any] = {"latencies": [], "errors": 0, "retries": 0, "bad": []}
    until = time.monotonic() + args.duration
    agents = [Agent(n, clients[n % LOGINS], acks, stats) for n in range(args.agents)]
    kills: list[int] = []
    tasks = [a.run(args.interval, until) for a in agents]
    if args.kill:
        tasks.append(killer(server.pid, args.kill, until, kills))
    await asyncio.gather(*tasks)
    for c in clients:
        await c.aclose()
    return {"acks": acks, "stats": stats, "kills": kills}


def compare(url: str, acks: list[dict]) -> dict[str, int]:
    """The client's acknowledged answers against the database's events."""
    sys.path.insert(0, str(ROOT / "engine"))
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT session_id, seq, idem_key, kind, body FROM events ORDER BY session_id, seq"
            )
        ).all()
    engine.dispose()
    by_key: dict[tuple[str, str], list[int]] = {}
    facts: dict[tuple[str, str], int] = {}
    gaps = 0
    last: dict[str, int] = {}
    for sid, seq, key, kind, body in rows:
        if seq != last.get(sid, 0) + 1:
            gaps += 1
        last[sid] = seq
        if key:
            by_key.setdefault((sid, key), []).append(seq)
        if kind == "answer":
            fact = json.loads(body)["fact"]
            facts[(sid, fact)] = facts.get((sid, fact), 0) + 1
    lost = sum(by_key.get((a["sid"], a["key"])) != [a["seq"]] for a in acks)
    duplicated = sum(len(v) - 1 for v in by_key.values()) + sum(n - 1 for n in facts.values())
    return {"lost": lost, "duplicated": duplicated, "gaps": gaps, "events": len(rows)}


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 1)


def start_pg() -> tuple[Any, str]:
    """A throwaway PostgreSQL cluster (tests/store_fixtures.py) and a database in it."""
    sys.path.insert(0, str(ROOT))
    from tests.store_fixtures import Cluster, find_initdb

    initdb = find_initdb()
    if initdb is None:
        sys.exit("web_load: --pg needs PostgreSQL's initdb (Debian: apt-get install postgresql)")
    cluster = Cluster(initdb)
    cluster.start()
    return cluster, cluster.new_database()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--agents", type=int, default=200)
    p.add_argument("--interval", type=float, default=10.0)
    p.add_argument("--duration", type=float, default=120.0)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--db", help="a database URL (default: SQLite in a temporary folder)")
    p.add_argument("--pg", action="store_true", help="start a throwaway PostgreSQL cluster")
    p.add_argument(
        "--kill",
        type=float,
        default=0,
        metavar="SECONDS",
        help="SIGKILL a random worker about every SECONDS",
    )
    p.add_argument("--kb", help="knowledge base folder (default: the bundled one)")
    p.add_argument("--ack-log", default=None, help="write the acknowledged answers here (JSONL)")
    args = p.parse_args()

    cluster, tmp = None, tempfile.mkdtemp(prefix="posdoctor-load-")
    url = args.db or f"sqlite:///{tmp}/load.db"
    if args.pg:
        cluster, url = start_pg()
    # the agents share LOGINS logins (50 agents on one), so the per-user write limit is off
    env = {**os.environ, "POSDOCTOR_HOME": tmp, "POSDOCTOR_WRITE_LIMIT": "0"}
    for i in range(LOGINS):
        posdoctor(
            "users",
            "add",
            f"bench{i}",
            "--role",
            "agent",
            "--team",
            "bench",
            "--password-stdin",
            "--db",
            url,
            stdin=PASSWORD + "\n",
            env=env,
        )
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "posdoctor",
        "serve",
        "--db",
        url,
        "--port",
        str(port),
        "--workers",
        str(args.workers),
    ] + (["--kb", args.kb] if args.kb else [])
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_up(base, server)
        started = time.monotonic()
        got = asyncio.run(load(args, base, server))
        took = time.monotonic() - started
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    acks, stats = got["acks"], got["stats"]
    if args.ack_log:
        Path(args.ack_log).write_text("".join(json.dumps(a) + "\n" for a in acks))
    checked = compare(url, acks)
    if cluster is not None:
        cluster.stop()
    lat = stats["latencies"]
    print(
        f"db {url.split(':')[0]}, {args.workers} workers, {args.agents} agents, one answer "
        f"each {args.interval:g} s, {took:.0f} s; {len(got['kills'])} workers killed; "
        f"{stats['retries']} network retries"
    )
    for status, body in stats["bad"][:5]:
        print(f"  refused: {status} {body}")
    print(
        json.dumps(
            {
                "agents": args.agents,
                "answers": len(lat),
                "p50_ms": percentile(lat, 50),
                "p95_ms": percentile(lat, 95),
                "p99_ms": percentile(lat, 99),
                "errors": stats["errors"],
                "lost": checked["lost"],
                "duplicated": checked["duplicated"],
                "seq_gaps": checked["gaps"],
                "kills": len(got["kills"]),
                "retries": stats["retries"],
                "db": url.split(":")[0],
                "workers": args.workers,
                "duration_s": round(took, 1),
            }
        )
    )


def _wait_up(base: str, server: subprocess.Popen) -> None:
    """Wait for /api/healthz (the server exits with its one-line error otherwise)."""
    for _ in range(600):
        if server.poll() is not None:
            sys.exit(f"web_load: the server stopped: {server.stderr.read().decode()[-500:]}")
        try:
            if httpx.get(f"{base}/api/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    sys.exit("web_load: the server did not start in 60 s")


if __name__ == "__main__":
    main()
