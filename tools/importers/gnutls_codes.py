"""Import GnuTLS's certificate verification status texts (lib/cert-cred.c,
gnutls_certificate_verification_status_print; the flags of gnutls_certificate_status_t in
gnutls.h.in) and its error codes (GNUTLS_E_* numbers from gnutls.h.in, gnutls_strerror texts from
lib/errors.c), with their zh_CN translations (po/zh_CN.po, non-fuzzy entries only) at GnuTLS
3.7.9, into imported/gnutls.yaml (what mappings/gnutls.yaml maps to facts), imported/tables/
gnutls.json (the error codes) and tables/gnutls_cert_status.json (the status flags).

    python tools/importers/gnutls_codes.py                  # build from the stored excerpts
    python tools/importers/gnutls_codes.py --refresh SRC    # re-extract from gnutls-3.7.9/
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c
import _po

VERSION = "3.7.9"
SOURCE = "gnutls-3-7-9"
HEADER = "gnutls/gnutls.h.in-codes"
STATUS = "gnutls/cert-cred.c-verification_status_print"
ERRORS = "gnutls/errors.c-error_entries"
ZH = "gnutls/zh_CN.po"
_DEFINE = re.compile(r"^#define\s+(GNUTLS_E_\w+)\s+(-?\d+)\b", re.M)
_FLAG = re.compile(r"^\s*(GNUTLS_CERT_\w+) = 1 << (\d+),?", re.M)
_STATUS = re.compile(
    r"if \(status & (GNUTLS_CERT_\w+)\)\s*_gnutls_buffer_append_str\(&str,"
    r"\s*_\s*\(\"((?:[^\"\\]|\\.)*)\"\)\);"
)
_ENTRY = re.compile(r"ERROR_ENTRY\(N_\s*\(((?:\s*\"(?:[^\"\\]|\\.)*\")+)\),\s*(GNUTLS_E_\w+)\)")
_PIECE = re.compile(r"\"((?:[^\"\\]|\\.)*)\"")


def refresh(src: Path) -> None:
    """Re-extract the excerpts from an unpacked gnutls-3.7.9 source tree."""

    def read(path: str) -> str:
        return (src / path).read_text(encoding="utf-8")

    out = c.UPSTREAM / "gnutls"
    out.mkdir(parents=True, exist_ok=True)
    head = read("lib/includes/gnutls/gnutls.h.in")
    lines = [m.group(0).strip() for m in _FLAG.finditer(head)]
    lines += [m.group(0) for m in _DEFINE.finditer(head)]
    (out / "gnutls.h.in-codes").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cred = read("lib/cert-cred.c")
    start = cred.index("gnutls_certificate_verification_status_print(unsigned int status,")
    (out / "cert-cred.c-verification_status_print").write_text(
        cred[start : cred.index("\n}\n", start) + 3], encoding="utf-8"
    )
    errs = read("lib/errors.c")
    start = errs.index("static const gnutls_error_entry error_entries[] = {")
    (out / "errors.c-error_entries").write_text(
        errs[start : errs.index("\n};\n", start) + 4], encoding="utf-8"
    )
    wanted = {e for e, _ in texts()}
    po = read("po/zh_CN.po")
    keep = [
        _po.joined(b)
        for b in re.split(r"\n\s*\n", po)
        if _po.entries(b) and _po.entries(b)[0]["msgid"] in wanted
    ]
    (out / "zh_CN.po").write_text("\n\n".join(keep) + "\n", encoding="utf-8")


def texts() -> list[tuple[str, str]]:
    """(English text, code or flag name) of every status text and error entry."""
    found = [(t, n) for n, t in _STATUS.findall(c.excerpt(STATUS))]
    for pieces, name in _ENTRY.findall(c.excerpt(ERRORS)):
        found.append(("".join(_PIECE.findall(pieces)), name))
    return found


def zh() -> dict[str, str]:
    """English msgid -> its zh_CN msgstr (translated, not fuzzy)."""
    return {e["msgid"]: e["msgstr"] for e in _po.entries(c.excerpt(ZH))}


def tables() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The error codes and the status flags: name, number, text, zh text."""
    numbers = dict(_DEFINE.findall(c.excerpt(HEADER)))
    flags = {n: 1 << int(b) for n, b in _FLAG.findall(c.excerpt(HEADER))}
    said: dict[str, str] = {}
    chinese = zh()
    for en, name in texts():
        said.setdefault(name, en)
    errors = [
        {"name": n, "number": int(v), "en": said.get(n, ""), "zh": chinese.get(said.get(n, ""), "")}
        for n, v in numbers.items()
    ]
    status = [
        {"name": n, "number": v, "en": said.get(n, ""), "zh": chinese.get(said.get(n, ""), "")}
        for n, v in flags.items()
    ]
    return errors, status


def signatures(rows: list[dict[str, Any]], decided: dict[str, Any]) -> list[dict[str, Any]]:
    """For each mapped code or flag: its English text, its zh_CN text and (codes) its name."""
    generic = set(decided.get("text_too_generic") or [])
    out = []
    src = {"ref": SOURCE}
    for row in rows:
        sets = decided["facts"].get(row["name"])
        if not sets:
            continue
        base = "gnutls-imp-" + row["name"].removeprefix("GNUTLS_").lower().replace("_", "-")
        if row["en"] and row["name"] not in generic:
            out.append({"id": base, "pattern": c.literal(row["en"].strip().rstrip(".")),
                        "sets": sets, "examples": [row["en"].strip()], "lang": "en",
                        "source": src})  # fmt: skip
        if row["zh"] and row["name"] not in generic:
            out.append({"id": base + "-zh", "pattern": c.literal(row["zh"].strip().rstrip("。.")),
                        "sets": sets, "examples": [row["zh"].strip()], "lang": "zh",
                        "source": src})  # fmt: skip
        if row["name"].startswith("GNUTLS_E_"):
            out.append(c.code_signature(base + "-name", row["name"], sets, src))
    return out


def build() -> None:
    """Write the signature file and both tables from the stored excerpts."""
    errors, status = tables()
    decided = c.mapping("gnutls")
    sigs = signatures(status, decided) + signatures(errors, decided)
    header = (
        f"GnuTLS {VERSION}: {len(status)} certificate status flags (cert-cred.c) and "
        f"{len(errors)} error codes (gnutls.h.in, errors.c), with po/zh_CN.po;\n"
        f"{len(sigs)} signatures for what tools/importers/mappings/gnutls.yaml maps to facts."
    )
    c.write_signatures("gnutls", header, sigs)
    c.write_table("gnutls", errors, [HEADER, ERRORS, ZH])
    c.write_table("gnutls_cert_status", status, [HEADER, STATUS, ZH])


def main() -> None:
    c.main(__doc__, build, refresh, "SRC")


if __name__ == "__main__":
    main()
