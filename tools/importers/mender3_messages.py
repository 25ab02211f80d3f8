"""Import the Mender Go client's failure messages (Mender 3.5.3, the last Go client, still on
many devices: its logfmt lines ``level=error msg="..."``): every log.Error/Errorf/Warn/Warnf
text and errors.New/Errorf/Wrap/Wrapf and fmt.Errorf message of the client and of the
mender-artifact reader it vendors, into imported/tables/mender3.json, and a signature for each
message tools/importers/mappings/mender3.yaml maps to facts into imported/mender3.yaml.

    python tools/importers/mender3_messages.py                   # from the stored excerpt
    python tools/importers/mender3_messages.py --refresh MENDER  # re-extract from a checkout
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c
import _messages as m

FAMILY = "mender3"
TAG = "3.5.3"
REF = "mender-3-5-3-messages"
EXCERPT = "mender3/messages.txt"
FOLDERS = ["app", "client", "datastore", "device", "installer", "inventory", "statescript",
           "store", "system", "utils", "vendor/github.com/mendersoftware/mender-artifact/areader",
           "vendor/github.com/mendersoftware/mender-artifact/artifact",
           "vendor/github.com/mendersoftware/mender-artifact/handlers"]  # fmt: skip
CALLS: dict[str, int | None] = {
    "log.Error": None, "log.Errorf": None, "log.Warn": None, "log.Warnf": None,
    "errors.New": None, "errors.Errorf": None, "errors.Wrap": None, "errors.Wrapf": None,
    "fmt.Errorf": None,
}  # fmt: skip


def refresh(repo: Path) -> None:
    """Re-extract every call of CALLS in the client's Go sources at TAG."""
    m.refresh_excerpt(repo, TAG, m.files(repo, TAG, FOLDERS, (".go",)), CALLS, EXCERPT)


def build() -> None:
    """Write the signature file and the table from the stored excerpt."""
    m.build(FAMILY, EXCERPT, REF, f"Mender Go client {TAG} messages (and its mender-artifact)")


def main() -> None:
    c.main(__doc__, build, refresh, "MENDER")


if __name__ == "__main__":
    main()
