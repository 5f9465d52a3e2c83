"""`rasa` with the project's fixes to Rasa's slow paths (bot/speedups.py) applied first.

    python -m bot.serve run --model ... (any `rasa` command line)
bot/run_rasa.sh starts the server this way; training and `rasa test` use plain `rasa`.
bot/rasa_setup.py prepares the server first (logs without personal data, the HTTP body limit,
the API token from RASA_AUTH_TOKEN instead of the command line).
"""

from __future__ import annotations

import sys

from bot import speedups


def main() -> None:
    speedups.apply()
    from bot import rasa_setup

    sys.argv = rasa_setup.prepare(sys.argv)
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
