"""Full-turn latency and throughput of the bot through Rasa's REST webhook (Rasa, the action
server and the API in the loop). Not a test: it prints figures.

Needs the processes running (`make run`, or the API plus bot/run_rasa.sh and
bot/run_actions.sh). Each simulated resident has a whole conversation: greeting, consent,
a multi-answer intake message, a question, declining the booking, thanks and erasure (so the
benchmark leaves no leads behind).

    python bench/bot_bench.py [--url http://localhost:5005] [--conversations 32] [--concurrency 1 16]
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

TURNS = [
    "hoi",
    "ja, dat is goed",
    "ik ben 45, woon in Delft, werk in de bouw en mn rug speelt op",
    "wat kost het?",
    "nee, nu niet",
    "bedankt!",
    "verwijder mijn gegevens",
]
UTM = {"source": "bench", "medium": "script", "campaign": "bench", "content": None, "term": None}


def turn(url: str, sender: str, text: str, timeout: float) -> tuple[float, int]:
    body = json.dumps({"sender": sender, "message": text, "metadata": {"utm": UTM}}).encode()
    req = urllib.request.Request(
        url + "/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    t0 = time.perf_counter()
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        replies = json.loads(resp.read() or b"[]")
    return time.perf_counter() - t0, len(replies)


def conversation(url: str, timeout: float, latencies: list[float], lock: threading.Lock) -> int:
    sender = f"bench-{uuid.uuid4().hex[:12]}"
    empty = 0
    for text in TURNS:
        took, n = turn(url, sender, text, timeout)
        with lock:
            latencies.append(took)
        empty += n == 0
    return empty


def run(url: str, conversations: int, concurrency: int, timeout: float) -> dict:
    latencies: list[float] = []
    lock = threading.Lock()
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures = [pool.submit(conversation, url, timeout, latencies, lock) for _ in range(conversations)]
        empty = sum(f.result() for f in futures)
    wall = time.perf_counter() - t0
    lat = sorted(latencies)
    pct = statistics.quantiles(lat, n=100) if len(lat) > 1 else lat * 99
    return {
        "concurrency": concurrency,
        "conversations": conversations,
        "turns": len(lat),
        "p50_ms": pct[49] * 1000,
        "p95_ms": pct[94] * 1000,
        "max_ms": lat[-1] * 1000,
        "turns_per_s": len(lat) / wall,
        "empty_replies": empty,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://localhost:5005")
    ap.add_argument("--conversations", type=int, default=24)
    ap.add_argument("--concurrency", type=int, nargs="+", default=[1, 16])
    ap.add_argument("--timeout", type=float, default=60.0)
    args = ap.parse_args()
    try:
        turn(args.url, f"bench-warmup-{uuid.uuid4().hex[:6]}", "hoi", args.timeout)
    except OSError as exc:
        print(f"Rasa is not reachable at {args.url} ({exc}); start it with `make run`.")
        return 2
    print(f"{len(TURNS)} turns per conversation, through {args.url}/webhooks/rest/webhook")
    print(f"{'conc':>5}{'convs':>7}{'turns':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'turns/s':>9}")
    for conc in args.concurrency:
        n = max(args.conversations, conc)
        r = run(args.url, n, conc, args.timeout)
        print(
            f"{r['concurrency']:>5}{r['conversations']:>7}{r['turns']:>7}{r['p50_ms']:>9.0f}"
            f"{r['p95_ms']:>9.0f}{r['max_ms']:>9.0f}{r['turns_per_s']:>9.1f}"
            + (f"   ({r['empty_replies']} turns without reply)" if r["empty_replies"] else "")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
