"""The fuzzing suite on the real command: generated argv, files and standard input, in a child.

Each run is the ``posdoctor`` process of tests/test_hostile.py's ``child``: at most 1 GiB of
address space and 30 s, HOME, TMPDIR and POSDOCTOR_HOME inside a tmp folder. Whatever the
arguments (real commands and options, junk, the hostile files of test_hostile.py, ``-``) and
whatever arrives on standard input, it exits 0, 1 or 2, prints no traceback and at most two
error lines, writes nothing outside the session store and the KB cache (not in its working
folder, not in the KB folders, and nowhere else by the child's own log of every file it writes:
/tmp, HOME ...; tests/child_writes.py), and leaves a store that ``sessions`` still lists.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .child_writes import outside, written
from .test_fuzz import SCALE
from .test_hostile import DNS, check_child, child, hostile_files

pytestmark = pytest.mark.fuzz

COMMANDS = [
    ["diagnose"],
    ["ask"],
    ["kb", "check"],
    ["kb", "list", "facts"],
    ["kb", "list", "rules"],
    ["sessions"],
    ["report"],
    ["runbook"],
    ["fleet", "triage"],
    [],
]
OPTIONS = ["--fact", "--facts", "--log", "--format", "--lang", "--kb", "--top", "--resume",
           "--cause", "--all", "--delete", "--help", "--version", "-"]  # fmt: skip
# (no -o: what a person asks to be written, a handbook folder, is not the store's)
VALUES = [
    "storage_free_mb=0",
    "network_connected=false",
    "error_message=No space left on device",
    "error_message=" + "a" * 300 + "!",
    "nosuch=1",
    "storage_free_mb=1e309",
    "json",
    "markdown",
    "html",
    "zh",
    "en",
    "fr",
    "0",
    "-1",
    "dns_failure",
    "20991231-000000-dead",
    "",
    "=",
    "\u200b",
]
FILES = [
    "bomb.yaml",
    "deep.json",
    "deep.yaml",
    "facts-list.json",
    "inf.json",
    "self.yaml",
    "utf16.log",
    "random.bin",
    "zip.log",
    "bomb-kb",
    "nope.log",
    "/dev/null",
]
ARGV = st.tuples(
    st.sampled_from(COMMANDS),
    st.lists(
        st.sampled_from(OPTIONS) | st.sampled_from(VALUES) | st.sampled_from(FILES), max_size=6
    ),
).map(lambda t: [*t[0], *t[1]])
STDIN = st.one_of(
    st.just(b""),
    st.sampled_from([b"yes\n" * 5, b"q\n", "否\n不知道\n".encode("gbk"), DNS.encode() + b"\n"]),
    st.binary(max_size=200),
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("fuzz-cli")
    hostile_files(where)
    (where / "cache").mkdir()
    return where


def store_still_lists(where: Path) -> None:
    """``sessions`` on the store the fuzzed runs left: exit 0 and a JSON list."""
    done = child(["sessions", "--format", "json"], where)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert isinstance(json.loads(done.stdout), list)


@settings(
    max_examples=40 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(argv=ARGV, stdin=STDIN)
def test_any_command_line_ends_cleanly(hostile: Path, argv: list[str], stdin: bytes) -> None:
    before = {p for p in hostile.rglob("*") if p.is_file()}
    started = time.monotonic()
    with tempfile.TemporaryFile() as given_stdin:
        given_stdin.write(stdin)
        given_stdin.seek(0)
        done = child(argv, hostile, given_stdin, env={"POSDOCTOR_CACHE": str(hostile / "cache")})
    assert time.monotonic() - started < 30
    check_child(done, hostile, before)


def test_the_store_still_lists_after_the_fuzzed_runs(hostile: Path) -> None:
    for argv in (["ask", "--fact", "network_connected=false"], ["ask", "--facts", "bomb.yaml"]):
        with tempfile.TemporaryFile() as answers:
            answers.write(b"no\nyes\nq\n")
            answers.seek(0)
            assert child(argv, hostile, answers).returncode in (0, 2)
    store_still_lists(hostile)


def test_the_write_log_sees_every_write_wherever_it_goes(hostile: Path) -> None:
    """The check the fuzzed runs pass can fail: a handbook written to /tmp and a session saved
    in the store are both in the child's log, and only the first is outside."""
    elsewhere = Path(tempfile.mkdtemp(prefix="posdoctor-fuzz-"))  # in the shared /tmp
    cache = {"POSDOCTOR_CACHE": str(hostile / "cache")}
    try:
        args = ["runbook", "--cause", "dns_failure", "-o", str(elsewhere)]
        done = child(args, hostile, env=cache)
        assert done.returncode == 0, done.stderr
        allowed = (hostile / "store", hostile / "cache")
        assert outside(hostile, allowed) == [
            ("os.mkdir", elsewhere),  # the folder asked for (it exists already)
            ("open", elsewhere / "runbook.md"),
        ]
    finally:
        shutil.rmtree(elsewhere)
    with tempfile.TemporaryFile() as answers:
        answers.write(b"q\n")
        answers.seek(0)
        child(["ask", "--fact", "network_connected=false"], hostile, answers, env=cache)
    saved = [path for _, path in written(hostile) if hostile / "store" in path.parents]
    assert hostile / "store" / "posdoctor.db" in saved
    assert outside(hostile, allowed) == []
