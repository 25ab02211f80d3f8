"""musl's strerror / gai_strerror texts (tools/importers/errno_musl.py): reproducible from the
stored excerpts, whole, and read as the errno mapping decides (OpenWrt, Alpine)."""

from __future__ import annotations

from pathlib import Path

import pytest

import posdoctor
from posdoctor.logs.logscan import LogScanner

from .test_importers import IMPORTED, importer, table


def test_musl_output_is_reproducible(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer("_common"), "IMPORTED", tmp_path)
    importer("errno_musl").build()
    for file in ("errno_musl.yaml", "tables/errno_musl.json"):
        assert (tmp_path / file).read_bytes() == (IMPORTED / file).read_bytes(), file


def test_musl_table_is_whole() -> None:
    rows = {r["name"]: r for r in table("errno_musl")["codes"]}
    assert len(rows) >= 100
    assert (rows["EHOSTUNREACH"]["number"], rows["EHOSTUNREACH"]["en"]) == (
        113,
        "Host is unreachable",
    )
    assert rows["EHOSTUNREACH"]["glibc"] == "No route to host"
    assert (rows["EAI_NONAME"]["number"], rows["EAI_NONAME"]["en"]) == (-2, "Name does not resolve")


@pytest.mark.parametrize(
    ("line", "facts"),
    [
        # https://github.com/emmatyping/apt.cli.rs/issues/10 (a musl build of a Rust client)
        ("tcp connect error: Host is unreachable (os error 113)", {"update_host_reachable_by_ip": False}),
        ("wget: bad address 'repo.example.com': Name does not resolve", {"dns_resolves_update_host": False}),
        ("Please try again later", {}),  # "Try again" (EAI_AGAIN) is too generic a phrase
    ],
)  # fmt: skip
def test_musl_texts_are_read_as_the_errno_mapping_decides(
    kb: posdoctor.KnowledgeBase, line: str, facts: dict
) -> None:
    assert LogScanner(kb).scan_lines([line]).facts == facts
