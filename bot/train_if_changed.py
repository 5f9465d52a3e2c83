"""Trains the Rasa model only when its inputs changed.

Inputs: config.yml, domain.yml, everything under data/, and the NLU components (bot/nlu/intake_extractor.py,
spacy_components.py, lemmas.py). Their SHA-256 is
stored next to the model (models/<name>.inputs.sha256); an equal hash and an existing model mean
nothing to do. The lexicon and the vocabulary are no inputs: the extractor reads them at run time.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def input_files() -> list[Path]:
    files = [ROOT / "config.yml", ROOT / "domain.yml"]
    files += sorted(p for p in (ROOT / "data").rglob("*") if p.is_file())
    # the pipeline's code: the extractor and the lemmas DIET's featurizers see (the lexicon and the
    # vocabulary are read by the extractor at run time, so they need no training)
    files += [ROOT / "bot" / "nlu" / name for name in ("intake_extractor.py", "spacy_components.py", "lemmas.py")]
    return [f for f in files if f.exists() and "__pycache__" not in f.parts]


def inputs_hash() -> str:
    h = hashlib.sha256()
    for f in input_files():
        h.update(str(f.relative_to(ROOT)).encode())
        h.update(b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="models")
    ap.add_argument("--name", default="intake")
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args()
    out = ROOT / args.out
    model = out / f"{args.name}.tar.gz"
    stamp = out / f"{args.name}.inputs.sha256"
    digest = inputs_hash()
    if not args.force and model.exists() and stamp.exists() and stamp.read_text().strip() == digest:
        print(f"model {model.relative_to(ROOT)} is up to date")
        return 0
    why = "inputs changed" if model.exists() else "no model yet"
    print(
        f"== training the bot's model {model.relative_to(ROOT)} ({why}): about 1-2 minutes on 2 cores,"
        " longer on a busy machine; Rasa shows each step",
        flush=True,
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    rasa = Path(sys.executable).parent / "rasa"
    t0 = time.monotonic()
    rc = subprocess.call(  # noqa: S603 - a fixed command line, no user input
        [str(rasa), "train", "--config", "config.yml", "--domain", "domain.yml", "--data", "data",
         "--out", str(out), "--fixed-model-name", args.name],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    if rc != 0:
        return rc
    stamp.write_text(digest + "\n")
    print(f"== trained in {time.monotonic() - t0:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
