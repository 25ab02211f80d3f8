"""Import SWUpdate's failure messages (every ERROR(...), WARN(...) and notify(...) text in
core/, corelib/, crypto/, handlers/ and suricatta/ at SWUpdate 2026.05.1) into
imported/tables/swupdate.json, and a signature for each message
tools/importers/mappings/swupdate.yaml maps to facts into imported/swupdate.yaml.

    python tools/importers/swupdate_messages.py                     # from the stored excerpt
    python tools/importers/swupdate_messages.py --refresh SWUPDATE  # re-extract from a checkout
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c
import _messages as m

FAMILY = "swupdate"
TAG = "2026.05.1"
REF = "swupdate-2026-05-1-messages"
EXCERPT = "swupdate/error-messages.txt"
CALLS: dict[str, int | None] = {"ERROR": None, "WARN": None, "notify": None}


def refresh(repo: Path) -> None:
    """Re-extract every ERROR / WARN / notify call of the failure paths' folders at TAG."""
    names = m.files(repo, TAG, ["core", "corelib", "crypto", "handlers", "suricatta"], (".c",))
    m.refresh_excerpt(repo, TAG, names, CALLS, EXCERPT)


def build() -> None:
    """Write the signature file and the table from the stored excerpt."""
    folders = "core/, corelib/, crypto/, handlers/, suricatta/"
    m.build(FAMILY, EXCERPT, REF, f"SWUpdate {TAG} ERROR/WARN/notify messages ({folders})")


def main() -> None:
    c.main(__doc__, build, refresh, "SWUPDATE")


if __name__ == "__main__":
    main()
