"""Whole conversations through Rasa's REST webhook with the action server and the API in the loop:
latency per turn type and overall, throughput at several numbers of concurrent residents, errors,
and the memory of every process at the end. Not a test: it prints figures.

By default it starts its own stack (tests/stack.py: the API on SQLite, the action server, Rasa
with the trained model, as `make run` does) and stops it afterwards; `--url` measures a stack
that is already running instead (then memory is read from the processes found by name).

Every simulated resident greets, answers the intake in three messages, gets the verdict, books
(consent to store, mode, a time, name, phone, confirmation) and is then erased through the API, so the benchmark
leaves nothing behind. A resident who loses the race for a time picks another one.

    python bench/bot_bench.py [--concurrency 1 4 16 32] [--per-level 2] [--url http://localhost:5005]
Standard library only.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.stack import Stack, http  # noqa: E402

UTM = {"source": "bench", "medium": "script", "campaign": "bench", "content": None, "term": None}
# (turn type, what the resident says). A "{slot}" is replaced by the number of a free time.
SCRIPT: list[tuple[str, str]] = [
    ("greeting", "hoi"),
    ("intake answer", "ik ben 45 en woon in Delft"),
    ("intake answer", "ik werk in de bouw"),
    ("verdict", "mijn werk is lichamelijk zwaar"),
    ("intake answer", "ja graag"),  # a booking: the bot asks for consent to store, now
    ("intake answer", "ja, dat is goed"),
    ("slot offer", "bellen"),
    ("slot choice", "{slot}"),
    ("intake answer", "Jan Jansen"),
    ("intake answer", "0612345678"),
    ("booking", "ja"),
]
TYPES = ["greeting", "intake answer", "verdict", "slot offer", "slot choice", "booking"]
BOOKED = re.compile(r"afspraak staat|appointment is booked", re.I)
TAKEN = re.compile(r"net door iemand anders geboekt|just booked by someone else", re.I)
# After a lost race the bot proposes the next free time in the confirmation (say yes to it), or,
# when none is left that fits, shows new times (pick one).
NEXT_PROPOSED = re.compile(r"eerstvolgende vrije tijd|next free time", re.I)


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latency[kind].append(seconds)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


def say(url: str, sender: str, text: str, timeout: float) -> tuple[float, list[dict[str, Any]]]:
    body = json.dumps({"sender": sender, "message": text, "metadata": {"utm": UTM, "language": "nl"}}).encode()
    request = urllib.request.Request(
        url + "/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    t0 = time.perf_counter()
    with urllib.request.urlopen(request, timeout=timeout) as response:
        replies = json.loads(response.read() or b"[]")
    return time.perf_counter() - t0, replies


def conversation(url: str, index: int, rec: Recorder, timeout: float, senders: list[str]) -> None:
    sender = f"bench-{uuid.uuid4().hex[:12]}"
    with rec.lock:
        senders.append(sender)
    slot = 1 + index % 3  # the bot offers at least three times
    steps = list(SCRIPT)
    retries = 0
    i = 0
    while i < len(steps):
        kind, text = steps[i]
        text = text.format(slot=slot)
        try:
            took, replies = say(url, sender, text, timeout)
        except (OSError, urllib.error.HTTPError) as exc:
            rec.error(f"{kind}: {type(exc).__name__}")
            return
        rec.add(kind, took)
        if not replies:
            rec.error(f"{kind}: no reply")
        words = " ".join(r.get("text") or "" for r in replies)
        if TAKEN.search(words) and retries < 20:
            # another resident took this time first (when choosing or when confirming): the bot
            # offers times again; take another one, then go on where the script was
            retries += 1
            if NEXT_PROPOSED.search(words):
                steps.insert(i + 1, ("booking", "ja"))
            else:
                slot = 1 + (slot % 3)
                steps.insert(i + 1, ("slot choice", "{slot}"))
                if kind == "booking":
                    steps.insert(i + 2, ("booking", "ja"))
        elif kind == "booking" and not BOOKED.search(words):
            rec.error(f"booking: not booked ({words[:80]!r})")
        i += 1


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (workers), in MB."""
    total = 0
    pids = [pid]
    while pids:
        p = pids.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        pids.extend(int(c) for c in children)
    return total / 1024


def pids_by_name() -> dict[str, int]:
    found = {}
    for name, pattern in (("rasa", "rasa run"), ("actions", "rasa_sdk"), ("api", "api.serve")):
        out = subprocess.run(["pgrep", "-o", "-f", pattern], capture_output=True, text=True).stdout.split()
        if out:
            found[name] = int(out[0])
    return found


def pct(values: list[float], p: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def level(url: str, concurrency: int, conversations: int, timeout: float, senders: list[str]) -> tuple[Recorder, float]:
    rec = Recorder()
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for f in [pool.submit(conversation, url, i, rec, timeout, senders) for i in range(conversations)]:
            f.result()
    return rec, time.perf_counter() - t0


def row(label: str, values: list[float]) -> str:
    if not values:
        return f"  {label:<14}{'-':>8}"
    ms = [v * 1000 for v in values]
    return f"  {label:<14}{len(ms):>6}{pct(ms, 50):>9.0f}{pct(ms, 95):>9.0f}{pct(ms, 99):>9.0f}{max(ms):>9.0f}"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", help="a running Rasa server; default: start a stack of our own")
    ap.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16, 32])
    ap.add_argument("--per-level", type=int, default=2, help="conversations per concurrent resident")
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--env", action="append", default=[], help="KEY=VALUE for the stack's processes")
    args = ap.parse_args()

    stack: Stack | None = None
    url = args.url
    if url is None:
        extra = dict(kv.split("=", 1) for kv in args.env)
        # A simulated resident types a whole conversation in about a second, which the burst limit
        # per conversation (made for people, checked in tests/channels) would slow down.
        quiet = {"LOG_LEVEL": "WARNING", "MESSAGE_RATE_LIMIT": "1000"}
        stack = Stack(Path(tempfile.mkdtemp(prefix="leertdoor-bench-")), {**quiet, **extra})
        print("starting the stack (API on SQLite, action server, Rasa; Rasa needs about half a minute) ...", flush=True)
        t0 = time.perf_counter()
        stack.start()
        print(f"stack ready in {time.perf_counter() - t0:.0f} s", flush=True)
        url = stack.rasa_url
    senders: list[str] = []
    try:
        say(url, f"bench-warmup-{uuid.uuid4().hex[:6]}", "hoi", args.timeout)
        print(f"{len(SCRIPT)} turns per conversation (greeting to booking) through {url}/webhooks/rest/webhook")
        for conc in args.concurrency:
            n = max(conc * args.per_level, 4)
            rec, wall = level(url, conc, n, args.timeout, senders)
            everything = [v for values in rec.latency.values() for v in values]
            rate = len(everything) / wall
            print(f"\n{conc} concurrent, {n} conversations: {rate:.1f} turns/s, errors {len(rec.errors)}")
            print(f"  {'turn type':<14}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
            for kind in TYPES:
                print(row(kind, rec.latency.get(kind, [])))
            print(row("overall", everything))
            for err in sorted(set(rec.errors))[:5]:
                print(f"  error: {err} (x{rec.errors.count(err)})")
        pids = {name: p.pid for name, p in stack.procs.items()} if stack else pids_by_name()
        print("\nmemory at the end (RSS, with worker processes):")
        total = 0.0
        for name, pid in pids.items():
            mb = rss_mb(pid)
            total += mb
            print(f"  {name:<8}{mb:>8.0f} MB")
        print(f"  {'total':<8}{total:>8.0f} MB")
    finally:
        erase(stack, senders)
        if stack:
            stack.stop()
    return 0


def erase(stack: Stack | None, senders: list[str]) -> None:
    """Leaves no leads or bookings behind (through the API, not timed)."""
    if stack is None:
        token = os.environ.get("API_SERVICE_TOKEN", "")
        base = os.environ.get("API_URL", "http://localhost:8000")
    else:
        token, base = stack.env["API_SERVICE_TOKEN"], stack.url
    for sender in senders:
        with contextlib.suppress(OSError):
            http("DELETE", f"{base}/api/privacy/conversations/{sender}", headers={"Authorization": f"Bearer {token}"})


if __name__ == "__main__":
    sys.exit(main())
