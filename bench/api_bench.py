"""API benchmark on PostgreSQL: slot-query and booking latency (p50/p95) and throughput with 1 and
16 concurrent clients, and the race for one slot. Prints figures; asserts nothing.

    make bench            (uses a scratch database `leertdoor_bench`, dropped and recreated)
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from api.testing.postgres import recreate_database
from tests.stack import ApiServer

SERVICE_TOKEN = secrets.token_urlsafe(24)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def run(label: str, calls: list, clients: int) -> list[int]:
    """Runs the calls on `clients` threads; prints p50/p95 latency and throughput."""
    latencies: list[float] = []
    codes: list[int] = []
    lock = threading.Lock()
    local = threading.local()

    def one(call) -> None:
        if not hasattr(local, "client"):
            local.client = httpx.Client(timeout=60)
        started = time.perf_counter()
        code = call(local.client)
        elapsed = time.perf_counter() - started
        with lock:
            latencies.append(elapsed * 1000)
            codes.append(code)

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, calls))
    wall = time.perf_counter() - started
    print(
        f"{label:<34} clients={clients:<3} n={len(calls):<4} "
        f"p50={statistics.median(latencies):7.1f} ms  p95={percentile(latencies, 95):7.1f} ms  "
        f"throughput={len(calls) / wall:7.1f}/s  statuses={dict(Counter(codes))}"
    )
    return codes


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/leertdoor_bench")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    recreate_database(args.database_url)
    api = ApiServer(
        Path(tempfile.mkdtemp(prefix="leertdoor-bench-")),
        {"DATABASE_URL": args.database_url, "API_SERVICE_TOKEN": SERVICE_TOKEN, "LOG_LEVEL": "WARNING"},
    )
    base = api.url
    auth = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
    try:
        api.start()
        print(f"API benchmark on PostgreSQL ({args.database_url.rsplit('@', 1)[-1]}), one uvicorn worker")
        n = args.requests
        for clients in (1, 16):
            run(
                "GET /api/slots?mode=phone&limit=10",
                [lambda c: c.get(f"{base}/api/slots", params={"mode": "phone", "limit": 10}).status_code] * n,
                clients,
            )

        slots = httpx.get(f"{base}/api/slots", params={"mode": "phone", "limit": 500}, timeout=60).json()["items"]
        with httpx.Client(timeout=60) as c:
            for i in range(len(slots) + 60):
                c.put(
                    f"{base}/api/leads/by-conversation/bench-{i}",
                    json={"consent_at": "2026-01-01T00:00:00+00:00"},
                    headers=auth,
                )

        def booking(i: int, slot: dict, mode: str = "phone"):
            body = {
                "conversation_id": f"bench-{i}",
                "adviser_id": slot["adviser_id"],
                "start": slot["start"],
                "mode": mode,
                "contact": {"name": "Bench"},
            }
            return lambda c: c.post(f"{base}/api/bookings", json=body, headers=auth).status_code

        # a third each for 1 and 16 clients; the rest stays free for the race
        k = len(slots) // 3
        run("POST /api/bookings (free slots)", [booking(i, s) for i, s in enumerate(slots[:k])], 1)
        run("POST /api/bookings (free slots)", [booking(k + i, s) for i, s in enumerate(slots[k : 2 * k])], 16)

        fresh = httpx.get(f"{base}/api/slots", params={"mode": "video", "limit": 1}, timeout=60).json()["items"][0]
        racers = [booking(len(slots) + i, fresh, "video") for i in range(50)]
        codes = run("race: 50 clients, one slot", racers, 50)
        booked, refused = codes.count(201), codes.count(409)
        print(f"race result: {booked} booked, {refused} refused with 409, {len(codes) - booked - refused} other")
    finally:
        api.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
