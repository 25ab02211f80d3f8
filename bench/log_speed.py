"""Log reading throughput and peak memory on a generated 100 MB log (prints figures; not a test).

The log mixes neutral lines (timestamps, progress, Chinese status text, ANSI colours), a few
real error lines from the signatures' own examples, GBK-encoded lines and one 2 MB line. The
scan runs in a child process so its peak RSS is its own. Last line: {"mb_per_s", "cpu_mb_per_s",
"peak_rss_mb"}: MB per second of elapsed time and of the child's CPU time (steadier on a shared
machine), the scan alone, loading the KB left out.

    python bench/log_speed.py [--mb 100] [--kb DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

NEUTRAL = [
    "2026-11-25 09:30:{s:02d}.{ms:03d} I/UpdateService: download progress {p}% ({b} bytes)",
    "2026-11-25 09:30:{s:02d}.{ms:03d} D/TmsAgent: heartbeat ok, next in 300 s",
    "\x1b[32m[INFO]\x1b[0m 更新任务 {p} 已排队，等待下载",
    "2026-11-25 09:30:{s:02d} kernel: wlan0: RSSI -{p} dBm, tx rate 72 Mbps",
    "<6>[ {s}.{ms:06d}] healthd: battery l={p} v=4012 t=30.1 h=2 st=2 chg=a",
]


def generate(path: str, mb: int, examples: list[str]) -> None:
    rng = random.Random(1)
    target = mb * 1024 * 1024
    written = 0
    with open(path, "wb") as f:
        while written < target:
            lines = []
            for _ in range(2000):
                if rng.random() < 0.002 and examples:
                    text = rng.choice(examples)
                else:
                    text = rng.choice(NEUTRAL).format(
                        s=rng.randrange(60),
                        ms=rng.randrange(1000),
                        p=rng.randrange(100),
                        b=rng.randrange(10**7),
                    )
                enc = "gbk" if rng.random() < 0.05 else "utf-8"
                lines.append(
                    text.encode(enc, errors="replace") + (b"\r\n" if rng.random() < 0.1 else b"\n")
                )
            if written == 0:
                lines.append(b"z" * 2_000_000 + b"\n")
            chunk = b"".join(lines)
            f.write(chunk)
            written += len(chunk)


def child(path: str, kb: str | None) -> None:
    import posdoctor
    from posdoctor.logs.logscan import LogScanner

    scanner = LogScanner(posdoctor.load_knowledge_base(kb))
    size = os.path.getsize(path)
    t0, c0 = time.perf_counter(), time.process_time()
    with open(path, "rb") as f:
        ev = scanner.scan_stream(f, path, max_bytes=None, max_lines=None)  # all of it, for speed
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "mb": size / 2**20,
                "seconds": elapsed,
                "cpu_seconds": cpu,
                "lines": ev.lines,
                "matches": ev.match_count,
                "peak_rss_mb": peak,
            }
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, default=100)
    ap.add_argument("--kb")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.kb)
        return
    import posdoctor

    kb = posdoctor.load_knowledge_base(args.kb)
    examples = [e for s in kb.signatures for e in s.examples]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "big.log")
        generate(path, args.mb, examples)
        cmd = [sys.executable, __file__, "--child", path] + (["--kb", args.kb] if args.kb else [])
        result = json.loads(
            subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines()[-1]
        )
    mbps, cpu_mbps = result["mb"] / result["seconds"], result["mb"] / result["cpu_seconds"]
    print(
        f"{result['mb']:.0f} MB, {result['lines']:,} lines, {result['matches']:,} matched lines "
        f"in {result['seconds']:.1f} s: {mbps:.1f} MB/s ({cpu_mbps:.1f} MB/s of CPU time); "
        f"peak RSS {result['peak_rss_mb']:.0f} MB"
    )
    figures = {"mb_per_s": round(mbps, 2), "cpu_mb_per_s": round(cpu_mbps, 2)}
    print(json.dumps({**figures, "peak_rss_mb": round(result["peak_rss_mb"], 1)}))


if __name__ == "__main__":
    main()
