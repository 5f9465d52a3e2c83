"""What the Rasa server needs set before Rasa starts (called by bot.serve; training and `rasa test`
do not go through it):

- logs without personal data (bot/log_privacy.py);
- the HTTP body limit (Sanic's REQUEST_MAX_SIZE, from bot/channels/limits.py; Sanic reads it from
  SANIC_REQUEST_MAX_SIZE when Rasa makes its app);
- the token of Rasa's HTTP API from the environment (RASA_AUTH_TOKEN), added to the arguments
  inside the process, so it never shows on a command line (`ps`). `--enable-api` without a token
  is refused: Rasa's API reads and rewrites every conversation.
"""

from __future__ import annotations

import os

from bot import log_privacy
from bot.channels import limits

TOKEN_ENV = "RASA_AUTH_TOKEN"  # noqa: S105 - the name of the variable


def prepare(argv: list[str]) -> list[str]:
    log_privacy.install()
    os.environ["SANIC_REQUEST_MAX_SIZE"] = str(limits.rasa_max_body_bytes())
    if "--enable-api" not in argv:
        return argv
    if any(a == "--auth-token" or a.startswith("--auth-token=") for a in argv):
        return argv
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise SystemExit(f"--enable-api needs {TOKEN_ENV} in the environment (scripts/ensure-env makes one)")
    return [*argv, f"--auth-token={token}"]  # "=": a token may start with "-"
