"""`rasa` with the project's fixes to Rasa's slow paths (bot/speedups.py) applied first.

    python -m bot.serve run --model ... (any `rasa` command line)
bot/run_rasa.sh starts the server this way; training and `rasa test` use plain `rasa`.
"""

from __future__ import annotations

import sys

from bot import speedups


def main() -> None:
    speedups.apply()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
