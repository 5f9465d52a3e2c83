"""PostgreSQL for tests and benchmarks: is the server there, and a fresh scratch database.

`python -m api.testing.postgres URL` exits 0 when the server answers (`make test` decides by it).
"""

from __future__ import annotations

import sys

import psycopg


def _maintenance_dsn(url: str) -> str:
    """The server's `postgres` database, reached with the same credentials as `url`."""
    return url.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)[0] + "/postgres"


def reachable(url: str) -> bool:
    try:
        with psycopg.connect(_maintenance_dsn(url), connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def recreate_database(url: str) -> None:
    """Drops the database of `url` (closing its connections) and creates it empty."""
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(_maintenance_dsn(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    sys.exit(0 if reachable(sys.argv[1]) else 1)
