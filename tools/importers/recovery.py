"""Import Android recovery's ErrorCode and CauseCode enums (otautil/include/otautil/error_code.h)
into knowledge/signatures/imported/tables/recovery.json: recovery writes them to its log as
"error: N" and "cause: N". The signatures that read those lines are hand-written in
knowledge/signatures/android_ota.yaml (recovery-error-*, recovery-cause-*), each with a note naming
its enum member; tests/test_log_kb_review.py checks the notes against this header.

    python tools/importers/recovery.py   # build from the stored excerpt (no --refresh: the
                                         # header is stored whole, see upstream/provenance.yaml)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

FAMILY = "recovery"
HEADER = "android-recovery/error_code.h"


def table() -> list[dict[str, Any]]:
    """Every ErrorCode and CauseCode member but the -1 placeholders, with the line it logs."""
    text = c.excerpt(HEADER)
    rows = []
    for enum, word in (("ErrorCode", "error"), ("CauseCode", "cause")):
        for name, number in c.c_enum(text, enum).items():
            if number >= 0:
                rows.append({"name": name, "number": number, "en": f"{word}: {number}"})
    return rows


def build() -> None:
    """Write the table from the stored excerpt."""
    c.write_table(FAMILY, table(), [HEADER])


if __name__ == "__main__":
    build()
