"""The strict YAML reader: what PyYAML lets through silently, we refuse with a location."""

from pathlib import Path

from posdoctor.kb.yamlfile import format_path, read_yaml


def problems(text: str) -> list[str]:
    return [str(p) for p in read_yaml(text, "f.yaml").problems]


def test_duplicate_keys_are_refused_with_both_lines() -> None:
    assert problems("facts:\n  - id: a\n    cost: 1\n    cost: 2\n") == [
        "f.yaml:4:5: facts[0] (a) > cost: duplicate key 'cost' (first defined at line 3)"
    ]


def test_yaml11_booleans_are_refused() -> None:
    assert problems("ask: no\nx: Off\nok: true\nquoted: 'no'\n") == [
        "f.yaml:1:6: ask: ambiguous boolean 'no' (write true or false; quote it if you mean the text)",
        "f.yaml:2:4: x: ambiguous boolean 'Off' (write true or false; quote it if you mean the text)",
    ]


def test_tabs_in_indentation_are_refused() -> None:
    assert problems("a:\n\t- 1\n") == [
        "f.yaml:2:1: tab character in indentation (indent with spaces)"
    ]


def test_syntax_error_has_a_location() -> None:
    assert problems("a: [1,\n b: 2") == [
        "f.yaml:3:1: YAML syntax error: did not find expected ',' or ']'"
    ]


def test_values_are_located() -> None:
    doc = read_yaml("rules:\n  - id: r1\n    when: {fact: x, is: true}\n", "r.yaml")
    assert doc.where(("rules", 0, "when", "is")) == (3, 25)
    assert doc.where(("rules", 0, "when"), key=True) == (3, 5)
    assert format_path(("rules", 0, "when", "is"), doc.data) == "rules[0] (r1) > when > is"


def test_plain_values_keep_their_types() -> None:
    doc = read_yaml("a: [true, 1, 1.5, null, text, '3']\n", "f.yaml")
    assert doc.data == {"a": [True, 1, 1.5, None, "text", "3"]}
    assert doc.problems == []


def test_every_bundled_file_reads_as_pyyaml_reads_it() -> None:
    """The strict reader's values are PyYAML's (its shortcut for strings included)."""
    import yaml as pyyaml

    root = Path(__file__).resolve().parent.parent
    files = sorted([*root.glob("knowledge/**/*.yaml"), *root.glob("rules/*.yaml")])
    assert len(files) > 40
    for path in files:
        text = path.read_text(encoding="utf-8")
        doc = read_yaml(text, str(path))
        assert not doc.problems, path
        assert doc.data == pyyaml.safe_load(text), path


def test_locations_are_found_in_the_parsed_tree() -> None:
    """Where a value came from is looked up when asked: the first of duplicate keys, a parent
    for a path that is not there, the value itself for a list item asked for its key."""
    doc = read_yaml("a:\n  b: [x, {c: 1}]\n  b: 2\nd: ok\n", "f.yaml")
    assert doc.where(("a", "b", 1, "c")) == (2, 14)
    assert doc.where(("a", "b", 1, "c"), key=True) == (2, 11)
    assert doc.where(("a", "b")) == (2, 6)
    assert doc.where(("a", "nope", 3)) == (2, 3)
    assert doc.where(("a", "b", 0), key=True) == (2, 7)
    assert doc.where(("d",), key=True) == (4, 1)
    assert doc.where(()) == (1, 1)
    assert [str(p) for p in doc.problems] == [
        "f.yaml:3:3: a > b: duplicate key 'b' (first defined at line 2)"
    ]


def test_a_clean_file_and_a_file_with_problems_read_the_same_values() -> None:
    """The quick build (nothing to report) and the careful one (problems) give equal data."""
    clean = read_yaml("a: [1, x, {b: 2.5, c: null}]\ne: true\n", "f.yaml")
    noisy = read_yaml("a: [1, x, {b: 2.5, c: null}]\ne: true\nf: no\n", "f.yaml")
    assert clean.problems == []
    assert len(noisy.problems) == 1
    assert noisy.data == {**clean.data, "f": False}
