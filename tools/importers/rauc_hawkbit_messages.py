"""Import rauc-hawkbit-updater's failure messages (every g_set_error / g_set_error_literal /
g_prefix_error / g_warning / g_critical text in src/ at v1.4) into
imported/tables/rauc_hawkbit.json, and a signature for each message
tools/importers/mappings/rauc_hawkbit.yaml maps to facts into imported/rauc_hawkbit.yaml.

    python tools/importers/rauc_hawkbit_messages.py                     # from the stored excerpt
    python tools/importers/rauc_hawkbit_messages.py --refresh RHU  # re-extract from a checkout
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c
import _messages as m

FAMILY = "rauc_hawkbit"
TAG = "v1.4"
REF = "rauc-hawkbit-updater-1-4-messages"
EXCERPT = "rauc-hawkbit-updater/error-messages.txt"
CALLS: dict[str, int | None] = {
    "g_set_error": 2, "g_set_error_literal": 2, "g_prefix_error": None, "g_warning": None,
    "g_critical": None,
}  # fmt: skip


def refresh(repo: Path) -> None:
    """Re-extract every error and warning call of src/ at TAG."""
    names = m.files(repo, TAG, ["src"], (".c",))
    m.refresh_excerpt(repo, TAG, names, CALLS, EXCERPT)


def build() -> None:
    """Write the signature file and the table from the stored excerpt."""
    m.build(FAMILY, EXCERPT, REF, f"rauc-hawkbit-updater {TAG} error and warning messages (src/)")


def main() -> None:
    c.main(__doc__, build, refresh, "RHU")


if __name__ == "__main__":
    main()
