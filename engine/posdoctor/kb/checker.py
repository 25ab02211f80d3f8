"""What the whole-KB checks share: the items of every section indexed by id, and the list
their problems go to."""

from __future__ import annotations

from typing import Any

from .problems import Problem, did_you_mean

KIND_WORDS = {
    "facts": "fact",
    "causes": "cause",
    "steps": "step",
    "signatures": "signature",
    "practices": "practice",
    "teams": "team",
    "sources": "source",
    "rules": "rule",
}


class Checker:
    """Holds the items of every section while the cross-checks run."""

    def __init__(self, items: dict, problems: list[Problem]):
        self.items = items
        self.problems = problems
        self.by_id: dict[str, dict[str, Any]] = {k: {} for k in items}

    def fail(
        self, entry: tuple, where: tuple, message: str, hint: str = "", severity: str = "error"
    ) -> None:
        _model, reader, path = entry
        self.problems.append(reader.doc.problem(path + where, message, hint, severity))

    def index(self) -> None:
        """Index items by id; report ids defined twice anywhere in the KB."""
        seen: dict[str, tuple[str, Any]] = {}
        for section, entries in self.items.items():
            for entry in entries:
                model = entry[0]
                if model.id in seen:
                    kind, first = seen[model.id]
                    self.fail(
                        entry,
                        ("id",),
                        f"duplicate id '{model.id}'",
                        f"first defined as a {kind} at {first.origin}",
                    )
                    continue
                seen[model.id] = (KIND_WORDS[section], model)
                self.by_id[section][model.id] = entry

    def ref(self, entry: tuple, where: tuple, ident: str, section: str) -> bool:
        """Check ``ident`` names an item of ``section``; report it with a suggestion if not."""
        if ident in self.by_id[section]:
            return True
        self.fail(
            entry,
            where,
            f"unknown {KIND_WORDS[section]} '{ident}'",
            did_you_mean(ident, self.by_id[section]),
        )
        return False
