"""`rasa data validate`, strict: fails on its errors and on every warning except "utterance ...
is not used in any story or rule" for responses that the custom actions send (those are
checked by tests/bot/test_domain.py instead)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    rasa = Path(sys.executable).parent / "rasa"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
    proc = subprocess.run(
        [str(rasa), "data", "validate", "--domain", "domain.yml", "--data", "data"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    out = proc.stdout + proc.stderr
    used_by_actions = "".join(p.read_text() for p in (ROOT / "actions").glob("*.py"))
    problems = []
    for line in out.splitlines():
        if "UserWarning" not in line and "ERROR" not in line:
            continue
        m = re.search(r"The utterance '(\w+)' is not used in any story or rule", line)
        if m and (
            m.group(1) in used_by_actions
            or re.match(r"utter_(invalid|persona|verdict|ask)_", m.group(1))
            or m.group(1) in ("utter_api_down", "utter_offer_human")
        ):
            continue
        problems.append(line.strip())
    for p in problems:
        print(p)
    if proc.returncode != 0 or problems:
        print(f"rasa data validate: {len(problems)} problem(s), exit code {proc.returncode}")
        return 1
    print("rasa data validate: clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())
