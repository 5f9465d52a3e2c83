"""Accuracy of the trained model on the held-out set (tests/heldout/messages.yml), per slot and
for the intent; optionally the intent/entity F1 from a `rasa test nlu --cross-validation` run.

    python -m bot.nlu_accuracy --model models/intake.tar.gz --heldout tests/heldout/messages.yml
    python -m bot.nlu_accuracy --crossval-report test-artifacts/nlu-crossval
Exits 1 when a slot (or the intent) is below --min.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SLOTS = ["age", "municipality", "work_situation", "pains", "sector", "mode", "language"]


def predicted_slots(entities: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"pains": []}
    for ent in entities:
        if ent["entity"] == "pain":
            if ent["value"] not in out["pains"]:
                out["pains"].append(ent["value"])
        elif ent["entity"] not in out:
            out[ent["entity"]] = ent["value"]
    return out


def matches(slot: str, expected: Any, got: dict[str, Any]) -> bool:
    if slot == "pains":
        return set(expected or []) == set(got.get("pains") or [])
    return bool(got.get(slot) == expected)


async def evaluate(model: str, heldout: Path, min_acc: float, min_intent: float, show: int) -> int:
    from rasa.core.agent import Agent

    try:  # Rasa logs every parse at debug level through structlog
        from rasa.utils.log_utils import configure_structlog

        configure_structlog(logging.WARNING)
    except ImportError:
        pass

    messages = (yaml.safe_load(heldout.read_text(encoding="utf-8")) or {}).get("messages", [])
    agent = Agent.load(model)
    right: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    misses: dict[str, list[str]] = defaultdict(list)
    t0 = time.monotonic()
    for msg in messages:
        parsed = await agent.parse_message(msg["text"])
        got = predicted_slots(parsed.get("entities", []))
        if msg.get("intent"):
            total["intent"] += 1
            intent = parsed["intent"]["name"]
            if intent == msg["intent"]:
                right["intent"] += 1
            else:
                misses["intent"].append(f"{msg['text']!r}: {intent} != {msg['intent']}")
        for slot, expected in (msg.get("expected") or {}).items():
            total[slot] += 1
            if matches(slot, expected, got):
                right[slot] += 1
            else:
                misses[slot].append(f"{msg['text']!r}: got {got.get(slot)!r}, want {expected!r}")
    elapsed = time.monotonic() - t0
    print(f"\nHeld-out set: {len(messages)} messages ({heldout}), {elapsed:.1f} s")
    print(f"{'slot':<16}{'accuracy':>10}{'n':>6}")
    failed = []
    for slot in [*SLOTS, "intent"]:
        if not total[slot]:
            continue
        acc = right[slot] / total[slot]
        floor = min_intent if slot == "intent" else min_acc
        flag = "" if acc >= floor else f"   < {floor:.0%}"
        print(f"{slot:<16}{acc:>10.1%}{total[slot]:>6}{flag}")
        if acc < floor:
            failed.append(slot)
    for slot, lines in misses.items():
        for line in lines[:show]:
            print(f"  miss {slot}: {line}")
    if failed:
        print(f"FAILED: below target: {', '.join(failed)}")
        return 1
    print(f"OK: every slot at or above {min_acc:.0%}, the intent at or above {min_intent:.0%}")
    return 0


def crossval(report_dir: Path) -> int:
    for name, label in (
        ("intent_report.json", "intent"),
        ("DIETClassifier_report.json", "entity (DIET)"),
        ("IntakeEntityExtractor_report.json", "entity (extractor)"),
    ):
        path = report_dir / name
        if not path.exists():
            continue
        rep = json.loads(path.read_text())
        avg = rep.get("weighted avg") or rep.get("micro avg") or {}
        print(
            f"{label:<20} weighted F1 {avg.get('f1-score', float('nan')):.3f}  "
            f"precision {avg.get('precision', float('nan')):.3f}  "
            f"recall {avg.get('recall', float('nan')):.3f}  (n={avg.get('support')})"
        )
    return 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="models/intake.tar.gz")
    ap.add_argument("--heldout", default="tests/heldout/messages.yml")
    ap.add_argument("--min", type=float, default=0.95, help="per slot")
    ap.add_argument("--min-intent", type=float, default=0.93)
    ap.add_argument("--show", type=int, default=5, help="misses to print per slot")
    ap.add_argument("--crossval-report")
    args = ap.parse_args()
    if args.crossval_report:
        return crossval(Path(args.crossval_report))
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    logging.basicConfig(level=logging.WARNING)
    sys.path.insert(0, str(ROOT))
    return asyncio.run(evaluate(args.model, Path(args.heldout), args.min, args.min_intent, args.show))


if __name__ == "__main__":
    sys.exit(main())
