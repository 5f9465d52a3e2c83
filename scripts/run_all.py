"""Start several processes in the foreground with prefixed output; Ctrl-C stops them all.

Usage: python scripts/run_all.py NAME='command' [NAME='command' ...]
Standard library only, so it runs before any virtual environment exists.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

COLOURS = ["\033[36m", "\033[35m", "\033[33m", "\033[32m", "\033[34m"]
RESET = "\033[0m"


def _pump(name: str, colour: str, stream, width: int) -> None:
    prefix = f"{colour}{name:<{width}}{RESET} | " if sys.stdout.isatty() else f"{name:<{width}} | "
    for line in iter(stream.readline, b""):
        sys.stdout.write(prefix + line.decode(errors="replace"))
        sys.stdout.flush()


def main(argv: list[str]) -> int:
    specs = [arg.split("=", 1) for arg in argv if "=" in arg]
    if not specs:
        print(__doc__)
        return 2
    width = max(len(name) for name, _ in specs)
    procs: list[tuple[str, subprocess.Popen]] = []
    for i, (name, cmd) in enumerate(specs):
        proc = subprocess.Popen(
            cmd, shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
        )
        threading.Thread(target=_pump, args=(name, COLOURS[i % len(COLOURS)], proc.stdout, width), daemon=True).start()
        procs.append((name, proc))

    def stop(*_: object) -> None:
        for _, proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.time() + 10
        for _, proc in procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)

    signal.signal(signal.SIGTERM, lambda *a: (stop(), sys.exit(0)))
    # Started in the background by a script, a process inherits SIGINT as ignored; Ctrl-C must
    # still stop everything.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        while True:
            for name, proc in procs:
                code = proc.poll()
                if code is not None:
                    print(f"run_all: '{name}' stopped with exit code {code}; stopping the others.")
                    stop()
                    return code or 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\nrun_all: stopping everything ...")
        stop()
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
