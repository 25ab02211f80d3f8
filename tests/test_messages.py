"""The message catalogue (posdoctor/messages.py): complete in every language, every entry used,
and the only place in the package's code where Chinese interface text is written."""

from __future__ import annotations

import ast
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from posdoctor.kb.answers import FactError
from posdoctor.kb.model import CATEGORIES
from posdoctor.messages import (
    LANGUAGES,
    MESSAGES,
    TYPED,
    UNEVEN,
    UNTRANSLATED,
    Message,
    say,
    words,
)

PACKAGE = Path(__file__).resolve().parents[1] / "engine" / "posdoctor"
CATALOGUE = PACKAGE / "messages.py"
TEMPLATES = PACKAGE / "output" / "templates"
CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")  # CJK ideographs

# Chinese in package code that is not interface text, and why.
NOT_INTERFACE = {
    ("kb/items.py", "e.g. unit: '%' or unit: {zh: 分钟, en: min}"): "a YAML example for KB authors",
}


def _code_files() -> list[Path]:
    """The package's Python files, without the knowledge base (YAML) and the catalogue."""
    return sorted(p for p in PACKAGE.rglob("*.py") if p != CATALOGUE)


def _template_files() -> list[Path]:
    """Every template of the package (output/templates, fleet/templates, ...)."""
    folders = [TEMPLATES, *(d for d in PACKAGE.rglob("templates") if d != TEMPLATES)]
    return sorted(p for d in folders for p in d.rglob("*") if p.is_file())


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_entry_is_in_every_language_with_the_same_placeholders(key):
    entry = MESSAGES[key]
    assert set(entry) == set(LANGUAGES), key
    assert all(entry[lang].strip() for lang in LANGUAGES), key
    names = {lang: _placeholders(entry[lang]) for lang in LANGUAGES}
    if key in UNEVEN:
        assert names["en"] != names["zh"], f"{key} is even now: take it out of UNEVEN"
    else:
        assert all(n == names["en"] for n in names.values()), (key, names)


def test_uneven_entries_exist():
    assert set(UNEVEN) <= set(MESSAGES)


@pytest.mark.parametrize("key", sorted(UNTRANSLATED))
def test_untranslated_entries_say_the_english_until_translated(key):
    entry = MESSAGES[key]
    assert entry["zh"] == entry["en"], f"{key} is translated now: take it out of UNTRANSLATED"


def test_unknown_keys_raise_key_error():
    with pytest.raises(KeyError):
        say("no.such.key", "en")
    with pytest.raises(KeyError):
        Message("no.such.key")


def test_fields_fill_placeholders_and_messages_nest():
    assert say("cli.deleted", "zh", id="abc") == "已删除 abc"
    inner = Message("phase.hint_undo")
    outer = Message("phase.refused_hint", action=Message("action.answer"), phase="x", hint=inner)
    assert outer.text("en") == "cannot answer a question now: the session is x (undo() reopens it)"
    assert outer.text("zh") == "现在不能回答问题：会话x（调用 undo() 可重新打开）"
    assert say("handbook.results", "en") == "{n} cause(s) found"  # no fields: left as written


def test_a_language_without_an_entry_falls_back_to_english():
    assert say("label.cause", "fr") == "Cause"


def test_errors_carry_a_message_and_keep_their_api():
    exc = FactError(Message("fact.unknown", fact="x"))
    assert str(exc) == "unknown fact 'x' (see 'posdoctor kb list facts')"
    assert exc.text("en") == str(exc)
    assert exc.text("zh") == "没有名为 'x' 的事实（见 'posdoctor kb list facts'）"
    assert FactError("only English").text("zh") == "only English"


@pytest.mark.parametrize("key", sorted(TYPED))
def test_typed_words_are_given_in_every_language_as_they_are_compared(key):
    assert set(TYPED[key]) == set(LANGUAGES), key
    for lang, ws in TYPED[key].items():
        assert ws, (key, lang)
        assert all(w == w.strip().lower() for w in ws), (key, lang)
    assert words(key) == {w for ws in TYPED[key].values() for w in ws}


def _used_literally() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in _code_files() + _template_files())


def test_every_key_is_used():
    text = _used_literally()
    handbook = set(re.findall(r"\bt\.(\w+)", text))  # runbook and fleet templates: t = words
    handbook |= set(re.findall(r"\bt\[['\"](\w+)['\"]\]", text))  # fleet/report.py: t["word"]
    unused = []
    for key in [*MESSAGES, *TYPED]:
        prefix, _, rest = key.partition(".")
        if prefix == "category":  # category_label() looks them up by the KB's category id
            used = rest in CATEGORIES
        elif prefix in ("handbook", "fleet"):
            used = rest in handbook or f'"{key}"' in text
        else:
            used = f'"{key}"' in text or f"'{key}'" in text
        if not used:
            unused.append(key)
    assert unused == []


def test_every_category_has_a_name():
    assert all(f"category.{c}" in MESSAGES for c in CATEGORIES)


def _chinese_literals(path: Path) -> list[tuple[int, str]]:
    """String literals of a Python file holding Chinese (f-string parts included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and CHINESE.search(node.value)
    ]


def test_no_chinese_literal_outside_the_catalogue():
    found = []
    for path in _code_files():
        rel = path.relative_to(PACKAGE).as_posix()
        for line, text in _chinese_literals(path):
            if (rel, text) not in NOT_INTERFACE:
                found.append(f"{rel}:{line}: {text!r}")
    for path in _template_files():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if CHINESE.search(line):
                found.append(f"{path.relative_to(PACKAGE).as_posix()}:{n}: {line.strip()}")
    assert found == [], "interface text belongs in posdoctor/messages.py (docs/messages.md)"


def test_the_scan_sees_chinese_in_code(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('x = f"{y} 不是"\nz = "\\u4e0d"\n', encoding="utf-8")
    assert sorted(line for line, _ in _chinese_literals(sample)) == [1, 2]


def test_the_catalogue_imports_nothing_of_posdoctor_or_yaml():
    tree = ast.parse(CATALOGUE.read_text(encoding="utf-8"))
    imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)] + [
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    ]
    assert set(imported) <= {"__future__", "typing"}
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, posdoctor.messages; print(sorted(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "'yaml'" not in loaded and "'jinja2'" not in loaded
