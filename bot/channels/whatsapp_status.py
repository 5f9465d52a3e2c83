"""Prints whether the WhatsApp channel is on: `python3 bot/channels/whatsapp_status.py`.

Reads the environment, then .env (repo root, or the file given as the first argument) for
anything unset, as bot/run_rasa.sh does. Standard library only. Always exits 0.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from whatsapp_config import WhatsAppConfig  # type: ignore[import-not-found]  # run as a script


def read_env_file(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    if not path.is_file():
        return out
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        out[key.strip()] = value
    return out


def main(argv: list[str]) -> int:
    env_file = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[2] / ".env"
    env = {**read_env_file(env_file), **{k: v for k, v in os.environ.items() if v}}
    print(WhatsAppConfig.from_env(env).status_line())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
