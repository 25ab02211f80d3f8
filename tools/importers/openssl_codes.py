"""Import OpenSSL's certificate verification results (X509_V_*: numbers from
include/openssl/x509_vfy.h.in, texts from crypto/x509/x509_txt.c) and its TLS alerts (numbers from
ssl3.h/tls1.h, texts from ssl/ssl_stat.c SSL_alert_desc_string_long, reason strings "sslv3 alert
..."/"tlsv1 alert ..." from include/openssl/sslerr.h and ssl/ssl_err.c) at OpenSSL 3.0.22 into
imported/openssl.yaml (the codes mappings/openssl_x509.yaml and openssl_alert.yaml map to facts),
imported/tables/openssl_x509.json and tables/openssl_alert.json (all of them).

    python tools/importers/openssl_codes.py                   # build from the stored excerpts
    python tools/importers/openssl_codes.py --refresh SRC     # re-extract from openssl-3.0.22/
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

VERSION = "openssl-3.0.22"
SOURCE = "openssl-3-0-22"
X509_FILES = ["openssl/x509_vfy.h.in-X509_V", "openssl/x509_txt.c-X509_verify_cert_error_string"]
ALERT_FILES = [
    "openssl/ssl3.h-tls1.h-AD",
    "openssl/ssl_stat.c-SSL_alert_desc_string_long",
    "openssl/sslerr.h-ssl_err.c-alert-reasons",
]
PRINTED = "openssl/printed-lines.c"
_DEFINE = re.compile(r"^#\s*define\s+(X509_V_(?:OK|ERR_\w+))\s+(\d+)", re.M)
_CASE = re.compile(r"((?:\s*case \w+:)+)\s*return \"((?:[^\"\\]|\\.)*)\";")
_AD = re.compile(r"^#\s*define\s+((?:SSL3|TLS1|TLS13)_AD_\w+)\s+(\d+)", re.M)
_REASON = re.compile(r"^#\s*define\s+(SSL_R_\w+)\s+(1\d{3})\b", re.M)
_PACK = re.compile(r"ERR_PACK\(ERR_LIB_SSL, 0, (SSL_R_\w+)\),\s*\"((?:[^\"\\]|\\.)*)\"")


def refresh(src: Path) -> None:
    """Re-extract the excerpts from an unpacked openssl-3.0.22 source tree."""

    def read(path: str) -> str:
        return (src / path).read_text(encoding="utf-8")

    def function(path: str, head: str) -> str:
        text = read(path)
        start = text.index(head)
        return text[start : text.index("\n}\n", start) + 3]

    out = c.UPSTREAM / "openssl"
    out.mkdir(parents=True, exist_ok=True)
    vfy = [m.group(0) for m in _DEFINE.finditer(read("include/openssl/x509_vfy.h.in"))]
    (out / "x509_vfy.h.in-X509_V").write_text("\n".join(vfy) + "\n", encoding="utf-8")
    txt = function("crypto/x509/x509_txt.c", "const char *X509_verify_cert_error_string")
    (out / "x509_txt.c-X509_verify_cert_error_string").write_text(txt, encoding="utf-8")
    heads = read("include/openssl/ssl3.h") + read("include/openssl/tls1.h")
    ads = [m.group(0) for m in _AD.finditer(heads)]
    (out / "ssl3.h-tls1.h-AD").write_text("\n".join(ads) + "\n", encoding="utf-8")
    stat = function("ssl/ssl_stat.c", "const char *SSL_alert_desc_string_long")
    (out / "ssl_stat.c-SSL_alert_desc_string_long").write_text(stat, encoding="utf-8")
    reasons = {m.group(1): m.group(0) for m in _REASON.finditer(read("include/openssl/sslerr.h"))}
    packs = [m.group(0) for m in _PACK.finditer(read("ssl/ssl_err.c")) if m.group(1) in reasons]
    text = "\n".join(reasons.values()) + "\n" + "\n".join(packs) + "\n"
    (out / "sslerr.h-ssl_err.c-alert-reasons").write_text(text, encoding="utf-8")
    printed = [
        line.strip()
        for path in ("apps/lib/s_cb.c", "ssl/record/rec_layer_s3.c")
        for line in read(path).splitlines()
        if '"verify error:num=%d:%s\\n"' in line or '"SSL alert number %d"' in line
    ]
    (out / "printed-lines.c").write_text("\n".join(printed) + "\n", encoding="utf-8")


def switch_texts(text: str) -> dict[str, str]:
    """case NAME: ... return "text"; of a C switch, every case label to its text."""
    out = {}
    for labels, said in _CASE.findall(text):
        for name in re.findall(r"case (\w+):", labels):
            out[name] = said.replace('\\"', '"')
    return out


def x509_table() -> list[dict[str, Any]]:
    """Every X509_V_ result: name, number, text."""
    texts = switch_texts(c.excerpt(X509_FILES[1]))
    numbers = _DEFINE.findall(c.excerpt(X509_FILES[0]))
    return [{"name": n, "number": int(v), "en": texts.get(n, "")} for n, v in numbers]


def alert_table() -> list[dict[str, Any]]:
    """Every TLS alert: name, number, SSL_alert_desc_string_long text, reason string."""
    texts = switch_texts(c.excerpt(ALERT_FILES[1]))
    body = c.excerpt(ALERT_FILES[2])
    said = {k: v for k, v in _PACK.findall(body)}
    reasons = {int(n) - 1000: said.get(k, "") for k, n in _REASON.findall(body)}
    rows = []
    for name, number in _AD.findall(c.excerpt(ALERT_FILES[0])):
        alert = int(number)
        rows.append({"name": name, "number": alert, "en": texts.get(name, ""),
                     "reason": reasons.get(alert, "")})  # fmt: skip
    return rows


def x509_signatures(rows: list[dict[str, Any]], decided: dict[str, Any]) -> list[dict[str, Any]]:
    """For each mapped result: its text and its name, with or without the X509_V_ERR_ prefix
    (Node.js reports them without it: CERT_HAS_EXPIRED). s_client's 'verify error:num=N:'
    prefix gets no signature of its own: the text follows it on the same line, and every
    signature costs the uncached cold start its YAML."""
    generic = set(decided.get("text_too_generic") or [])
    out = []
    src = {"ref": SOURCE}
    for row in rows:
        sets = decided["facts"].get(row["name"])
        if not sets:
            continue
        short = row["name"].removeprefix("X509_V_ERR_")
        base = "openssl-imp-" + short.lower().replace("_", "-")
        if row["en"] and row["name"] not in generic:
            out.append({"id": base, "pattern": c.literal(row["en"]), "sets": sets,
                        "examples": [row["en"]], "lang": "en", "source": src})  # fmt: skip
        out.append({"id": base + "-name", "pattern": c.word("(?:X509_V_ERR_)?" + short),
                    "sets": sets, "examples": [row["name"]], "source": src})  # fmt: skip
    return out


def alert_signatures(rows: list[dict[str, Any]], decided: dict[str, Any]) -> list[dict[str, Any]]:
    """For each mapped alert: its reason string and 'SSL alert number N'."""
    out = []
    src = {"ref": SOURCE}
    for row in rows:
        sets = decided["facts"].get(row["name"])
        if not sets:
            continue
        base = "openssl-imp-alert-" + row["name"].split("_AD_", 1)[1].lower().replace("_", "-")
        if row["reason"]:
            out.append({"id": base, "pattern": c.literal(row["reason"]), "sets": sets,
                        "examples": [row["reason"]], "lang": "en", "source": src})  # fmt: skip
        number = f"SSL alert number {row['number']}"
        out.append({"id": base + "-number", "pattern": c.literal(number) + c.AFTER,
                    "sets": sets, "examples": [number], "source": src})  # fmt: skip
    return out


def build() -> None:
    """Write the signature file and both tables from the stored excerpts."""
    x509, alerts = x509_table(), alert_table()
    sigs = x509_signatures(x509, c.mapping("openssl_x509"))
    sigs += alert_signatures(alerts, c.mapping("openssl_alert"))
    header = (
        f"OpenSSL {VERSION}: {len(x509)} X509_V_ verification results (x509_vfy.h.in, x509_txt.c)"
        f" and {len(alerts)} TLS alerts\n(ssl3.h, tls1.h, ssl_stat.c, sslerr.h, ssl_err.c); "
        f"{len(sigs)} signatures for the codes tools/importers/mappings/openssl_x509.yaml and\n"
        "openssl_alert.yaml map to facts."
    )
    c.write_signatures("openssl", header, sigs)
    c.write_table("openssl_x509", x509, X509_FILES + [PRINTED])
    c.write_table("openssl_alert", alerts, ALERT_FILES + [PRINTED])


def main() -> None:
    c.main(__doc__, build, refresh, "SRC")


if __name__ == "__main__":
    main()
