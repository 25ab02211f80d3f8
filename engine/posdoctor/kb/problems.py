"""Problems found in a knowledge base or in user input.

Each is reported as ``file:line:col: key path: message (hint)``.
"""

from __future__ import annotations

import difflib
import errno
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from ..messages import Message


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong, located in a file; ``severity`` is ``error`` or ``warning``."""

    file: str
    line: int
    col: int
    path: str
    message: str
    hint: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}: " if self.file else ""
        path = f"{self.path}: " if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        tag = "warning: " if self.severity == "warning" else ""
        return f"{where}{path}{tag}{self.message}{hint}"


class UserInputError(ValueError):
    """Something a person typed cannot be used: a catalogue Message said in the reader's
    language, or (for messages not in the catalogue yet) an English text; str() is English."""

    def __init__(self, message: str | Message, zh: str | None = None):
        self.message = message if isinstance(message, Message) else None
        self.zh = zh  # the older (English, Chinese) form, for code not moved to the catalogue
        super().__init__(message.text("en") if isinstance(message, Message) else message)

    def text(self, lang: str) -> str:
        """The message in ``lang`` ("zh" or "en"); English where the catalogue has no entry."""
        if self.message:
            return self.message.text(lang)
        return self.zh if lang == "zh" and self.zh else str(self)


class KnowledgeBaseError(Exception):
    """The knowledge base has errors; ``problems`` lists every one of them."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        first = str(errors[0]) if errors else "invalid knowledge base"
        more = f" (and {len(errors) - 1} more; run 'posdoctor kb check')" if len(errors) > 1 else ""
        super().__init__(first + more)


def closest(word: str, choices: Iterable[str]) -> str:
    """The one of ``choices`` closest to ``word`` (a likely typo of it), or ''."""
    close = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=0.6)
    return close[0] if close else ""


def suggestion(word: str, choices: Collection[str], listed: str) -> str:
    """'did you mean ...?' for a likely typo of one of ``choices``, else ``listed: a, b, c``."""
    return did_you_mean(word, choices) or f"{listed}: " + ", ".join(choices)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return a 'did you mean ...?' hint for the closest of ``choices``, or ''."""
    close = closest(word, choices)
    return f"did you mean '{close}'?" if close else ""


OS_ERRORS = {  # errno -> what it means, in the reader's language (glibc's zh_CN wording)
    errno.ENOENT: "os_error.no_such_file",
    errno.EISDIR: "os_error.is_a_folder",
    errno.ENOTDIR: "os_error.not_a_folder",
    errno.EACCES: "os_error.permission",
    errno.EPERM: "os_error.permission",
    errno.ENOSPC: "os_error.no_space",
    errno.EROFS: "os_error.read_only",
    errno.EIO: "os_error.io",
    errno.ENAMETOOLONG: "os_error.too_long",
    errno.ELOOP: "os_error.loop",
}
