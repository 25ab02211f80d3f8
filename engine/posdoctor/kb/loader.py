"""Find, read and assemble a knowledge base from YAML files, reporting every problem at once."""

from __future__ import annotations

import contextlib
import gc
import hashlib
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from . import kbcache
from .checker import KIND_WORDS as KINDS
from .items import RULE_SECTIONS, SECTIONS
from .model import KnowledgeBase
from .problems import KnowledgeBaseError, Problem, suggestion
from .schema import Reader
from .validate import cross_check
from .yamlfile import YamlDoc, read_limited, read_yaml, too_big


def bundled_root() -> Path:
    """The folder holding the knowledge base shipped inside the package."""
    return Path(str(resources.files("posdoctor")))


def kb_files(root: Path) -> list[tuple[Path, str]]:
    """Every YAML file of a KB folder, with the name to show in messages."""
    out: list[tuple[Path, str]] = []
    for part in ("knowledge", "rules"):
        base = root / part
        if base.is_dir():
            files = sorted(p for p in base.rglob("*") if p.suffix in (".yaml", ".yml"))
            out.extend((p, p.relative_to(root).as_posix()) for p in files)
    return out


def check_knowledge_base(
    root: str | Path | None = None,
) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Load the KB at ``root`` (bundled when None); return it (None on errors) and all problems."""
    roots, sources, problems = _collect(root)
    with _gc_paused():
        return _check(roots, sources, problems, _digest(roots, sources), thorough=True)


def load_knowledge_base(root: str | Path | None = None, *, cache: bool = True) -> KnowledgeBase:
    """Load and validate a knowledge base; raise KnowledgeBaseError listing its problems.

    A KB that checked clean is kept in the user's cache (keyed by a hash of every file), so
    the next command that loads the same files skips parsing and checking them again."""
    roots, sources, problems = _collect(root)
    digest = _digest(roots, sources)
    with _gc_paused():
        kb = kbcache.load(digest) if cache and not problems else None
        read = kb is None
        if read:
            kb, problems = _check(roots, sources, problems, digest)
    if kb is None:
        raise KnowledgeBaseError(problems)
    if cache and read:
        kbcache.store(digest, kb)
    return kb


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a KB is read: it makes tens of thousands of objects
    and no garbage cycles, and the collector walked them all several times (~8% of a load)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _collect(root: str | Path | None) -> tuple[list[Path], list[tuple[str, bytes]], list[Problem]]:
    """The folders to read and the raw bytes of every YAML file in them."""
    problems: list[Problem] = []
    roots = _roots(Path(root) if root is not None else None, problems)
    sources = []
    for base in roots:
        for path, name in kb_files(base):
            try:
                raw = read_limited(path)
            except OSError as exc:
                problems.append(Problem(name, 0, 0, "", f"cannot read file: {exc.strerror}"))
                continue
            if raw is None:
                problems.append(too_big(name))
            else:
                sources.append((name, raw))
    if not sources and not problems:
        where = roots[-1] if roots else root
        problems.append(
            Problem(
                str(where),
                0,
                0,
                "",
                "no knowledge base here",
                "expected knowledge/*.yaml and rules/*.yaml",
            )
        )
    return roots, sources, problems


def _digest(roots: list[Path], sources: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256("\0".join(map(str, roots)).encode())
    for name, raw in sources:
        digest.update(name.encode() + b"\0" + raw + b"\0")
    return digest.hexdigest()[:24]


def _check(
    roots: list[Path],
    sources: list[tuple[str, bytes]],
    problems: list[Problem],
    digest: str,
    thorough: bool = False,
) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Read and cross-check every file; ``thorough`` (kb check) also tests each signature's
    examples against its pattern, which a KB that runs does not need."""
    items = _read_all(sources, problems, thorough)
    location = str(roots[-1]) if roots else ""
    kb = cross_check(items, problems, location=location, digest=digest[:16])
    problems.sort(key=lambda p: (p.severity != "error", p.file, p.line, p.col))
    if any(p.severity == "error" for p in problems):
        return None, problems
    return kb, problems


def _roots(root: Path | None, problems: list[Problem]) -> list[Path]:
    """The folders to read, in order: the bundled KB first when ``root`` extends it."""
    if root is None:
        return [bundled_root()]
    if not root.is_dir():
        problems.append(
            Problem(
                str(root),
                0,
                0,
                "",
                "not a folder",
                "--kb takes a folder holding knowledge/ and rules/",
            )
        )
        return []
    manifest = root / "kb.yaml"
    if not manifest.is_file():
        return [root]
    doc = _read_manifest(manifest)
    problems.extend(doc.problems)
    data = doc.data if isinstance(doc.data, dict) else {}
    r = Reader(doc, problems)
    r.mapping(data, (), (), ("extends",), "kb.yaml")
    extends = data.get("extends")
    if extends is None:
        return [root]
    if extends != "bundled":
        r.fail(("extends",), f"can only extend 'bundled' (got {extends!r})")
        return [root]
    return [bundled_root(), root]


def _read_manifest(manifest: Path) -> YamlDoc:
    """kb.yaml, read like the other files (bounded, UTF-8 or a located problem)."""
    try:
        raw = read_limited(manifest)
    except OSError as exc:
        return YamlDoc(
            "kb.yaml", problems=[Problem("kb.yaml", 0, 0, "", f"cannot read file: {exc.strerror}")]
        )
    if raw is None:
        return YamlDoc("kb.yaml", problems=[too_big("kb.yaml")])
    try:
        return read_yaml(raw.decode("utf-8"), "kb.yaml")
    except UnicodeDecodeError as exc:
        message = f"cannot read file: not UTF-8 ({exc.reason})"
        return YamlDoc("kb.yaml", problems=[Problem("kb.yaml", 0, 0, "", message)])


def _read_all(
    sources: Iterable[tuple[str, bytes]], problems: list[Problem], thorough: bool = False
) -> dict:
    """Read every file's sections into lists of (item, reader, path)."""
    items: dict[str, list[tuple[Any, Reader, tuple]]] = {k: [] for k in KINDS}
    for name, raw in sources:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(name, 0, 0, "", f"cannot read file: not UTF-8 ({exc.reason})"))
            continue
        doc = read_yaml(text, name)
        problems.extend(doc.problems)
        if doc.data is None and not doc.problems:
            continue
        allowed = RULE_SECTIONS if name.startswith("rules/") else SECTIONS
        _read_sections(Reader(doc, problems, thorough), doc, allowed, items)
    return items


def _read_sections(r: Reader, doc: YamlDoc, allowed: dict, items: dict) -> None:
    if doc.problems and doc.data is None:
        return
    if not isinstance(doc.data, dict):
        r.fail((), "the file must be a mapping of sections", "e.g. 'facts:' with a list under it")
        return
    for section, value in doc.data.items():
        if section not in allowed:
            where = "rules/" if section == "rules" else "knowledge/"
            hint = (
                f"'{section}' belongs under {where}"
                if section in KINDS
                else suggestion(section, allowed, "allowed")
            )
            r.fail((section,), f"unknown section '{section}'", hint, key=True)
            continue
        if not isinstance(value, list):
            r.fail((section,), f"'{section}' must be a list")
            continue
        reader = allowed[section]
        for i, raw in enumerate(value):
            model = reader(r, raw, (section, i))
            if model is not None:
                items[section].append((model, r, (section, i)))
