"""Exit 0 when the PostgreSQL server of a URL answers (used by `make test` to decide)."""

from __future__ import annotations

import sys

import psycopg


def main(url: str) -> int:
    dsn = url.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(dsn, connect_timeout=3):
            return 0
    except psycopg.Error:
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
