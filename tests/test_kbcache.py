"""The KB cache: an unchanged KB loads from it; any change to a file is checked again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import posdoctor
from posdoctor.kb import kbcache

from .conftest import MINI_KB


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("POSDOCTOR_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_an_unchanged_kb_comes_from_the_cache(cache: Path, tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(MINI_KB, root)
    first = posdoctor.load_knowledge_base(root)
    (entry,) = cache.glob("kb-*.pickle")
    second = posdoctor.load_knowledge_base(root)
    assert second == first and second is not first
    assert dict(second.facts) == dict(first.facts)
    doctor = posdoctor.Doctor(second)  # a cached KB compiles and diagnoses like a fresh one
    facts = {"network_connected": True, "dns_resolves_update_host": False}
    assert [c.id for c in doctor.diagnose(facts).causes] == [
        c.id for c in posdoctor.Doctor(first).diagnose(facts).causes
    ]
    assert entry.stat().st_size > 0


def test_a_kb_with_warnings_comes_from_the_cache_too(cache: Path, tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(MINI_KB, root)
    base = root / "knowledge" / "base.yaml"
    text = base.read_text(encoding="utf-8")
    spare = """  - id: spare_step
    title: {zh: 备用步骤, en: Spare step}
    do:
      - {zh: 什么也不做, en: Nothing}
    minutes: 1
    verify: {zh: 无, en: Nothing}
"""
    base.write_text(text.replace("steps:\n", "steps:\n" + spare, 1), encoding="utf-8")
    first = posdoctor.load_knowledge_base(root)
    assert [p.message for p in first.warnings] == ["step 'spare_step' is not used by any cause"]
    (entry,) = cache.glob("kb-*.pickle")
    digest = entry.name.split("-")[1]
    cached = kbcache.load(digest)
    assert cached == first and cached.warnings == first.warnings


def test_a_changed_file_is_checked_again(cache: Path, tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(MINI_KB, root)
    posdoctor.load_knowledge_base(root)
    rules = root / "rules" / "rules.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("network_outage", "network_outag"),
        encoding="utf-8",
    )
    with pytest.raises(
        posdoctor.KnowledgeBaseError, match="no rule can conclude cause 'network_outage'"
    ):
        posdoctor.load_knowledge_base(root)


def test_a_damaged_entry_is_rebuilt(cache: Path, tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(MINI_KB, root)
    posdoctor.load_knowledge_base(root)
    (entry,) = cache.glob("kb-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert len(posdoctor.load_knowledge_base(root).causes) == 4


def test_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSDOCTOR_CACHE", "off")
    assert kbcache.folder() is None
    assert len(posdoctor.load_knowledge_base(MINI_KB).causes) == 4


def test_a_tampered_entry_cannot_run_code(cache: Path, tmp_path: Path) -> None:
    import os
    import pickle

    class Evil:
        def __reduce__(self):  # what a malicious cache file would hold
            return (os.system, ("touch " + str(tmp_path / "pwned"),))

    root = tmp_path / "kb"
    shutil.copytree(MINI_KB, root)
    posdoctor.load_knowledge_base(root)
    (entry,) = cache.glob("kb-*.pickle")
    entry.write_bytes(pickle.dumps(Evil()))
    assert len(posdoctor.load_knowledge_base(root).causes) == 4  # rebuilt from the YAML
    assert not (tmp_path / "pwned").exists()


def test_only_the_most_recently_used_entries_are_kept(cache: Path, tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(MINI_KB, root)
    rules = root / "rules" / "rules.yaml"
    original = rules.read_text(encoding="utf-8")
    digests = []
    for version in range(kbcache.KEEP + 2):  # each edit of the KB is a new entry
        rules.write_text(original + f"# edit {version}\n", encoding="utf-8")
        posdoctor.load_knowledge_base(root)
        (newest,) = [e for e in cache.glob("kb-*.pickle") if e.name.split("-")[1] not in digests]
        digests.append(newest.name.split("-")[1])
        os.utime(newest, (1_000_000 + version, 1_000_000 + version))  # one second apart
    kept = sorted(e.name.split("-")[1] for e in cache.glob("kb-*.pickle"))
    assert kept == sorted(digests[-kbcache.KEEP :])
    # loading an entry makes it the most recent: the next new one prunes another
    assert kbcache.load(digests[-kbcache.KEEP]) is not None
    rules.write_text(original + "# edit again\n", encoding="utf-8")
    posdoctor.load_knowledge_base(root)
    kept = {e.name.split("-")[1] for e in cache.glob("kb-*.pickle")}
    assert len(kept) == kbcache.KEEP
    assert digests[-kbcache.KEEP] in kept and digests[-kbcache.KEEP + 1] not in kept
