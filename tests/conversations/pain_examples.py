"""Writes the examples the learned pains reader (bot/nlu/pain_reader.py) is trained on, from what
residents said when asked what bothers them, in the sets that are read and tuned on, and from the
tuned-on NLU evaluation sets. Never from the unseen set (driver.UNSEEN) or a blind NLU set.

    python3 tests/conversations/pain_examples.py   # rewrites bot/nlu/pain_examples.yml

Run it when a set becomes a tuning set, then retrain nothing: the reader trains when it loads.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.conversations.driver import SETS, UNSEEN, load_residents  # noqa: E402

OUT = ROOT / "bot" / "nlu" / "pain_examples.yml"
# NLU evaluation sets that were tuned on (the blind sets are not, and stay out)
TUNED_MESSAGES = ("messages.yml", "dev_messages.yml", "fresh_messages.yml")
HEADER = """\
# Examples for the learned pains reader (bot/nlu/pain_reader.py): what residents answered to
# "what would you like to change about your work?", with the pains they meant. Written by
# tests/conversations/pain_examples.py from the resident sets that are tuned on and the tuned-on
# NLU evaluation sets; never from the unseen set or a blind set. `written` (by hand) and `writers`
# (answers written for the reader by writers who saw neither the lexicon nor the residents) are
# kept as they are; `residents` is not edited by hand: edit the residents and run the script.
"""


def _answers(value: Any) -> list[str]:
    return [str(v) for v in (value if isinstance(value, list) else [value]) if str(v).strip()]


def examples() -> list[dict[str, Any]]:
    seen: dict[str, list[str]] = {}
    for set_name in SETS:
        if set_name in UNSEEN:
            continue
        for resident in load_residents(set_name):
            expect = resident["expect"]
            pains = expect.get("pains", expect.get("pains_include"))
            if pains is None or "pains" not in resident["answers"]:
                continue
            for text in _answers(resident["answers"]["pains"]):
                seen.setdefault(text.strip(), sorted(pains))
    for name in TUNED_MESSAGES:
        doc = yaml.safe_load((ROOT / "tests" / "heldout" / name).read_text(encoding="utf-8"))
        for message in doc["messages"]:
            if "pains" in (message.get("expected") or {}):
                seen.setdefault(message["text"].strip(), sorted(message["expected"]["pains"]))
    return [{"text": text, "pains": pains} for text, pains in seen.items()]


def kept() -> dict[str, list[dict[str, Any]]]:
    """The parts not made from the residents, kept as they are: `written` (by hand, mostly what is
    fine about the work, so that naming a topic is not read as a complaint about it) and `writers`
    (answers written for the reader by writers who saw neither the bot's vocabulary nor the residents)."""
    doc = yaml.safe_load(OUT.read_text(encoding="utf-8")) if OUT.exists() else {}
    return {key: list(doc.get(key) or []) for key in ("written", "writers")}


def main() -> int:
    found = examples()
    body = yaml.safe_dump({**kept(), "residents": found}, allow_unicode=True, sort_keys=False, width=120)
    OUT.write_text(HEADER + body, encoding="utf-8")
    print(f"{len(found)} examples -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
